/**
 * BackupDoctor: the whole responder as one construct. EventBridge rules (from the routes table) → SQS intake →
 * diagnoser Lambda → SNS topic → email, Slack and AWS Chatbot. Usable in any CDK app:
 * `new BackupDoctor(this, 'Doctor', { notifyEmail: 'ops@example.com' })`.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Lang } from '../lambdas/model/types.ts';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { Diagnoser, DIAGNOSER_TIMEOUT, type MemberAccessProps } from './diagnoser.ts';
import { IdempotencyTable } from './idempotency-table.ts';
import { Intake } from './intake.ts';
import { DoctorKey } from './key.ts';
import { Notifications } from './notifications.ts';
import { DEFAULT_RECONCILE_EVERY_MINUTES, Reconciler } from './reconciler.ts';
import { DEFAULT_AUDIT_DEBOUNCE_SECONDS, DEFAULT_AUDIT_SCHEDULE, ScheduledAudit } from './audit.ts';
import { Routing } from './routing.ts';
import { agentEnvironment } from '../lambdas/pipeline/agent-config.ts';
import { ROUTES, agentDeniedRoutes, eventPatterns } from '../lambdas/catalog/routes.ts';
import { mergeProfiles, type AgentProfile } from '../profiles/agent-profiles.ts';
import { checkProps } from './validate.ts';
import { HealthAlarms } from './alarms.ts';
import { Parking } from './parking.ts';
import { limitEventBridgeOnKey } from './key-guard.ts';
import { Webhook, type WebhookOptions } from './webhook.ts';

/** Properties of BackupDoctor. Every one is optional: with none, diagnoses go to the topic alone. */
export interface BackupDoctorProps {
  /** An address subscribed to the topic (it must confirm the subscription). */
  readonly notifyEmail?: string;
  /** The name of a Secrets Manager secret holding a Slack incoming-webhook URL. */
  readonly slackWebhookSecretName?: string;
  /** AWS Chatbot: the Slack channel id (both ids are needed). */
  readonly chatbotSlackChannelId?: string;
  /** AWS Chatbot: the Slack workspace id, authorised once in the Chatbot console. */
  readonly chatbotSlackWorkspaceId?: string;
  /** The notifications' language; English by default. */
  readonly lang?: Lang;
  /** Later failures of one root cause within this many minutes are summarised (context `groupWindowMinutes`, 60). */
  readonly groupWindowMinutes?: number;
  /** The reconciler runs every this many minutes (context `reconcileEveryMinutes`, 15). */
  readonly reconcileEveryMinutes?: number;
  /** User agent permission profiles, added to the built-in ones (validated; see schema/agent-profile.schema.json). */
  readonly agentProfiles?: readonly AgentProfile[];
  /** Role ARN or name → "profile@version, ...": binds roles that carry no `backup-doctor:profile` tag. */
  readonly profileBindings?: Readonly<Record<string, string>>;
  /** Further buses routed like the default bus (an organization's central bus). */
  readonly eventBuses?: readonly IEventBus[];
  /** Organization deployments: read each member account through its inspection role. */
  readonly memberAccess?: MemberAccessProps;
  /** The signed webhook for Kubernetes backups in Azure and Alibaba Cloud; none unless given. */
  readonly webhook?: WebhookOptions;
  /**
   * Lets the diagnoser call sts:DecodeAuthorizationMessage, so that a diagnosis shows what an encoded authorization
   * message says instead of the command that decodes it (context `decodeAuthorizationMessages=true`). Off by default.
   */
  readonly decodeAuthorizationMessages?: boolean;
  /**
   * When the audit runs: an EventBridge schedule expression, or `off` for none (context `auditSchedule`,
   * `rate(1 day)`).
   */
  readonly auditSchedule?: string;
  /** Whether CloudTrail records of changes to plans, vault locks, keys and roles start an audit (context `auditOnChanges`, on). */
  readonly auditOnChanges?: boolean;
  /** After a change, how long the audit waits for the edits that follow, in seconds (context `auditDebounceSeconds`, 60). */
  readonly auditDebounceSeconds?: number;
}

