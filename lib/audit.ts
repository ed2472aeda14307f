/**
 * The scheduled audit: a function that audits the account daily (by default) and after every CloudTrail record of
 * a change to what the audit checks, and publishes only what changed. Its role reads the account (the audit's
 * actions, lambdas/evidence/permissions.ts) and writes only to backup-doctor's own table and topic.
 *
 * The change rules receive events only when a CloudTrail trail logs management events in the account and region;
 * IAM, a global service, sends its events to us-east-1 alone.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AUDITED_SOURCES, changePattern } from '../lambdas/audit/triggers.ts';
import { AUDIT_PERMISSIONS } from '../lambdas/evidence/permissions.ts';
import type { Lang } from '../lambdas/model/types.ts';
import { acknowledgeRuntime, handlerFunction } from './bundling.ts';
import { functionRole, grantPublishing } from './function-role.ts';

/** The audit's timeout: Lambda's longest, for accounts with thousands of roles read at IAM's pace. */
export const AUDIT_TIMEOUT = Duration.minutes(15);
/** The default schedule (the `auditSchedule` context key). */
export const DEFAULT_AUDIT_SCHEDULE = 'rate(1 day)';
/** After a change, the audit waits this long for the edits that follow (the `auditDebounceSeconds` context key). */
export const DEFAULT_AUDIT_DEBOUNCE_SECONDS = 60;

/** Properties of the scheduled audit. */
export interface ScheduledAuditProps {
  readonly topic: ITopic;
  readonly table: ITable;
  readonly key: IKey;
  readonly topicKey: IKey;
  readonly lang: Lang;
  /** An EventBridge schedule expression (`rate(…)` or `cron(…)`), or undefined for no schedule. */
  readonly schedule?: string;
  /** Whether CloudTrail records of audited changes start an audit. */
  readonly onChanges: boolean;
  readonly debounceSeconds: number;
  /** The agent profiles and bindings, as the diagnoser gets them. */
  readonly environment?: Readonly<Record<string, string>>;
}

/** The scheduled audit function and its rules. */
export class ScheduledAudit extends Construct {
  readonly fn: LambdaFunction;
  readonly role: Role;
  readonly rules: readonly Rule[];

  constructor(scope: Construct, id: string, props: ScheduledAuditProps) {
    super(scope, id);
    const { logGroup, role } = functionRole(this, 'backup-doctor audit: lists and reads the account, writes only to backup-doctor resources');
    this.role = role;
    this.role.addToPrincipalPolicy(new PolicyStatement({ sid: 'ReadWhatTheAuditChecks', actions: [...AUDIT_PERMISSIONS], resources: ['*'] }));
    grantPublishing(this.role, props);
    this.fn = handlerFunction(this, 'Function', 'audit.ts', {
      timeout: AUDIT_TIMEOUT,
      description: 'backup-doctor: audits backup plans, vaults, keys and roles, and notifies new and resolved findings',
      role: this.role,
      logGroup,
      // One audit at a time: the finding set is one record, and IAM's read rate is shared with the whole account.
      // Triggers that arrive meanwhile wait in Lambda's event queue and find themselves covered by this audit.
      reservedConcurrentExecutions: 1,
      retryAttempts: 2,
      environment: {
        ...props.environment,
        TOPIC_ARN: props.topic.topicArn,
        IDEMPOTENCY_TABLE: props.table.tableName,
        REPORT_LANG: props.lang,
        AUDIT_DEBOUNCE_SECONDS: String(props.debounceSeconds),
        POWERTOOLS_SERVICE_NAME: 'backup-doctor-audit',
      },
    });
    const target = new LambdaTarget(this.fn, { retryAttempts: 2, maxEventAge: Duration.hours(6) });
    const rules: Rule[] = [];
    if (props.schedule !== undefined) {
      rules.push(new Rule(this, 'Schedule', { description: 'backup-doctor: runs the audit', schedule: Schedule.expression(props.schedule), targets: [target] }));
    }
    if (props.onChanges) {
      for (const source of AUDITED_SOURCES) {
        const name = source.replace(/^aws\./, '');
        rules.push(
          new Rule(this, `Changes-${name}`, {
            description: `backup-doctor: audits again after a change recorded by CloudTrail (${source})`,
            eventPattern: changePattern(source),
            targets: [target],
          }),
        );
      }
    }
    this.rules = rules;
    acknowledgeRuntime(this.fn);
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'The audit lists every backup plan, selection, vault and role of the account (the List APIs take no resource) ' +
        'and reads whichever plan, role and key they name; every action is read-only.',
    });
  }
}
