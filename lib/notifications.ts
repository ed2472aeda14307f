/**
 * Where diagnoses go: one SNS topic (CMK, TLS only) fanned out to email, to the Slack notifier (through a paced
 * queue) and, optionally, to AWS Chatbot. Each subscription has its own dead-letter queue.
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html
 * @see https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { LoggingLevel, SlackChannelConfiguration } from 'aws-cdk-lib/aws-chatbot';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, ManagedPolicy, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { SubscriptionFilter, Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DIAGNOSIS_MESSAGE_TYPE, MESSAGE_TYPE_ATTRIBUTE } from '../lambdas/publish/sns-message.ts';
import { acknowledgeRuntime, handlerFunction } from './bundling.ts';
import { deadLetterQueue, workQueue } from './queues.ts';

/** The Slack notifier's timeout. */
export const SLACK_NOTIFIER_TIMEOUT = Duration.minutes(1);

/** Properties of the notifications. */
export interface NotificationsProps {
  readonly key: IKey;
  /** The key of the topic (kept apart from the queues' key to avoid a dependency cycle). */
  readonly topicKey: IKey;
  readonly table: ITable;
  readonly notifyEmail?: string;
  readonly slackWebhookSecretName?: string;
  readonly chatbotSlackChannelId?: string;
  readonly chatbotSlackWorkspaceId?: string;
}

/** The topic and its subscribers. */
export class Notifications extends Construct {
  readonly topic: Topic;
  /** Every dead-letter queue created here (subscriptions, Slack). */
  readonly deadLetterQueues: Queue[] = [];
  readonly slackNotifier?: LambdaFunction;
  readonly slackSecret?: ISecret;
  readonly chatbot?: SlackChannelConfiguration;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', {
      displayName: 'backup-doctor',
      masterKey: props.topicKey,
      enforceSSL: true,
    });

    if (props.notifyEmail !== undefined) {
      const dlq = deadLetterQueue(this, 'EmailSubscriptionDlq', props.key, 'the email subscription');
      this.deadLetterQueues.push(dlq);
      this.topic.addSubscription(new EmailSubscription(props.notifyEmail, { deadLetterQueue: dlq }));
    }

    if (props.slackWebhookSecretName !== undefined) {
      const slack = this.slack(props, props.slackWebhookSecretName);
      this.slackNotifier = slack.fn;
      this.slackSecret = slack.secret;
    }

    if (props.chatbotSlackChannelId !== undefined && props.chatbotSlackWorkspaceId !== undefined) {
      // Notifications only: a deny-all guardrail keeps chat commands from acting on the account.
      const guardrail = new ManagedPolicy(this, 'ChatbotGuardrail', {
        description: 'backup-doctor Chatbot channel: notifications only, no chat commands',
        document: new PolicyDocument({
          statements: [new PolicyStatement({ effect: Effect.DENY, actions: ['*'], resources: ['*'] })],
        }),
      });
      this.chatbot = new SlackChannelConfiguration(this, 'Chatbot', {
        slackChannelConfigurationName: `backup-doctor-${props.chatbotSlackChannelId}`,
        slackWorkspaceId: props.chatbotSlackWorkspaceId,
        slackChannelId: props.chatbotSlackChannelId,
        notificationTopics: [this.topic],
        loggingLevel: LoggingLevel.ERROR,
        guardrailPolicies: [guardrail],
      });
    }
  }

  private slack(props: NotificationsProps, secretName: string): { fn: LambdaFunction; secret: ISecret } {
    const { queue, dlq } = workQueue(this, 'SlackQueue', props.key, {
      visibilityTimeout: Duration.seconds(SLACK_NOTIFIER_TIMEOUT.toSeconds() * 6),
      maxReceiveCount: 5,
    });
    const subscriptionDlq = deadLetterQueue(this, 'SlackSubscriptionDlq', props.key, 'the Slack queue subscription');
    this.deadLetterQueues.push(dlq, subscriptionDlq);
    // Raw delivery: the queue receives the Block Kit payload itself, and the message attributes as SQS attributes.
    // The filter keeps CloudWatch alarm notifications (also sent to the topic) out of Slack's queue.
    this.topic.addSubscription(
      new SqsSubscription(queue, {
        rawMessageDelivery: true,
        deadLetterQueue: subscriptionDlq,
        filterPolicy: { [MESSAGE_TYPE_ATTRIBUTE]: SubscriptionFilter.stringFilter({ allowlist: [DIAGNOSIS_MESSAGE_TYPE] }) },
      }),
    );

    const secret = Secret.fromSecretNameV2(this, 'SlackWebhookSecret', secretName);
    const logGroup = new LogGroup(this, 'SlackNotifierLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(this, 'SlackNotifierRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'backup-doctor Slack notifier: reads its webhook secret, posts to Slack',
    });
    // Writes its own logs.
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
    );
    // Reads the webhook URL from this one secret.
    secret.grantRead(role);
    // Sends messages Slack rejects for good to the queue's dead-letter queue.
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [dlq.queueArn] }));
    // Idempotency records (slack#<id>): claim, complete, release.
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        resources: [props.table.tableArn],
      }),
    );
    // The CMK behind the queues and the table.
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
        resources: [props.key.keyArn],
      }),
    );

    const fn = handlerFunction(this, 'SlackNotifier', 'slack-notifier.ts', {
      timeout: SLACK_NOTIFIER_TIMEOUT,
      description: 'backup-doctor: posts diagnoses to a Slack incoming webhook',
      role,
      logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        SLACK_WEBHOOK_SECRET_ID: secretName,
        IDEMPOTENCY_TABLE: props.table.tableName,
        SLACK_DLQ_URL: dlq.queueUrl,
        // Two pollers at most (maxConcurrency), each posting every 2 s: about one message per second overall.
        SLACK_MIN_INTERVAL_MS: '2000',
        POWERTOOLS_SERVICE_NAME: 'backup-doctor-slack',
      },
    });
    fn.addEventSource(new SqsEventSource(queue, { batchSize: 5, maxConcurrency: 2, reportBatchItemFailures: true }));
    acknowledgeRuntime(fn);

    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${secretName}-??????]`,
      reason: 'Secrets Manager appends six random characters to a secret ARN; the wildcard matches only that suffix.',
    });
    return { fn, secret };
  }
}