/** The deployed responder. */
export class BackupDoctor extends Construct {
  readonly key: DoctorKey;
  readonly topicKey: DoctorKey;
  readonly intake: Intake;
  readonly routing: Routing;
  readonly idempotency: IdempotencyTable;
  readonly notifications: Notifications;
  readonly diagnoser: Diagnoser;
  readonly reconciler: Reconciler;
  /** The scheduled audit; none when both its schedule and its change rules are switched off. */
  readonly audit?: ScheduledAudit;
  readonly alarms: readonly Alarm[];
  readonly webhook?: Webhook;

  /** A boolean setting: the property when given, else the context key (true or "true"); off by default. */
  private flag(key: string, value: boolean | undefined): boolean {
    if (value !== undefined) return value;
    const context: unknown = this.node.tryGetContext(key);
    if (context === undefined || context === false || context === 'false') return false;
    if (context === true || context === 'true') return true;
    throw new Error(`${key} must be true or false, got ${JSON.stringify(context)}`);
  }

  constructor(scope: Construct, id: string, props: BackupDoctorProps = {}) {
    super(scope, id);
    checkProps(this, props);
    const account = Stack.of(this).account;
    this.key = new DoctorKey(this, 'Key', 'backup-doctor: encrypts its queues and idempotency table');
    // The topic has a key of its own: SNS's grant on the queues' key names the topic, and a topic encrypted with
    // that same key would make the key and the topic depend on each other (a CloudFormation cycle).
    this.topicKey = new DoctorKey(this, 'TopicKey', 'backup-doctor: encrypts its notification topic');
    // CloudWatch needs the topic's key to notify alarms on the topic.
    this.topicKey.allowService('cloudwatch.amazonaws.com', account);

    this.intake = new Intake(this, 'Intake', { key: this.key.key, consumerTimeout: DIAGNOSER_TIMEOUT });
    // Denied calls are routed for the actions of the built-in and the user's agent profiles.
    const routes = [...ROUTES.filter((r) => r.kind !== 'access-denied'), ...agentDeniedRoutes(mergeProfiles(props.agentProfiles ?? []))];
    this.routing = new Routing(this, 'Routing', {
      queue: this.intake.queue, deadLetterQueue: this.intake.targetDlq, patterns: eventPatterns(routes),
      ...(props.eventBuses ? { eventBuses: props.eventBuses } : {}),
    });
    limitEventBridgeOnKey(this.key.key, account, this.routing.ruleArns);
    this.idempotency = new IdempotencyTable(this, 'Idempotency', { key: this.key.key });
    this.notifications = new Notifications(this, 'Notifications', {
      key: this.key.key,
      topicKey: this.topicKey.key,
      table: this.idempotency.table,
      ...props,
    });
    // What every function that publishes shares: the topic, the table, their keys and the language.
    const publishing = {
      topic: this.notifications.topic,
      table: this.idempotency.table,
      key: this.key.key,
      topicKey: this.topicKey.key,
      lang: props.lang ?? 'en',
    } as const;
    const environment = agentEnvironment(props.agentProfiles ?? [], props.profileBindings);
    this.diagnoser = new Diagnoser(this, 'Diagnoser', {
      queue: this.intake.queue,
      ...publishing,
      environment,
      decodeAuthorizationMessages: this.flag('decodeAuthorizationMessages', props.decodeAuthorizationMessages),
      ...(props.memberAccess ? { memberAccess: props.memberAccess } : {}),
    });

    const minutes = (key: 'groupWindowMinutes' | 'reconcileEveryMinutes', fallback: number): number => {
      const value = Number(props[key] ?? this.node.tryGetContext(key) ?? fallback);
      if (!Number.isInteger(value) || value < 1) throw new Error(`${key} must be a whole number of minutes >= 1, got ${value}`);
      return value;
    };
    const groupWindowMinutes = minutes('groupWindowMinutes', 60);
    this.diagnoser.fn.addEnvironment('GROUP_WINDOW_MINUTES', String(groupWindowMinutes));
    this.reconciler = new Reconciler(this, 'Reconciler', {
      ...publishing,
      everyMinutes: minutes('reconcileEveryMinutes', DEFAULT_RECONCILE_EVERY_MINUTES),
      groupWindowMinutes,
    });

    const audit = this.auditSettings(props);
    if (audit.schedule !== undefined || audit.onChanges) {
      this.audit = new ScheduledAudit(this, 'Audit', {
        ...publishing,
        environment,
        ...audit,
      });
    }

    if (props.webhook) this.webhook = new Webhook(this, 'Webhook', { ...props.webhook, queue: this.intake.queue, key: this.key.key });

    const dlqs: [string, Queue][] = [
      ['IntakeDlq', this.intake.dlq],
      ['TargetDlq', this.intake.targetDlq],
      ...this.notifications.deadLetterQueues.map((q): [string, Queue] => [q.node.id, q]),
    ];
    const parking = new Parking(this, 'Parking', { key: this.key.key, diagnoser: this.diagnoser.fn });
    this.diagnoser.fn.addEnvironment('ACCOUNT_ID', account);
    const functions = {
      diagnoser: this.diagnoser.fn,
      reconciler: this.reconciler.fn,
      ...(this.audit ? { audit: this.audit.fn } : {}),
      ...(this.webhook ? { webhook: this.webhook.fn } : {}),
      ...(this.notifications.slackNotifier ? { slackNotifier: this.notifications.slackNotifier } : {}),
    };
    const health = new HealthAlarms(this, 'Health', { functions, intake: this.intake.queue });
    this.alarms = [...dlqs.map(([name, queue]) => this.dlqAlarm(name, queue)), parking.alarm, ...health.alarms];
    for (const alarm of [parking.alarm, ...health.alarms]) alarm.addAlarmAction(new SnsAction(this.notifications.topic));
    // The topic policy that enforces TLS replaces SNS's default one: let this account's alarms publish.
    this.notifications.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowAlarmsOfThisAccount',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.notifications.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );
  }

