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
import type { Lang } from '../lambdas/core/types.ts';
import { Diagnoser, DIAGNOSER_TIMEOUT } from './diagnoser.ts';
import { IdempotencyTable } from './idempotency-table.ts';
import { Intake } from './intake.ts';
import { DoctorKey } from './key.ts';
import { Notifications } from './notifications.ts';
import { Routing } from './routing.ts';
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
  /** The signed webhook for Kubernetes backups in Azure and Alibaba Cloud; none unless given. */
  readonly webhook?: WebhookOptions;
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
  readonly alarms: readonly Alarm[];
  readonly webhook?: Webhook;

  constructor(scope: Construct, id: string, props: BackupDoctorProps = {}) {
    super(scope, id);
    const account = Stack.of(this).account;
    this.key = new DoctorKey(this, 'Key', 'backup-doctor: encrypts its queues and idempotency table');
    // The topic has a key of its own: SNS's grant on the queues' key names the topic, and a topic encrypted with
    // that same key would make the key and the topic depend on each other (a CloudFormation cycle).
    this.topicKey = new DoctorKey(this, 'TopicKey', 'backup-doctor: encrypts its notification topic');
    // CloudWatch needs the topic's key to notify alarms on the topic.
    this.topicKey.allowService('cloudwatch.amazonaws.com', account);

    this.intake = new Intake(this, 'Intake', { key: this.key.key, consumerTimeout: DIAGNOSER_TIMEOUT });
    this.routing = new Routing(this, 'Routing', { queue: this.intake.queue, deadLetterQueue: this.intake.targetDlq });
    this.idempotency = new IdempotencyTable(this, 'Idempotency', { key: this.key.key });
    this.notifications = new Notifications(this, 'Notifications', {
      key: this.key.key,
      topicKey: this.topicKey.key,
      table: this.idempotency.table,
      ...props,
    });
    this.diagnoser = new Diagnoser(this, 'Diagnoser', {
      queue: this.intake.queue,
      topic: this.notifications.topic,
      table: this.idempotency.table,
      key: this.key.key,
      topicKey: this.topicKey.key,
      lang: props.lang ?? 'en',
    });

    if (props.webhook) this.webhook = new Webhook(this, 'Webhook', { ...props.webhook, queue: this.intake.queue, key: this.key.key });

    const dlqs: [string, Queue][] = [
      ['IntakeDlq', this.intake.dlq],
      ['TargetDlq', this.intake.targetDlq],
      ...this.notifications.deadLetterQueues.map((q): [string, Queue] => [q.node.id, q]),
    ];
    this.alarms = dlqs.map(([name, queue]) => this.dlqAlarm(name, queue));
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
