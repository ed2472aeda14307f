import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { FLAGS } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventPatterns } from '../../lambdas/catalog/routes.ts';
import { COLLECTOR_PERMISSIONS } from '../../lambdas/evidence/index.ts';
import { BackupDoctorStack, DEFAULT_AUDIT_SCHEDULE, DIAGNOSER_MAX_CONCURRENCY } from '../../lib/index.ts';
import { AUDITED_SOURCES, changePattern } from '../../lambdas/audit/triggers.ts';
import { AUDIT_PERMISSIONS } from '../../lambdas/evidence/permissions.ts';

/** The diagnoser's writes, all on backup-doctor's own resources. */
const DIAGNOSER_OWN_ACTIONS = [
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'sns:Publish',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'sqs:ReceiveMessage',
  'sqs:ChangeMessageVisibility',
  'sqs:GetQueueUrl',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
  // Parks the records its parser rejects.
  'sqs:SendMessage',
];

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

let template: Template;
const outdirs: string[] = [];
/** A synthesis directory of its own, removed after the file's tests. */
function outdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'backup-doctor-cdk-'));
  outdirs.push(dir);
  return dir;
}
afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const CDK_JSON_CONTEXT = (
  JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> }
).context;
let resources: Resources;

const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
/** The rules of the routes table (they deliver to the intake queue), apart from the audit's own rules. */
const ROUTE_RULE = /^DoctorRouting/;
const routeRules = (t: Template): Record<string, { Properties: Record<string, unknown> }> =>
  Object.fromEntries(Object.entries(t.findResources('AWS::Events::Rule', { Properties: { EventPattern: Match.anyValue() } })).filter(([id]) => ROUTE_RULE.test(id))) as Record<string, { Properties: Record<string, unknown> }>;
const refOf = (value: unknown): string => JSON.stringify(value);

