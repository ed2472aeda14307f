/**
 * The routes table: which EventBridge events reach the diagnoser. One list drives both the EventBridge rules that
 * the CDK app deploys (`eventPatterns()`) and the runtime routing in the Lambda (`routeFor()`), so they cannot drift.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 */
import { CLOUDTRAIL_DETAIL_TYPE, DENIED_CODE_PREFIXES, DENIED_CODE_SUFFIXES } from '../events/cloudtrail.ts';
import { BUILTIN_AGENT_PROFILES, type AgentProfile } from '../../profiles/agent-profiles.ts';
import type { FailureKind } from '../model/types.ts';

/**
 * AWS Backup job states that mean the job did not do its work. COMPLETED with a status message
 * ("Completed with issues") is not among them.
 * @see https://docs.aws.amazon.com/aws-backup/latest/APIReference/API_BackupJob.html
 */
export const BACKUP_FAILURE_STATES: readonly string[] = ['FAILED', 'EXPIRED', 'ABORTED', 'PARTIAL'];

/** The ECS task attachment type of an Amazon EBS volume. */
export const EBS_ATTACHMENT_TYPE = 'AmazonElasticBlockStorage';

/** A value matcher of an EventBridge pattern leaf: an exact value or a content filter. */
export type PatternMatcher =
  | string
  | number
  | boolean
  | null
  | { readonly prefix: string }
  | { readonly suffix: string }
  | { readonly wildcard: string }
  | { readonly 'equals-ignore-case': string }
  | { readonly exists: boolean }
  | { readonly 'anything-but': string | number | readonly (string | number)[] | { readonly prefix: string } }
  | { readonly numeric: readonly (string | number)[] };

/** An EventBridge event pattern (or a part of one): field → matchers, field → nested pattern, or `$or`. */
export interface EventPattern {
  readonly [field: string]: readonly PatternMatcher[] | EventPattern | readonly EventPattern[];
}

/** One routed event: the EventBridge source and detail-type, a content filter on `detail`, and the failure kind. */
export interface Route {
  /** Stable id, also used to name the EventBridge rule. */
  readonly id: string;
  readonly source: string;
  readonly detailType: string;
  /** An EventBridge content filter applied to `detail`. */
  readonly detailFilter: EventPattern;
  readonly kind: FailureKind;
}

/** A complete EventBridge rule pattern, in the JSON form EventBridge stores. */
export interface RoutePattern {
  readonly id: string;
  readonly pattern: {
    readonly source: readonly string[];
    readonly 'detail-type': readonly string[];
    readonly detail: EventPattern;
  };
}

// AWS Backup reports the job state as `state` in some events and as `status` in others (restore jobs use
// `status` for COMPLETED and FAILED): the filter accepts either key.
const backupStateFilter: EventPattern = {
  $or: [{ state: [...BACKUP_FAILURE_STATES] }, { status: [...BACKUP_FAILURE_STATES] }],
};

/** Every event the diagnoser listens to. */
export const ROUTES: readonly Route[] = [
  {
    id: 'backup-job-failed',
    source: 'aws.backup',
    detailType: 'Backup Job State Change',
    detailFilter: backupStateFilter,
    kind: 'backup-job',
  },
  {
    id: 'copy-job-failed',
    source: 'aws.backup',
    detailType: 'Copy Job State Change',
    detailFilter: backupStateFilter,
    kind: 'copy-job',
  },
  {
    id: 'restore-job-failed',
    source: 'aws.backup',
    detailType: 'Restore Job State Change',
    detailFilter: backupStateFilter,
    kind: 'restore-job',
  },
  {
    // EventBridge flattens arrays of objects: `type` and `status` are matched on the attachments independently,
    // not on one element. The Lambda re-checks that the failed attachment is the EBS one.
    id: 'ecs-ebs-attachment-failed',
    source: 'aws.ecs',
    detailType: 'ECS Task State Change',
    detailFilter: {
      attachments: { type: [EBS_ATTACHMENT_TYPE] },
      $or: [{ attachments: { status: ['FAILED'] } }, { lastStatus: ['STOPPED'] }],
    },
    kind: 'ecs-volume-attachment',
  },
  {
    id: 'ebs-volume-notification-failed',
    source: 'aws.ec2',
    detailType: 'EBS Volume Notification',
    detailFilter: { result: ['failed'] },
    kind: 'ebs-volume-notification',
  },
  // Completed jobs resolve the open groups of their resource (lambdas/grouping). A rule cannot ask whether a
  // group is open, so it filters on the state alone and the handler's first look is one read by resource.
  {
    id: 'backup-job-completed',
    source: 'aws.backup',
    detailType: 'Backup Job State Change',
    detailFilter: { state: ['COMPLETED'] },
    kind: 'backup-job',
  },
  {
    id: 'copy-job-completed',
    source: 'aws.backup',
    detailType: 'Copy Job State Change',
    detailFilter: { state: ['COMPLETED'] },
    kind: 'copy-job',
  },
  ...agentDeniedRoutes(BUILTIN_AGENT_PROFILES),
];

