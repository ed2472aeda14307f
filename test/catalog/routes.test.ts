import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROUTES, eventPatterns, matchesPattern, patternOf, routeFor, type EventPattern } from '../../lambdas/catalog/routes.ts';
import { SUPPORTED_DETAIL_TYPES } from '../../lambdas/events/index.ts';
import { supportedKind } from '../../lambdas/events/supported.ts';

/** Real samples (see test/fixtures/events/SOURCES.md); `*.synthetic.json` are documented constructions. */
const load = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../fixtures/events/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

const FAILURES: readonly [routeId: string, file: string][] = [
  ['backup-job-failed', 'backup-job-failed.json'],
  ['backup-job-failed', 'backup-job-expired.json'],
  ['backup-job-failed', 'backup-job-aborted.json'],
  ['copy-job-failed', 'copy-job-failed.json'],
  ['restore-job-failed', 'restore-job-failed.json'],
  ['ecs-ebs-attachment-failed', 'ecs-task-state-change-ebs-failed-assume-role.synthetic.json'],
  ['ecs-ebs-attachment-failed', 'ecs-task-state-change-ebs-failed-idempotent-parameter-mismatch.synthetic.json'],
  ['ecs-ebs-attachment-failed', 'ecs-task-state-change-ebs-failed-timeout.synthetic.json'],
  ['ebs-volume-notification-failed', 'ebs-volume-notification-createvolume-failed-kms-disabled.json'],
  ['ebs-volume-notification-failed', 'ebs-volume-notification-createvolume-failed-kms-pending-import.json'],
  ['ebs-volume-notification-failed', 'ebs-volume-notification-attachvolume-failed-kms-pending-deletion.json'],
  ['ebs-volume-notification-failed', 'ebs-volume-notification-reattachvolume-failed-kms-pending-deletion.json'],
  // Not failures: completed jobs, routed to resolve the open groups of their resource.
  ['backup-job-completed', 'backup-job-completed.json'],
  ['copy-job-completed', 'copy-job-completed.json'],
  ['agent-call-denied-ec2', 'aws-api-call-via-cloudtrail-ec2-modifynetworkinterfaceattribute-denied.synthetic.json'],
  ['agent-call-denied-route53', 'aws-api-call-via-cloudtrail-route53-changeresourcerecordsets-denied.synthetic.json'],
  ['agent-call-denied-sts', 'aws-api-call-via-cloudtrail-sts-assumerole-denied.synthetic.json'],
];

const NON_FAILURES: readonly string[] = [
  'backup-job-created.json',
  'restore-job-completed.json',
  'restore-job-created.json',
  'ebs-volume-notification-createvolume-available.json',
  'ecs-task-state-change-fargate-eni.json',
  'ecs-task-state-change-ebs-created.synthetic.json',
  'aws-api-call-via-cloudtrail-envelope-s3-createbucket.json',
  // A real denial, but of an action no agent profile names: the rule lets it pass by.
  'aws-api-call-via-cloudtrail-ec2-runinstances-denied.json',
];