/** Every action the policies attached to a role allow. */
function roleActions(roleLogicalIdPrefix: string): string[] {
  const roleId = Object.keys(resources).find((id) => id.startsWith(roleLogicalIdPrefix) && resources[id]?.Type === 'AWS::IAM::Role');
  const policies = Object.values(resources).filter(
    (r) => r.Type === 'AWS::IAM::Policy' && refOf(r.Properties['Roles']).includes(`"${roleId}"`),
  );
  return policies.flatMap((p) => ((p.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement).flatMap(actionsOf));
}

beforeAll(() => {
  // One synthesis for the whole file: it bundles both handlers with the local esbuild and runs cdk-nag.
  // The feature flags of cdk.json change what is synthesised (e.g. SNS's grant on an encrypted queue's key).
  const app = new App({ outdir: outdir(), context: CDK_JSON_CONTEXT });
  const stack = new BackupDoctorStack(app, 'Test', {
    env: { account: '111122223333', region: 'ap-northeast-1' },
    doctor: {
      notifyEmail: 'ops@example.com',
      slackWebhookSecretName: 'backup-doctor/slack-webhook',
      chatbotSlackChannelId: 'C0123456789',
      chatbotSlackWorkspaceId: 'T0123456789',
      lang: 'ja',
    },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  // Synthesis throws "Validation failed" when any cdk-nag finding is left unacknowledged.
  const assembly = app.synth();
  template = Template.fromJSON(assembly.getStackByName(stack.stackName).template as Record<string, unknown>);
  resources = template.toJSON()['Resources'] as Resources;
});

describe('BackupDoctor stack', () => {
  it('synthesises with no unacknowledged cdk-nag finding', () => {
    expect(template).toBeDefined();
  });

  it('routes denied agent calls on rules that accept read-only management events, and grants no decoding', () => {
    const rules = Object.values(routeRules(template));
    const denied = rules.filter((r) => JSON.stringify(r.Properties['EventPattern'] ?? null).includes('AWS API Call via CloudTrail'));
    const granted = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((p) => (p.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement.flatMap(actionsOf));

    expect(denied.map((r) => r.Properties['State'])).toEqual(['ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS']);
    expect(granted).not.toContain('sts:DecodeAuthorizationMessage');
  });

  it('has no dependency cycle between its resources (CloudFormation rejects one)', () => {
    const resources = template.toJSON()['Resources'] as Record<string, Record<string, unknown>>;
    const edges = new Map<string, Set<string>>();
    const refs = (value: unknown, out: Set<string>): void => {
      if (Array.isArray(value)) value.forEach((v) => refs(v, out));
      else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
          if (k === 'Ref' && typeof v === 'string' && v in resources) out.add(v);
          else if (k === 'Fn::GetAtt' && Array.isArray(v) && typeof v[0] === 'string' && v[0] in resources) out.add(v[0]);
          else refs(v, out);
        }
      }
    };
    for (const [id, r] of Object.entries(resources)) {
      const out = new Set<string>();
      refs(r['Properties'], out);
      for (const d of ([] as string[]).concat((r['DependsOn'] as string[] | string | undefined) ?? [])) out.add(d);
      edges.set(id, out);
    }
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (id: string, path: string[]): void => {
      if (state.get(id) === 'done') return;
      if (state.get(id) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(id)), id].join(' -> '));
        return;
      }
      state.set(id, 'visiting');
      for (const next of edges.get(id) ?? []) visit(next, [...path, id]);
      state.set(id, 'done');
    };
    for (const id of edges.keys()) visit(id, []);
    expect(cycles).toEqual([]);
  });

  it('deploys one rule per route, with the routes table patterns', () => {
    const rules = routeRules(template);
    const patterns = Object.values(rules).map((r) => (r as { Properties: { EventPattern: unknown } }).Properties.EventPattern);

    expect(patterns).toEqual(eventPatterns().map((p) => p.pattern));
  });

  it('denies intake deliveries from any EventBridge rule but the routes', () => {
    const ruleIds = Object.keys(routeRules(template));
    const intakePolicy = Object.values(template.findResources('AWS::SQS::QueuePolicy')).find(
      (p) => refOf(p['Properties']['Queues']) === refOf([{ Ref: Object.keys(template.findResources('AWS::SQS::Queue')).find((id) => /^DoctorIntakeQueue[0-9A-F]+$/.test(id)) }]),
    );
    const statements = (intakePolicy?.['Properties']['PolicyDocument'] as { Statement: Record<string, unknown>[] }).Statement;

    const deny = statements.find((s) => s['Effect'] === 'Deny' && refOf(s['Principal']).includes('events.amazonaws.com'));

    expect(deny).toMatchObject({
      Action: 'sqs:SendMessage',
      Condition: { ArnNotEquals: { 'aws:SourceArn': ruleIds.map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] })) } },
    });
  });

  it('bounds the diagnoser concurrency on its intake queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DoctorIntakeQueue[0-9A-F]+$'), 'Arn'] },
      ScalingConfig: { MaximumConcurrency: DIAGNOSER_MAX_CONCURRENCY },
    });
  });

  it('gives every rule target a dead-letter queue and an explicit retry policy', () => {
    const rules = Object.values(routeRules(template)) as { Properties: { Targets: Record<string, unknown>[] } }[];

    const targets = rules.flatMap((r) => r.Properties.Targets);

    expect(targets).toHaveLength(eventPatterns().length);
    for (const target of targets) {
      expect(target['DeadLetterConfig']).toEqual({ Arn: { 'Fn::GetAtt': [expect.stringMatching(/TargetDlq/), 'Arn'] } });
      expect(target['RetryPolicy']).toEqual({ MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 });
    }
  });

  it('encrypts every queue with the CMK and denies non-TLS access', () => {
    const queues = Object.entries(template.findResources('AWS::SQS::Queue'));
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy')).map((p) => JSON.stringify(p));

    expect(queues).toHaveLength(8);
    for (const [id, queue] of queues) {
      expect(queue['Properties']['KmsMasterKeyId']).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^DoctorKey/), 'Arn'] });
      expect(policies.some((p) => p.includes(`"${id}"`) && p.includes('"aws:SecureTransport":"false"'))).toBe(true);
    }
  });

  it('sets the intake visibility timeout to six times the diagnoser timeout and redrives to a DLQ', () => {
    const fn = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { TOPIC_ARN: Match.anyValue() } } } }))[0];
    const timeout = (fn?.['Properties'] as { Timeout: number }).Timeout;

    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: timeout * 6,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
    });
  });

  it('encrypts the topic with the rotated CMK and the table with the CMK, TTL and PITR', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DoctorTopicKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('grants the diagnoser exactly the collectors permissions and its own writes', () => {
    const actions = new Set(roleActions('DoctorDiagnoserRole'));

    expect([...actions].sort()).toEqual([...new Set([...COLLECTOR_PERMISSIONS, ...DIAGNOSER_OWN_ACTIONS])].sort());
  });

  it('allows the diagnoser no write action on the account beyond its own resources', () => {
    const readOnly = /^[a-z0-9-]+:(Get|Describe|List|Simulate|Lookup|BatchGet)/;

    const writes = roleActions('DoctorDiagnoserRole').filter((a) => !readOnly.test(a));

    expect([...new Set(writes)].sort()).toEqual([...new Set(DIAGNOSER_OWN_ACTIONS.filter((a) => !readOnly.test(a)))].sort());
    expect(COLLECTOR_PERMISSIONS.filter((a) => !readOnly.test(a))).toEqual([]);
  });

  it('scopes every diagnoser write to a backup-doctor resource', () => {
    const policy = Object.values(resources).find(
      (r) => r.Type === 'AWS::IAM::Policy' && refOf(r.Properties['Roles']).includes('DoctorDiagnoserRole'),
    );
    const statements = (policy?.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement;

    const wildcardWrites = statements.filter((s) => s.Resource === '*' && actionsOf(s).some((a) => DIAGNOSER_OWN_ACTIONS.includes(a)));

    expect(wildcardWrites).toEqual([]);
  });

  it('grants the Slack notifier read access to its webhook secret alone', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^DoctorNotificationsSlackNotifierRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
            Resource: {
              'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':secret:backup-doctor/slack-webhook-\\?\\?\\?\\?\\?\\?$')])],
            },
          },
        ]),
      },
    });
    const notifier = Object.values(template.findResources('AWS::Lambda::Function')).map((f) => JSON.stringify(f));
    expect(notifier.some((f) => f.includes('"SLACK_WEBHOOK_SECRET_ID":"backup-doctor/slack-webhook"'))).toBe(true);
    expect(notifier.some((f) => f.includes('hooks.slack.com'))).toBe(false);
  });

  it('alarms on the errors of each function and on the age of the oldest intake message', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a['Properties'] as Record<string, unknown>);
    const functionIds = Object.keys(template.findResources('AWS::Lambda::Function'));
    const intakeId = Object.keys(template.findResources('AWS::SQS::Queue')).find((id) => /IntakeQueue(?!Dlq)/.test(id) && !/Dlq/.test(id));

    expect(functionIds.length).toBeGreaterThanOrEqual(2);
    for (const id of functionIds) {
      expect(alarms.some((a) => a['MetricName'] === 'Errors' && refOf(a['Dimensions']).includes(`"${id}"`)), id).toBe(true);
    }
    const age = alarms.find((a) => a['MetricName'] === 'ApproximateAgeOfOldestMessage');
    expect(refOf(age?.['Dimensions'])).toContain(`"${intakeId}"`);
    expect(age).toMatchObject({ Threshold: 900, ComparisonOperator: 'GreaterThanThreshold' });
    for (const alarm of alarms) expect((alarm['AlarmActions'] as unknown[]).length, JSON.stringify(alarm['MetricName'])).toBeGreaterThan(0);
  });

  it('parks rejected records in an encrypted queue, counts them and alarms on them', () => {
    const parkingId = Object.keys(template.findResources('AWS::SQS::Queue')).find((id) => id.startsWith('DoctorParking'));
    const fn = Object.values(template.findResources('AWS::Lambda::Function')).find((f) =>
      JSON.stringify(f).includes('IDEMPOTENCY_TABLE') && JSON.stringify(f).includes('TOPIC_ARN'),
    );

    expect(parkingId).toBeDefined();
    expect(refOf(fn?.['Properties'])).toContain(`"${parkingId}"`);
    expect(JSON.stringify(fn?.['Properties'])).toContain('PARKING_QUEUE_URL');
    expect(JSON.stringify(fn?.['Properties'])).toContain('ACCOUNT_ID');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'BackupDoctor',
      MetricName: 'RejectedRecords',
      Dimensions: [{ Name: 'Service', Value: 'backup-doctor-diagnoser' }],
      Threshold: 0,
    });
  });

  it('limits EventBridge on the intake key to this account and to the routes rules', () => {
    const keys = Object.values(template.findResources('AWS::KMS::Key')).map((k) => k['Properties'] as { KeyPolicy: { Statement: Record<string, unknown>[] } });
    const ruleNames = Object.values(routeRules(template)).map((r) => r['Properties']['Name'] as string);
    const statements = keys.flatMap((k) => k.KeyPolicy.Statement).filter((s) => refOf(s['Principal']).includes('events.amazonaws.com'));
    const denies = statements.filter((s) => s['Effect'] === 'Deny');

    expect(ruleNames.length).toBeGreaterThan(0);
    expect(refOf(denies)).toContain('"StringNotEqualsIfExists":{"aws:SourceAccount":"111122223333"}');
    const arns = refOf(denies.find((s) => refOf(s['Condition']).includes('ArnNotEqualsIfExists')));
    for (const name of ruleNames) expect(arns).toContain(`rule/${name}`);
  });

  it('alarms on every dead-letter queue', () => {
    const dlqIds = Object.entries(template.findResources('AWS::SQS::Queue'))
      .filter(([id]) => /Dlq/.test(id))
      .map(([id]) => id);
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (a) => a['Properties'] as { MetricName: string; Threshold: number; ComparisonOperator: string; Dimensions: { Value: unknown }[] },
    );

    expect(dlqIds).toHaveLength(5);
    for (const id of dlqIds) {
      const alarm = alarms.find((a) => refOf(a.Dimensions).includes(`"${id}"`));
      expect(alarm).toMatchObject({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    }
  });

  it('subscribes email, the Slack queue (raw, filtered) and Chatbot, each email/SQS one with a DLQ', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue() },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sqs',
      RawMessageDelivery: true,
      FilterPolicy: { 'backup-doctor-type': ['diagnosis'] },
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue() },
    });
    template.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      SlackChannelId: 'C0123456789',
      SlackWorkspaceId: 'T0123456789',
      SnsTopicArns: [{ Ref: Match.stringLikeRegexp('^DoctorNotificationsTopic') }],
      GuardrailPolicies: [{ Ref: Match.stringLikeRegexp('ChatbotGuardrail') }],
    });
  });

  it('runs every function on Node.js 22 arm64 with JSON logs, source maps and partial batch responses', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function')).map((f) => f['Properties'] as Record<string, unknown>);

    // The diagnoser, the reconciler, the audit and the Slack notifier.
    expect(functions).toHaveLength(4);
    for (const fn of functions) {
      expect(fn).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        LoggingConfig: { LogFormat: 'JSON' },
        Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps' } },
      });
    }
    template.allResourcesProperties('AWS::Lambda::EventSourceMapping', { FunctionResponseTypes: ['ReportBatchItemFailures'] });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ REPORT_LANG: 'ja' }) } });
  });
});