/**
 * One route per AWS service that agent profiles name: its calls that AWS denied (AccessDenied*,
 * *UnauthorizedOperation) to a role session, for the profiles' actions only. CloudTrail delivers these to
 * EventBridge only when a trail logs management events; read-only calls need a rule that accepts them.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event.html
 */
export function agentDeniedRoutes(profiles: readonly AgentProfile[]): Route[] {
  const byService = new Map<string, Set<string>>();
  for (const p of profiles) {
    for (const r of p.requirements) {
      for (const a of r.actions) {
        const [service = '', name = ''] = a.action.split(':');
        if (name.includes('*')) continue;
        const names = byService.get(service.toLowerCase()) ?? new Set<string>();
        names.add(name);
        byService.set(service.toLowerCase(), names);
      }
    }
  }
  return [...byService.keys()].sort().map((service) => ({
    id: `agent-call-denied-${service}`,
    source: `aws.${service}`,
    detailType: CLOUDTRAIL_DETAIL_TYPE,
    detailFilter: {
      eventSource: [`${service}.amazonaws.com`],
      eventName: [...(byService.get(service) ?? [])].sort(),
      errorCode: [
        ...DENIED_CODE_PREFIXES.map((prefix) => ({ prefix })),
        ...DENIED_CODE_SUFFIXES.map((suffix) => ({ wildcard: `*${suffix}` })),
      ],
      userIdentity: { type: ['AssumedRole'] },
    },
    kind: 'access-denied' as const,
  }));
}

/** The full EventBridge pattern of one route. */
export function patternOf(route: Route): RoutePattern['pattern'] {
  return { source: [route.source], 'detail-type': [route.detailType], detail: route.detailFilter };
}

/** The EventBridge rule patterns, one per route: what the CDK rules deploy. */
export function eventPatterns(routes: readonly Route[] = ROUTES): RoutePattern[] {
  return routes.map((route) => ({ id: route.id, pattern: patternOf(route) }));
}

/** The route whose pattern matches a raw EventBridge event, or undefined: what the Lambda routes by. */
export function routeFor(event: unknown, routes: readonly Route[] = ROUTES): Route | undefined {
  return routes.find((route) => matchesPattern(patternOf(route) as EventPattern, event));
}

/**
 * Evaluates an EventBridge pattern against an event offline, with EventBridge's semantics for the filters used
 * here: exact values, prefix, suffix, wildcard, equals-ignore-case, anything-but, exists, numeric and `$or`.
 * Arrays in the event are flattened: a leaf matches when any of its values matches any matcher.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html
 */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  return matchNodes(pattern, [event]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function flatten(value: unknown): unknown[] {
  return Array.isArray(value) ? value.flatMap(flatten) : [value];
}

function matchNodes(pattern: EventPattern, nodes: readonly unknown[]): boolean {
  return Object.entries(pattern).every(([field, sub]) => {
    if (field === '$or') return (sub as readonly EventPattern[]).some((alt) => matchNodes(alt, nodes));
    const holders = nodes.filter((n): n is Record<string, unknown> => isRecord(n) && field in n);
    const values = holders.flatMap((n) => flatten(n[field]));
    if (Array.isArray(sub)) return matchLeaf(sub as readonly PatternMatcher[], values, holders.length > 0);
    return matchNodes(sub as EventPattern, values);
  });
}

function matchLeaf(matchers: readonly PatternMatcher[], values: readonly unknown[], present: boolean): boolean {
  return matchers.some((m) => {
    if (isRecord(m) && 'exists' in m) return m.exists === present;
    return values.some((v) => matchValue(m, v));
  });
}

function matchValue(m: PatternMatcher, v: unknown): boolean {
  if (!isRecord(m)) return m === v;
  if ('prefix' in m) return typeof v === 'string' && v.startsWith(m.prefix);
  if ('suffix' in m) return typeof v === 'string' && v.endsWith(m.suffix);
  if ('equals-ignore-case' in m) return typeof v === 'string' && v.toLowerCase() === m['equals-ignore-case'].toLowerCase();
  if ('wildcard' in m) return typeof v === 'string' && wildcardRegExp(m.wildcard).test(v);
  if ('numeric' in m) return typeof v === 'number' && matchNumeric(m.numeric, v);
  if ('anything-but' in m) {
    const excluded = m['anything-but'];
    if (isRecord(excluded)) return typeof v === 'string' && !v.startsWith(excluded.prefix);
    const list: readonly unknown[] = Array.isArray(excluded) ? excluded : [excluded];
    return v !== null && typeof v !== 'object' && !list.includes(v);
  }
  return false;
}

function wildcardRegExp(wildcard: string): RegExp {
  const escaped = wildcard.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 's');
}

function matchNumeric(spec: readonly (string | number)[], v: number): boolean {
  for (let i = 0; i + 1 < spec.length; i += 2) {
    const op = spec[i];
    const bound = Number(spec[i + 1]);
    const ok =
      op === '=' ? v === bound : op === '<' ? v < bound : op === '<=' ? v <= bound : op === '>' ? v > bound : op === '>=' ? v >= bound : false;
    if (!ok) return false;
  }
  return true;
}
