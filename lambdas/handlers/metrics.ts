/**
 * CloudWatch metrics as embedded metric format (EMF) log lines: Lambda ships stdout to CloudWatch Logs, which
 * extracts the metric, so counting costs no API call and no permission.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */

/** The namespace of backup-doctor's own metrics. */
export const METRIC_NAMESPACE = 'BackupDoctor';

/** The one dimension of every metric: which function counted it. */
export const METRIC_SERVICE = 'backup-doctor-diagnoser';

/** The metrics the handlers count. */
export type MetricName = 'RejectedRecords';

/** One EMF log line (with its newline) that adds `value` to a count metric. */
export function emfLine(name: MetricName, value: number, now: number): string {
  return `${JSON.stringify({
    _aws: {
      Timestamp: now,
      CloudWatchMetrics: [{ Namespace: METRIC_NAMESPACE, Dimensions: [['Service']], Metrics: [{ Name: name, Unit: 'Count' }] }],
    },
    Service: METRIC_SERVICE,
    [name]: value,
  })}\n`;
}
