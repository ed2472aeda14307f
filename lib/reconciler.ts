/**
 * The reconciler: a scheduled function that sweeps AWS Backup for failed jobs whose events never arrived (AWS
 * Backup events are best effort) and closes the grouping windows that have ended. Its role reads the account like
 * the diagnoser's, lists jobs, and writes only to backup-doctor's own table and topic.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { Lang } from '../lambdas/model/types.ts';
import { COLLECTOR_PERMISSIONS } from '../lambdas/evidence/permissions.ts';
import { acknowledgeRuntime, handlerFunction } from './bundling.ts';
import { functionRole, grantPublishing } from './function-role.ts';

/** The reconciler's timeout: a sweep that runs out of time resumes on the next run. */
export const RECONCILER_TIMEOUT = Duration.minutes(5);
/** How often the reconciler runs by default, in minutes (the `reconcileEveryMinutes` context key). */
export const DEFAULT_RECONCILE_EVERY_MINUTES = 15;

/** Properties of the reconciler. */
export interface ReconcilerProps {
  readonly topic: ITopic;
  readonly table: ITable;
  readonly key: IKey;
  readonly topicKey: IKey;
  readonly lang: Lang;
  readonly everyMinutes: number;
  readonly groupWindowMinutes: number;
}

/** The scheduled reconciler. */
export class Reconciler extends Construct {
  readonly fn: LambdaFunction;
  readonly role: Role;
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: ReconcilerProps) {
    super(scope, id);
    const { logGroup, role } = functionRole(this, 'backup-doctor reconciler: lists and reads the account, writes only to backup-doctor resources');
    this.role = role;
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ListJobsAndCollectEvidence',
        actions: [...new Set(['backup:ListBackupJobs', 'backup:ListCopyJobs', 'backup:ListRestoreJobs', ...COLLECTOR_PERMISSIONS])],
        resources: ['*'],
      }),
    );
    grantPublishing(this.role, props);
    this.fn = handlerFunction(this, 'Function', 'reconcile.ts', {
      timeout: RECONCILER_TIMEOUT,
      description: 'backup-doctor: sweeps AWS Backup for failed jobs no event brought, and closes grouping windows',
      role: this.role,
      logGroup,
      // One sweep at a time: the cursor is one record, and two sweeps would list the same pages.
      reservedConcurrentExecutions: 1,
      environment: {
        TOPIC_ARN: props.topic.topicArn,
        IDEMPOTENCY_TABLE: props.table.tableName,
        REPORT_LANG: props.lang,
        GROUP_WINDOW_MINUTES: String(props.groupWindowMinutes),
        POWERTOOLS_SERVICE_NAME: 'backup-doctor-reconciler',
      },
    });
    this.rule = new Rule(this, 'Schedule', {
      description: 'backup-doctor: runs the reconciler',
      schedule: Schedule.rate(Duration.minutes(props.everyMinutes)),
      targets: [new LambdaTarget(this.fn, { retryAttempts: 2 })],
    });
    acknowledgeRuntime(this.fn);
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'The reconciler lists the account jobs (the List APIs take no resource) and reads whichever role, key, vault ' +
        'or plan a missed failure names, like the diagnoser; every action is read-only.',
    });
  }
}