  /** The audit's schedule, change rules and debounce, from the props, else the context, else the defaults. */
  private auditSettings(props: BackupDoctorProps): { schedule?: string; onChanges: boolean; debounceSeconds: number } {
    const schedule = String(props.auditSchedule ?? this.node.tryGetContext('auditSchedule') ?? DEFAULT_AUDIT_SCHEDULE).trim();
    if (schedule !== 'off' && !/^(rate|cron)\(.+\)$/.test(schedule)) {
      throw new Error(`auditSchedule must be an EventBridge schedule expression, rate(...) or cron(...), or "off"; got "${schedule}"`);
    }
    const onChanges = props.auditOnChanges ?? String(this.node.tryGetContext('auditOnChanges') ?? 'on') !== 'off';
    const debounceSeconds = Number(props.auditDebounceSeconds ?? this.node.tryGetContext('auditDebounceSeconds') ?? DEFAULT_AUDIT_DEBOUNCE_SECONDS);
    if (!Number.isInteger(debounceSeconds) || debounceSeconds < 0 || debounceSeconds > 300) {
      throw new Error(`auditDebounceSeconds must be a whole number of seconds from 0 to 300, got ${debounceSeconds}`);
    }
    return { ...(schedule !== 'off' ? { schedule } : {}), onChanges, debounceSeconds };
  }

  /** An alarm on any message in a dead-letter queue, notified on the topic (email and Chatbot, not Slack). */
  private dlqAlarm(name: string, queue: Queue): Alarm {
    const alarm = new Alarm(this, `${name}Alarm`, {
      alarmDescription: `backup-doctor: messages are waiting in the dead-letter queue ${name}`,
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.notifications.topic));
    return alarm;
  }
}
