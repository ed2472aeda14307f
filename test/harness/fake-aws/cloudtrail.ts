/** The loopback fake of AWS: AWS CloudTrail (awsJson1_1): LookupEvents over the snapshot's trail. */
import type { Evidence } from '../../../lambdas/model/types.ts';
import { ApiError } from './wire.ts';
import { volumeConfigurationJson } from './ecs.ts';

/** One event as CloudTrail's LookupEvents sees it. */
export interface TrailEvent {
  readonly id: string;
  readonly name: string;
  readonly time: number;
  readonly source?: string;
  readonly userName?: string;
  readonly readOnly: boolean;
  readonly body: Record<string, unknown>;
}

export const TASK_LAUNCHES = ['RunTask', 'StartTask'];

export function identityOf(userArn: string | undefined): Record<string, unknown> | undefined {
  if (userArn === undefined) return undefined;
  const type = /:assumed-role\//.test(userArn) ? 'AssumedRole' : /:root$/.test(userArn) ? 'Root' : /:role\//.test(userArn) ? 'AWSService' : 'IAMUser';
  return { type, arn: userArn, accountId: userArn.split(':')[4] };
}

/** The cluster name in a task ARN (arn:...:task/CLUSTER/ID). */
export function clusterOfTask(taskArn: string): string | undefined {
  return /:task\/([^/]+)\/[^/]+$/.exec(taskArn)?.[1];
}

/**
 * The events CloudTrail holds for the snapshot: its `trail`, where a successful RunTask/StartTask names the
 * snapshot's standalone tasks in its response (the collector kept it because it did); and, for each standalone
 * task that no successful launch shows while the snapshot holds volume configurations, the RunTask that launched
 * it with those configurations. A snapshot records no launch time, so that RunTask is dated at `capturedAt`.
 */
export function trailEvents(s: Evidence): TrailEvent[] {
  const standalone = Object.values(s.ecs?.tasks ?? {}).filter((t) => !(t.startedBy ?? '').startsWith('ecs-svc/'));
  const launched = (s.trail ?? []).some((t) => TASK_LAUNCHES.includes(t.eventName) && t.errorCode === undefined);
  const configs = Object.values(s.ecs?.volumeConfigurations ?? {}).map(volumeConfigurationJson);
  const tasksJson = (tasks: typeof standalone) => ({
    tasks: tasks.map((t) => ({ taskArn: t.taskArn, taskDefinitionArn: t.taskDefinitionArn, lastStatus: 'PROVISIONING' })),
  });
  const recorded = (s.trail ?? []).map((t) => ({
    name: t.eventName,
    time: t.eventTime,
    source: t.eventSource,
    userArn: t.userArn,
    body: {
      eventName: t.eventName,
      eventTime: t.eventTime,
      eventSource: t.eventSource,
      userIdentity: identityOf(t.userArn),
      errorCode: t.errorCode,
      errorMessage: t.errorMessage,
      requestParameters: t.requestParameters ?? null,
      responseElements: TASK_LAUNCHES.includes(t.eventName) && t.errorCode === undefined ? tasksJson(standalone) : null,
    } as Record<string, unknown>,
  }));
  const synthesised =
    launched || configs.length === 0
      ? []
      : standalone.map((task) => {
          const time = s.capturedAt ?? new Date().toISOString();
          return {
            name: 'RunTask',
            time,
            source: 'ecs.amazonaws.com',
            userArn: undefined,
            body: {
              eventName: 'RunTask',
              eventTime: time,
              eventSource: 'ecs.amazonaws.com',
              requestParameters: {
                cluster: clusterOfTask(task.taskArn),
                taskDefinition: task.taskDefinitionArn,
                volumeConfigurations: configs,
              },
              responseElements: tasksJson([task]),
            } as Record<string, unknown>,
          };
        });
  return [...recorded, ...synthesised].map((e, i) => ({
    id: `fake-event-${i}`,
    name: e.name,
    time: Date.parse(e.time),
    ...(e.source !== undefined ? { source: e.source } : {}),
    ...(e.userArn !== undefined ? { userName: e.userArn.slice(e.userArn.lastIndexOf('/') + 1) } : {}),
    readOnly: /^(Describe|List|Get|Lookup)/.test(e.name),
    body: { eventVersion: '1.09', eventID: `fake-event-${i}`, eventType: 'AwsApiCall', ...e.body },
  }));
}

/**
 * LookupEvents as CloudTrail answers it: at most one lookup attribute, StartTime/EndTime inclusive, newest first,
 * MaxResults up to 50 with a NextToken. The fake's events list no resources or access keys, so ResourceName,
 * ResourceType and AccessKeyId match none.
 */
export function cloudtrail(s: Evidence, action: string, body: Record<string, unknown>): unknown {
  if (action !== 'LookupEvents') throw new ApiError('NotImplemented', 501);
  const attributes = (body['LookupAttributes'] as { AttributeKey?: string; AttributeValue?: string }[] | undefined) ?? [];
  if (attributes.length > 1) throw new ApiError('InvalidLookupAttributesException', 400);
  const attribute = attributes[0];
  const start = typeof body['StartTime'] === 'number' ? body['StartTime'] * 1000 : -Infinity;
  const end = typeof body['EndTime'] === 'number' ? body['EndTime'] * 1000 : Infinity;
  if (start > end) throw new ApiError('InvalidTimeRangeException', 400);
  const max = typeof body['MaxResults'] === 'number' ? body['MaxResults'] : 50;
  if (max < 1 || max > 50) throw new ApiError('InvalidMaxResultsException', 400);
  const offset = body['NextToken'] === undefined ? 0 : Number(body['NextToken']);
  if (!Number.isInteger(offset) || offset < 0) throw new ApiError('InvalidNextTokenException', 400);
  const matches = (e: TrailEvent): boolean => {
    if (attribute === undefined) return true;
    const value = attribute.AttributeValue;
    switch (attribute.AttributeKey) {
      case 'EventId':
        return e.id === value;
      case 'EventName':
        return e.name === value;
      case 'EventSource':
        return e.source === value;
      case 'Username':
        return e.userName === value;
      case 'ReadOnly':
        return String(e.readOnly) === value;
      case 'ResourceName':
      case 'ResourceType':
      case 'AccessKeyId':
        return false;
      default:
        throw new ApiError('InvalidLookupAttributesException', 400);
    }
  };
  const found = trailEvents(s)
    .filter((e) => e.time >= start && e.time <= end && matches(e))
    .sort((a, b) => b.time - a.time);
  const page = found.slice(offset, offset + max);
  return {
    Events: page.map((e) => ({
      EventId: e.id,
      EventName: e.name,
      ReadOnly: String(e.readOnly),
      EventTime: e.time / 1000,
      EventSource: e.source,
      Username: e.userName,
      Resources: [],
      CloudTrailEvent: JSON.stringify(e.body),
    })),
    NextToken: offset + max < found.length ? String(offset + max) : undefined,
  };
}
