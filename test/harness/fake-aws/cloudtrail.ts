/** The loopback fake of AWS: AWS CloudTrail (awsJson1_1): LookupEvents over the snapshot's trail and change history. */
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
  /** The resource names CloudTrail lists for the event (what a ResourceName look-up matches). */
  readonly resources?: readonly string[];
  readonly body: Record<string, unknown>;
}

/** The name CloudTrail lists for a changed object: a role's name, a key's ARN, a vault's name, a plan's id. */
function resourceNameOf(kind: string, subject: string): string {
  return kind === 'role' ? subject.slice(subject.lastIndexOf('/') + 1) : subject;
}

/** The CloudTrail records of the snapshot's change history, rebuilt in the record's shape. */
function changeEvents(s: Evidence): { id?: string; name: string; time: string; source?: string; userArn?: string; resources: string[]; body: Record<string, unknown> }[] {
  return Object.values(s.changes ?? {}).flatMap((h) =>
    h.events.map((e) => ({
      ...(e.eventId !== undefined ? { id: e.eventId } : {}),
      name: e.eventName,
      time: e.eventTime,
      ...(e.eventSource !== undefined ? { source: e.eventSource } : {}),
      ...(e.actor.arn !== undefined ? { userArn: e.actor.arn } : {}),
      resources: [resourceNameOf(h.kind, h.subject)],
      body: {
        eventName: e.eventName,
        eventTime: e.eventTime,
        eventSource: e.eventSource,
        userIdentity: {
          type: e.actor.type,
          arn: e.actor.arn,
          accountId: e.actor.accountId,
          userName: e.actor.userName,
          invokedBy: e.actor.invokedBy,
          ...(e.actor.issuer !== undefined ? { sessionContext: { sessionIssuer: { type: 'Role', arn: e.actor.issuer } } } : {}),
        },
        sourceIPAddress: e.sourceIp,
        userAgent: e.userAgent,
        requestParameters: e.requestParameters ?? null,
        responseElements: null,
      },
    })),
  );
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
  const all: { id?: string; name: string; time: string; source?: string | undefined; userArn?: string | undefined; resources?: string[]; body: Record<string, unknown> }[] = [
    ...recorded,
    ...synthesised,
    ...changeEvents(s),
  ];
  return all.map((e, i) => ({
    id: e.id ?? `fake-event-${i}`,
    ...(e.resources !== undefined ? { resources: e.resources } : {}),
    name: e.name,
    time: Date.parse(e.time),
    ...(e.source !== undefined ? { source: e.source } : {}),
    ...(e.userArn !== undefined ? { userName: e.userArn.slice(e.userArn.lastIndexOf('/') + 1) } : {}),
    readOnly: /^(Describe|List|Get|Lookup)/.test(e.name),
    body: { eventVersion: '1.09', eventID: e.id ?? `fake-event-${i}`, eventType: 'AwsApiCall', ...e.body },
  }));
}

/**
 * LookupEvents as CloudTrail answers it: at most one lookup attribute, StartTime/EndTime inclusive, newest first,
 * MaxResults up to 50 with a NextToken. Only the change history's events list a resource (its name), so ResourceName
 * matches those alone; ResourceType and AccessKeyId match none.
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
        return value !== undefined && (e.resources ?? []).includes(value);
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
      Resources: (e.resources ?? []).map((name) => ({ ResourceName: name })),
      CloudTrailEvent: JSON.stringify(e.body),
    })),
    NextToken: offset + max < found.length ? String(offset + max) : undefined,
  };
}
