/**
 * What every backup-doctor function's role starts with: its own log group, written to and nothing else; and, for
 * the functions that publish diagnoses, the topic, the idempotency table and the project's own keys.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';

/** A function's log group (kept three months) and its role, allowed to write to that log group alone. */
export function functionRole(scope: Construct, description: string): { logGroup: LogGroup; role: Role } {
  const logGroup = new LogGroup(scope, 'Logs', { retention: RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
  const role = new Role(scope, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description });
  role.addToPrincipalPolicy(
    new PolicyStatement({ sid: 'WriteLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
  );
  return { logGroup, role };
}

/** What publishing a diagnosis needs. */
export interface PublishingTargets {
  readonly topic: ITopic;
  /** The idempotency table, which also holds the grouping records. */
  readonly table: ITable;
  /** The key of the queues and the table. */
  readonly key: IKey;
  /** The topic's key: publishing to an encrypted topic needs a data key from it. */
  readonly topicKey: IKey;
}

/** Lets a role publish diagnoses: the topic, the idempotency and grouping records, and the project's own keys. */
export function grantPublishing(role: Role, to: PublishingTargets): void {
  role.addToPrincipalPolicy(new PolicyStatement({ sid: 'PublishDiagnosis', actions: ['sns:Publish'], resources: [to.topic.topicArn] }));
  // Idempotency and grouping records: claim, complete, release.
  role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'IdempotencyRecords',
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      resources: [to.table.tableArn],
    }),
  );
  // The CMKs behind the queue and the table (decrypt, encrypt) and the topic (data keys).
  role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'UseOwnKey',
      actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
      resources: [to.key.keyArn, to.topicKey.keyArn],
    }),
  );
}
