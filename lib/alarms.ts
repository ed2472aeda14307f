/**
 * Alarms on the responder's own health: errors of each of its functions, and the age of the oldest message in the
 * intake queue (a diagnoser that is failing, throttled or out of concurrency lets failures wait unseen).
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** The intake's oldest message may wait this long before the alarm: several diagnoser timeouts. */
export const INTAKE_MAX_AGE = Duration.minutes(15);

/** Properties of the health alarms. */
export interface HealthAlarmsProps {
  /** Each function by a short name (the alarm's id and description use it). */
  readonly functions: Readonly<Record<string, IFunction>>;
  readonly intake: Queue;
}

/** One alarm per function on Errors, and one on the intake queue's oldest message age. */
export class HealthAlarms extends Construct {
  readonly alarms: readonly Alarm[];

  constructor(scope: Construct, id: string, props: HealthAlarmsProps) {
    super(scope, id);
    const errors = Object.entries(props.functions).map(
      ([name, fn]) =>
        new Alarm(this, `${name}Errors`, {
          alarmDescription: `backup-doctor: the ${name} function failed (an invocation error or timeout)`,
          metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
          threshold: 0,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
    );
    const age = new Alarm(this, 'IntakeAge', {
      alarmDescription: `backup-doctor: a failure has waited in the intake queue for more than ${INTAKE_MAX_AGE.toMinutes()} minutes`,
      metric: props.intake.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: INTAKE_MAX_AGE.toSeconds(),
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.alarms = [...errors, age];
  }
}
