/** SQS queues with the project's baseline: the CMK, TLS only, and long retention for dead letters. */
import { Duration, Validations } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * A dead-letter queue: kept 14 days, the SQS maximum. `owner` names what it is the DLQ of when that is not an
 * SQS redrive policy (an EventBridge target, an SNS subscription), which cdk-nag cannot see.
 */
export function deadLetterQueue(scope: Construct, id: string, key: IKey, owner?: string): Queue {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.KMS,
    encryptionMasterKey: key,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  if (owner !== undefined) {
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `This queue is the dead-letter queue of ${owner}; cdk-nag only recognises DLQs named in an SQS redrive policy.`,
    });
  }
  return queue;
}

/** A work queue with its own dead-letter queue after `maxReceiveCount` receives. */
export function workQueue(
  scope: Construct,
  id: string,
  key: IKey,
  opts: { visibilityTimeout: Duration; maxReceiveCount: number },
): { queue: Queue; dlq: Queue } {
  const dlq = deadLetterQueue(scope, `${id}Dlq`, key);
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.KMS,
    encryptionMasterKey: key,
    enforceSSL: true,
    visibilityTimeout: opts.visibilityTimeout,
    retentionPeriod: Duration.days(4),
    deadLetterQueue: { queue: dlq, maxReceiveCount: opts.maxReceiveCount },
  });
  return { queue, dlq };
}
