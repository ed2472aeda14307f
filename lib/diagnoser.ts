/**
 * The diagnoser Lambda and its role. The role is read-only on the account: exactly the collectors' declared
 * actions, plus writes to backup-doctor's own resources (its queue, topic, table and key) and its log group.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Lang } from '../lambdas/model/types.ts';
import { COLLECTOR_PERMISSIONS, DECODE_AUTHORIZATION_READS } from '../lambdas/evidence/permissions.ts';
import { acknowledgeRuntime, handlerFunction } from './bundling.ts';
import { functionRole, grantPublishing } from './function-role.ts';

/** The environment that switches the diagnoser to reading member accounts (see lambdas/organization/config.ts). */
function memberEnvironment(scope: Construct, access: MemberAccessProps): Record<string, string> {
  const stack = Stack.of(scope);
  return {
    MEMBER_ROLE_NAME: access.roleName,
    MEMBER_ROLE_EXTERNAL_ID: access.externalId,
    MEMBER_ROLE_PARTITION: stack.partition,
    MEMBER_STACK_SET_NAME: access.stackSetName,
    CENTRAL_ACCOUNT_ID: stack.account,
  };
}

/** The diagnoser's timeout: well above a diagnosis' p99, which IAM throttling can stretch. */
export const DIAGNOSER_TIMEOUT = Duration.minutes(2);

/**
 * The most diagnoser invocations the intake queue drives at once. IAM's request quotas are account-wide and
 * cannot be raised, and the evidence cache lives in each execution environment: an unbounded burst of failures
 * would throttle IAM for the whole account and read the same role once per environment.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html
 */
export const DIAGNOSER_MAX_CONCURRENCY = 5;

/** Properties of the diagnoser. */
export interface DiagnoserProps {
  readonly queue: IQueue;
  readonly topic: ITopic;
  readonly table: ITable;
  readonly key: IKey;
  /** The topic's key: publishing to an encrypted topic needs a data key from it. */
  readonly topicKey: IKey;
  readonly lang: Lang;
  /** Extra environment: the deployment's agent profiles and role bindings. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Organization deployments: read member accounts through their inspection role. */
  readonly memberAccess?: MemberAccessProps;
  /** Grants sts:DecodeAuthorizationMessage, so that diagnoses show what an encoded authorization message says. */
  readonly decodeAuthorizationMessages?: boolean;
}

/** How the diagnoser reads the member accounts of an organization. */
export interface MemberAccessProps {
  /** The inspection role's name in every member account. */
  readonly roleName: string;
  /** The sts:ExternalId the inspection role requires. */
  readonly externalId: string;
  /** The StackSet that deploys the member template: named in the diagnosis of an account without the role. */
  readonly stackSetName: string;
}

/** The diagnoser function, its role and its log group. */
export class Diagnoser extends Construct {
  readonly fn: LambdaFunction;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: DiagnoserProps) {
    super(scope, id);
    const { logGroup, role } = functionRole(this, 'backup-doctor diagnoser: reads the account, writes only to backup-doctor resources');
    this.role = role;
    // Read-only evidence collection; the ARNs to read (any role, key, vault or plan) come from the events.
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ sid: 'CollectEvidence', actions: [...COLLECTOR_PERMISSIONS], resources: ['*'] }),
    );
    // Publishes each diagnosis to its topic, once (idempotency records), with the project's own keys.
    grantPublishing(this.role, props);

    this.fn = handlerFunction(this, 'Function', 'diagnose.ts', {
      timeout: DIAGNOSER_TIMEOUT,
      description: 'backup-doctor: diagnoses failed AWS Backup jobs and ECS EBS attachments',
      role: this.role,
      logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        TOPIC_ARN: props.topic.topicArn,
        IDEMPOTENCY_TABLE: props.table.tableName,
        REPORT_LANG: props.lang,
        POWERTOOLS_SERVICE_NAME: 'backup-doctor-diagnoser',
        ...props.environment,
        ...(props.memberAccess ? memberEnvironment(this, props.memberAccess) : {}),
      },
    });
    if (props.decodeAuthorizationMessages) {
      // Opt-in: decodes the encoded authorization message of a denied call. The action has no resource-level
      // permissions; the decoded message can name the account's policies, so it is granted only when asked for.
      this.role.addToPrincipalPolicy(
        new PolicyStatement({ sid: 'DecodeAuthorizationMessages', actions: [...DECODE_AUTHORIZATION_READS], resources: ['*'] }),
      );
      this.fn.addEnvironment('DECODE_AUTHORIZATION_MESSAGES', 'true');
    }
    if (props.memberAccess) {
      // Assumes the inspection role of the member accounts (by name: which accounts is the role's trust policy's
      // decision, and it trusts this role alone, with the external id, from inside the organization).
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: 'AssumeMemberInspectionRole',
          actions: ['sts:AssumeRole'],
          resources: [`arn:${Stack.of(this).partition}:iam::*:role/${props.memberAccess.roleName}`],
        }),
      );
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/${props.memberAccess.roleName}]`,
        reason:
          'The inspection role has one name in every member account; each role trusts this diagnoser role alone, ' +
          'with an external id and the organization id, so the account wildcard reaches no other role.',
      });
    }
    // Consumes its intake queue; failed records come back one by one. The poller's own concurrency cap (not
    // reserved concurrency) holds messages in the queue instead of throttling them into the dead-letter queue.
    this.fn.addEventSource(
      new SqsEventSource(props.queue, {
        batchSize: 5,
        maxBatchingWindow: Duration.seconds(5),
        maxConcurrency: DIAGNOSER_MAX_CONCURRENCY,
        reportBatchItemFailures: true,
      }),
    );

    acknowledgeRuntime(this.fn);
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'The collectors read whichever role, key, vault, plan, job or task a failure names, in any account region; ' +
        'the actions are read-only (Get/Describe/List/Simulate/Lookup) and are exactly the collectors declared permissions; ' +
        'cloudtrail:LookupEvents and sts:DecodeAuthorizationMessage (opt-in) support no resource-level permissions.',
    });
  }
}