describe('grouping and reconciliation', () => {
  it('runs the reconciler every 15 minutes, one at a time, and gives the diagnoser the 60-minute window', () => {
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(15 minutes)' });
    template.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 1,
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'backup-doctor-reconciler', GROUP_WINDOW_MINUTES: '60' }) },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'backup-doctor-diagnoser', GROUP_WINDOW_MINUTES: '60' }) },
    });
  });

  it('lets the reconciler list jobs, read the account and publish as the diagnoser does, and write nothing else', () => {
    const readOnly = /^[a-z0-9-]+:(Get|Describe|List|Simulate|Lookup|BatchGet)/;
    const actions = new Set(roleActions('DoctorReconcilerRole'));

    for (const a of ['backup:ListBackupJobs', 'backup:ListCopyJobs', 'backup:ListRestoreJobs', ...COLLECTOR_PERMISSIONS]) expect(actions.has(a), a).toBe(true);
    expect([...actions].filter((a) => !readOnly.test(a)).sort()).toEqual(
      ['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'logs:CreateLogStream', 'logs:PutLogEvents', 'sns:Publish'],
    );
  });
});

describe('the scheduled audit', () => {
  const auditRules = () =>
    Object.entries(template.findResources('AWS::Events::Rule')).filter(([id]) => id.startsWith('DoctorAudit')).map(([, r]) => r['Properties'] as Record<string, unknown>);

  it('runs daily and after each audited CloudTrail change, one rule per source from the one list of calls', () => {
    const rules = auditRules();
    const fnId = Object.keys(template.findResources('AWS::Lambda::Function')).find((id) => id.startsWith('DoctorAuditFunction'));

    expect(rules.filter((r) => r['ScheduleExpression'] === DEFAULT_AUDIT_SCHEDULE)).toHaveLength(1);
    expect(rules.filter((r) => r['EventPattern'] !== undefined).map((r) => r['EventPattern'])).toEqual(AUDITED_SOURCES.map(changePattern));
    for (const rule of rules) {
      expect(rule['State']).toBe('ENABLED');
      expect(refOf(rule['Targets'])).toContain(`"${fnId}"`);
    }
  });

  it('runs one audit at a time for up to 15 minutes, with the debounce and the language it was given', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 900,
      ReservedConcurrentExecutions: 1,
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'backup-doctor-audit', AUDIT_DEBOUNCE_SECONDS: '60', REPORT_LANG: 'ja' }) },
    });
  });

  it('lets the audit read exactly what it audits and publish, and write nothing else', () => {
    const readOnly = /^[a-z0-9-]+:(Get|Describe|List|Simulate|Lookup|BatchGet)/;
    const actions = [...new Set(roleActions('DoctorAuditRole'))].sort();
    const own = ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'logs:CreateLogStream', 'logs:PutLogEvents', 'sns:Publish'];

    expect(actions).toEqual([...new Set([...AUDIT_PERMISSIONS, ...own])].sort());
    expect(AUDIT_PERMISSIONS.filter((a) => !readOnly.test(a))).toEqual([]);
    expect(actions.filter((a) => !readOnly.test(a))).toEqual(own.filter((a) => !readOnly.test(a)));
  });

  it('takes its schedule from context, and is left out when both the schedule and the change rules are off', () => {
    const synth = (context: Record<string, unknown>) => {
      const app = new App({ outdir: outdir(), context: { 'aws:cdk:bundling-stacks': [], ...context } });
      const stack = new BackupDoctorStack(app, 'Ctx', { env: { account: '111122223333', region: 'us-east-1' } });
      return Template.fromJSON(app.synth().getStackByName(stack.stackName).template as Record<string, unknown>);
    };

    const cron = synth({ auditSchedule: 'cron(0 3 * * ? *)', auditOnChanges: 'off' });
    const off = synth({ auditSchedule: 'off', auditOnChanges: 'off' });

    cron.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(0 3 * * ? *)' });
    expect(Object.keys(cron.findResources('AWS::Events::Rule')).filter((id) => id.startsWith('DoctorAuditChanges'))).toEqual([]);
    expect(Object.keys(off.findResources('AWS::Lambda::Function')).filter((id) => id.startsWith('DoctorAudit'))).toEqual([]);
    expect(() => synth({ auditSchedule: 'daily' })).toThrow(/auditSchedule must be an EventBridge schedule expression/);
  });
});