describe('routes table', () => {
  it.each(FAILURES)('routes %s for %s', (routeId, file) => {
    // Prepare
    const event = load(file);
    const route = ROUTES.find((r) => r.id === routeId);

    // Act
    const matched = routeFor(event);

    // Assess
    expect(route).toBeDefined();
    expect(matchesPattern(patternOf(route!) as EventPattern, event)).toBe(true);
    expect(matched?.id).toBe(routeId);
  });

  it.each(NON_FAILURES)('routes nothing for %s', (file) => {
    const event = load(file);

    const matched = ROUTES.filter((r) => matchesPattern(patternOf(r) as EventPattern, event));

    expect(matched).toEqual([]);
    expect(routeFor(event)).toBeUndefined();
  });

  it('gives every route at least one real sample', () => {
    const covered = new Set(FAILURES.map(([id]) => id));

    expect(ROUTES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it('keeps route ids unique', () => {
    const ids = ROUTES.map((r) => r.id);

    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives one kind to each routed source and detail-type, which is the kind the parser gives it', () => {
    const kinds = new Map<string, Set<string>>();
    for (const r of ROUTES) kinds.set(`${r.source}|${r.detailType}`, (kinds.get(`${r.source}|${r.detailType}`) ?? new Set()).add(r.kind));

    expect([...kinds.values()].filter((k) => k.size > 1)).toEqual([]);
    for (const r of ROUTES) expect(supportedKind(r.source, r.detailType), r.id).toBe(r.kind);
    expect(supportedKind('aws.backup', 'Backup Plan State Change')).toBeUndefined();
    expect(SUPPORTED_DETAIL_TYPES.length).toBe(kinds.size);
  });

  it('derives the rule patterns from the table', () => {
    const patterns = eventPatterns();

    expect(patterns.map((p) => p.id)).toEqual(ROUTES.map((r) => r.id));
    expect(patterns[0]?.pattern).toEqual({
      source: ['aws.backup'],
      'detail-type': ['Backup Job State Change'],
      detail: { $or: [{ state: ['FAILED', 'EXPIRED', 'ABORTED', 'PARTIAL'] }, { status: ['FAILED', 'EXPIRED', 'ABORTED', 'PARTIAL'] }] },
    });
  });

  it('does not route a restore job that failed under the other state key', () => {
    const event = load('restore-job-failed.json');
    const detail = event['detail'] as Record<string, unknown>;
    const { status, ...rest } = detail;

    const asState = routeFor({ ...event, detail: { ...rest, state: status } });
    const withNeither = routeFor({ ...event, detail: rest });

    expect(asState?.id).toBe('restore-job-failed');
    expect(withNeither).toBeUndefined();
  });

  it('does not route an ECS task that stopped without an EBS attachment', () => {
    const event = load('ecs-task-state-change-fargate-eni.json');
    const detail = event['detail'] as Record<string, unknown>;

    const matched = routeFor({ ...event, detail: { ...detail, lastStatus: 'STOPPED', desiredStatus: 'STOPPED' } });

    expect(matched).toBeUndefined();
  });
});

describe('matchesPattern', () => {
  // Patterns are ours; the events are minimal synthetic objects.
  const cases: readonly [name: string, pattern: EventPattern, event: unknown, expected: boolean][] = [
    ['matches an exact value', { source: ['aws.ec2'] }, { source: 'aws.ec2' }, true],
    ['rejects another value', { source: ['aws.ec2'] }, { source: 'aws.s3' }, false],
    ['rejects a missing field', { source: ['aws.ec2'] }, {}, false],
    ['matches a prefix', { time: [{ prefix: '2017-10-02' }] }, { time: '2017-10-02T18:43:48Z' }, true],
    ['rejects another prefix', { time: [{ prefix: '2017-10-02' }] }, { time: '2017-10-03T18:43:48Z' }, false],
    ['matches a suffix', { key: [{ suffix: '.png' }] }, { key: 'a/b.png' }, true],
    ['matches anything-but a value', { state: [{ 'anything-but': 'initializing' }] }, { state: 'running' }, true],
    ['rejects the excluded value', { state: [{ 'anything-but': ['initializing', 'stopped'] }] }, { state: 'stopped' }, false],
    ['rejects anything-but on a missing field', { state: [{ 'anything-but': 'initializing' }] }, {}, false],
    ['matches anything-but a prefix', { state: [{ 'anything-but': { prefix: 'init' } }] }, { state: 'running' }, true],
    ['matches exists true', { detail: { state: [{ exists: true }] } }, { detail: { state: 'x' } }, true],
    ['matches exists false', { detail: { state: [{ exists: false }] } }, { detail: {} }, true],
    ['rejects exists false on a present field', { detail: { state: [{ exists: false }] } }, { detail: { state: 'x' } }, false],
    ['matches a wildcard', { arn: [{ wildcard: 'arn:aws:iam::*:role/*' }] }, { arn: 'arn:aws:iam::1:role/r' }, true],
    ['rejects a wildcard miss', { arn: [{ wildcard: 'arn:aws:iam::*:role/*' }] }, { arn: 'arn:aws:iam::1:user/u' }, false],
    ['matches equals-ignore-case', { r: [{ 'equals-ignore-case': 'FAILED' }] }, { r: 'failed' }, true],
    ['matches a numeric range', { n: [{ numeric: ['>', 0, '<=', 5] }] }, { n: 5 }, true],
    ['rejects a number outside the range', { n: [{ numeric: ['>', 0, '<=', 5] }] }, { n: 6 }, false],
    ['matches either branch of $or', { $or: [{ a: ['1'] }, { b: ['2'] }] }, { b: '2' }, true],
    ['rejects when no $or branch matches', { $or: [{ a: ['1'] }, { b: ['2'] }] }, { a: '2', b: '1' }, false],
    ['matches any element of an array value', { tags: ['x'] }, { tags: ['w', 'x'] }, true],
    [
      'flattens arrays of objects field by field',
      { list: { type: ['A'], status: ['FAILED'] } },
      { list: [{ type: 'A', status: 'OK' }, { type: 'B', status: 'FAILED' }] },
      true,
    ],
  ];

  it.each(cases)('%s', (_name, pattern, event, expected) => {
    const result = matchesPattern(pattern, event);

    expect(result).toBe(expected);
  });
});
