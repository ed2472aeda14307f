/**
 * The signed webhook: a Lambda Function URL that receives Azure Monitor alerts, Kubernetes events and generic
 * JSON from outside AWS, verifies them and puts them on the intake queue.
 *
 * The URL's auth type is NONE because the senders (Azure action groups, kubernetes-event-exporter, kube-eventer)
 * cannot sign requests with SigV4; authentication happens in the function instead: a Standard Webhooks HMAC
 * signature (or, where enabled, the weaker query-string token), checked before anything is read or queued.
 * Reserved concurrency caps how many copies can run, so a flood of requests cannot run up cost or starve the
 * account's other functions; excess requests are throttled by Lambda (HTTP 429) before any code runs.
 */
import { CfnOutput, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { type Function as LambdaFunction, type FunctionUrl, FunctionUrlAuthType, InvokeMode } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { WEBHOOK_ENV } from '../lambdas/webhook/config.ts';
import { acknowledgeRuntime, handlerFunction } from './bundling.ts';
import { IdempotencyTable } from './idempotency-table.ts';

/** The webhook's default reserved concurrency: plenty for alerts, a hard ceiling for a flood. */
export const WEBHOOK_RESERVED_CONCURRENCY = 5;

/** How the webhook authenticates and how far it scales. */
export interface WebhookOptions {
  /**
   * The name of a Secrets Manager secret holding `{"hmacSecrets": ["whsec_..."], "queryTokens": ["..."]}`.
   * Two HMAC secrets may be active at once while one is rotated.
   */
  readonly secretName: string;
  /** Standard Webhooks HMAC signatures; on by default. */
  readonly hmac?: boolean;
  /** The secret token in the query string, for Azure action groups; off by default (the weaker option). */
  readonly queryToken?: boolean;
  readonly reservedConcurrency?: number;
}

/** Properties of the webhook construct. */
export interface WebhookProps extends WebhookOptions {
  readonly queue: IQueue;
  /** The CMK of the intake queue (and of the replay table). */
  readonly key: IKey;
}

/** The webhook function, its URL, its replay table and its secret. */
export class Webhook extends Construct {
  readonly fn: LambdaFunction;
  readonly url: FunctionUrl;
  readonly role: Role;
  readonly replay: IdempotencyTable;
  readonly secret: ISecret;

  constructor(scope: Construct, id: string, props: WebhookProps) {
    super(scope, id);
    const hmac = props.hmac ?? true;
    const queryToken = props.queryToken ?? false;
    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    this.replay = new IdempotencyTable(this, 'Replay', { key: props.key });
    this.secret = Secret.fromSecretNameV2(this, 'Secret', props.secretName);
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'backup-doctor webhook: reads its secret, records delivery ids, queues payloads',
    });
    // Reads its HMAC secrets and tokens from this one secret; GetSecretValue only.
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ sid: 'ReadWebhookSecret', actions: ['secretsmanager:GetSecretValue'], resources: [`${this.secret.secretArn}-??????`] }),
    );
    // Puts verified payloads on the intake queue, and nothing else.
    this.role.addToPrincipalPolicy(new PolicyStatement({ sid: 'QueuePayload', actions: ['sqs:SendMessage'], resources: [props.queue.queueArn] }));
    // Replay protection: claims a delivery id, and forgets it when the payload could not be queued.
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ sid: 'ReplayRecords', actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'], resources: [this.replay.table.tableArn] }),
    );
    // The CMK behind the queue and the replay table.
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ sid: 'UseOwnKey', actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], resources: [props.key.keyArn] }),
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ sid: 'WriteLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
    );

    this.fn = handlerFunction(this, 'Function', 'webhook.ts', {
      timeout: Duration.seconds(10),
      memorySize: 256,
      description: 'backup-doctor webhook: verifies signed alerts from Azure, Alibaba Cloud and Kubernetes and queues them',
      role: this.role,
      logGroup,
      reservedConcurrentExecutions: props.reservedConcurrency ?? WEBHOOK_RESERVED_CONCURRENCY,
      environment: {
        [WEBHOOK_ENV.secretId]: props.secretName,
        [WEBHOOK_ENV.queueUrl]: props.queue.queueUrl,
        [WEBHOOK_ENV.tableName]: this.replay.table.tableName,
        [WEBHOOK_ENV.hmac]: hmac ? 'on' : 'off',
        [WEBHOOK_ENV.queryToken]: queryToken ? 'on' : 'off',
      },
    });
    // NONE: the senders cannot sign with SigV4; the function authenticates every request itself (see above).
    this.url = this.fn.addFunctionUrl({ authType: FunctionUrlAuthType.NONE, invokeMode: InvokeMode.BUFFERED });

    new CfnOutput(this, 'Url', { value: this.url.url, description: 'backup-doctor webhook URL (POST; signed, see the README)' });

    acknowledgeRuntime(this.fn);
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${props.secretName}-??????]`,
      reason: 'Secrets Manager appends six random characters to a secret ARN; the wildcard matches only that suffix.',
    });
  }
}