describe('cdk.json', () => {
  it('names only feature flags that aws-cdk-lib knows (a misspelt flag is silently ignored)', () => {
    const unknown = Object.keys(CDK_JSON_CONTEXT).filter((key) => !(key in FLAGS));

    expect(unknown).toEqual([]);
  });
});

describe('BackupDoctor with no optional props', () => {
  let minimal: Template;

  beforeAll(() => {
    // Bundling is skipped here: the full stack above already bundles both handlers.
    const app = new App({
      outdir: outdir(),
      context: { 'aws:cdk:bundling-stacks': [] },
    });
    const stack = new BackupDoctorStack(app, 'Minimal', { env: { account: '111122223333', region: 'us-east-1' } });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const assembly = app.synth();
    minimal = Template.fromJSON(assembly.getStackByName(stack.stackName).template as Record<string, unknown>);
  });

  it('deploys the diagnoser, the reconciler and the audit alone, in English, with alarms on its two DLQs, its errors, rejections and intake age', () => {
    minimal.resourceCountIs('AWS::Lambda::Function', 3);
    minimal.resourceCountIs('AWS::SNS::Subscription', 0);
    minimal.resourceCountIs('AWS::Chatbot::SlackChannelConfiguration', 0);
    minimal.resourceCountIs('AWS::CloudWatch::Alarm', 7);
    minimal.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ REPORT_LANG: 'en' }) } });
  });
});

