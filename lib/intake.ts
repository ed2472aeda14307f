/**
 * The intake: the SQS queue every routed event lands in, its dead-letter queue, and the dead-letter queue of
 * the EventBridge targets (EventBridge drops an event it cannot deliver unless the target has one).
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
 */
import { Duration } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue, workQueue } from './queues.ts';

/** Properties of the intake. */
export interface IntakeProps {
  readonly key: IKey;
  /** The consumer's function timeout: the visibility timeout is six times it, as Lambda recommends. */
  readonly consumerTimeout: Duration;
}

/** The intake queue, its DLQ and the EventBridge target DLQ. */
export class Intake extends Construct {
  readonly queue: Queue;
  readonly dlq: Queue;
  readonly targetDlq: Queue;

  constructor(scope: Construct, id: string, props: IntakeProps) {
    super(scope, id);
    const { queue, dlq } = workQueue(this, 'Queue', props.key, {
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
      maxReceiveCount: 5,
    });
    this.queue = queue;
    this.dlq = dlq;
    this.targetDlq = deadLetterQueue(this, 'TargetDlq', props.key, 'the EventBridge rule targets');
  }
}
