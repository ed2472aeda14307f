/**
 * The parking queue: records the diagnoser's parser rejects are kept here whole (with the reason as a message
 * attribute) instead of being dropped, counted in the RejectedRecords metric, and alarmed on. A change in the shape
 * of AWS's events then shows up as an alarm with the evidence waiting, not as silence.
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC_NAMESPACE, METRIC_SERVICE } from '../lambdas/handlers/metrics.ts';
import { deadLetterQueue } from './queues.ts';

/** Properties of the parking queue. */
export interface ParkingProps {
  readonly key: IKey;
  /** The diagnoser, which parks what its parser rejects. */
  readonly diagnoser: LambdaFunction;
}

/** The parking queue and the alarm on rejected records. */
export class Parking extends Construct {
  readonly queue: Queue;
  readonly alarm: Alarm;

  constructor(scope: Construct, id: string, props: ParkingProps) {
    super(scope, id);
    this.queue = deadLetterQueue(this, 'Queue', props.key, 'the diagnoser (records its parser rejects)');
    props.diagnoser.addEnvironment('PARKING_QUEUE_URL', this.queue.queueUrl);
    // Parks a rejected record: its only write outside its topic and table.
    props.diagnoser.addToRolePolicy(
      new PolicyStatement({ sid: 'ParkRejectedRecords', actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }),
    );
    this.alarm = new Alarm(this, 'RejectedRecordsAlarm', {
      alarmDescription: 'backup-doctor: the diagnoser rejected records (parked in the parking queue); AWS may have changed an event shape',
      metric: new Metric({
        namespace: METRIC_NAMESPACE,
        metricName: 'RejectedRecords',
        dimensionsMap: { Service: METRIC_SERVICE },
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