describe('the DecodeAuthorizationMessage opt-in', () => {
  /** Synthesises a minimal stack (no bundling) with the given context and cdk-nag on. */
  function synth(context: Record<string, unknown>): Template {
    const app = new App({ outdir: outdir(), context: { 'aws:cdk:bundling-stacks': [], ...context } });
    const stack = new BackupDoctorStack(app, 'Decode', { env: { account: '111122223333', region: 'us-east-1' } });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    return Template.fromJSON(app.synth().getStackByName(stack.stackName).template as Record<string, unknown>);
  }
  const diagnoserActions = (t: Template): string[] =>
    Object.values(t.findResources('AWS::IAM::Policy'))
      .filter((p) => refOf(p['Properties']['Roles']).includes('DoctorDiagnoserRole'))
      .flatMap((p) => (p['Properties']['PolicyDocument'] as { Statement: Statement[] }).Statement.flatMap(actionsOf));
  const diagnoserVariables = (t: Template): Record<string, unknown> =>
    (Object.values(t.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'backup-doctor-diagnoser' } } } }))[0]?.[
      'Properties'
    ]['Environment'] as { Variables: Record<string, unknown> }).Variables;

  it('grants sts:DecodeAuthorizationMessage to the diagnoser alone, and tells it so, when the context key is "true"', () => {
    const on = synth({ decodeAuthorizationMessages: 'true' });

    expect(diagnoserActions(on)).toContain('sts:DecodeAuthorizationMessage');
    expect(diagnoserVariables(on)['DECODE_AUTHORIZATION_MESSAGES']).toBe('true');
    const others = Object.values(on.findResources('AWS::IAM::Policy'))
      .filter((p) => !refOf(p['Properties']['Roles']).includes('DoctorDiagnoserRole'))
      .flatMap((p) => (p['Properties']['PolicyDocument'] as { Statement: Statement[] }).Statement.flatMap(actionsOf));
    expect(others).not.toContain('sts:DecodeAuthorizationMessage');
  });

  it('grants no decoding and sets no variable without the key, or with "false"', () => {
    for (const context of [{}, { decodeAuthorizationMessages: 'false' }]) {
      const off = synth(context);

      expect(diagnoserActions(off)).not.toContain('sts:DecodeAuthorizationMessage');
      expect(diagnoserActions(off)).toContain('cloudtrail:LookupEvents');
      expect(diagnoserVariables(off)['DECODE_AUTHORIZATION_MESSAGES']).toBeUndefined();
    }
  });

  it('stops on a value that is neither true nor false', () => {
    expect(() => synth({ decodeAuthorizationMessages: 'yes' })).toThrow(/decodeAuthorizationMessages must be true or false/);
  });
});
