/**
 * Grouping under any delivery pattern: failures of up to three root causes, shuffled, some delivered several
 * times and some never, then completed jobs for some resources, then the sweep after the window. One write of the
 * whole run (a DynamoDB write or an SNS publish) fails, before or after it took effect; a failed event is
 * redelivered, as SQS does. Whatever the pattern: exactly one first notification per group, at most one summary
 * (exactly one, carrying the right count, when later failures were counted and the group was not resolved), and
 * exactly one resolved notice per resolved group. With the shortcut on, each delivery first tries to be counted on
 * its job record alone (as the diagnoser does, falling back to the full path when the table fails it): the same holds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnosis, Evidence } from '../../lambdas/model/types.ts';
import { completedJob, diagnosisOf, failedJob, faultyGrouping, kindOf, type WriteFault } from './support.ts';

const WINDOW = 60 * 60_000;
const T0 = Date.parse('2026-03-01T00:00:00Z');

interface Plan {
  readonly failures: { readonly cause: number; readonly resource: number; readonly copies: number }[];
  readonly order: number[];
  readonly completed: number[];
  readonly fault?: WriteFault;
  readonly shortcuts: boolean;
}

const plan = fc
  .record({
    failures: fc.array(
      fc.record({ cause: fc.integer({ min: 0, max: 2 }), resource: fc.integer({ min: 0, max: 5 }), copies: fc.integer({ min: 0, max: 3 }) }),
      { minLength: 1, maxLength: 12 },
    ),
    completed: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 3 }),
    seed: fc.integer(),
    fault: fc.option(fc.record({ at: fc.integer({ min: 0, max: 80 }), when: fc.constantFrom<'before' | 'after'>('before', 'after') }), { nil: undefined }),
    shortcuts: fc.boolean(),
  })
  .map(({ failures, completed, seed, fault, shortcuts }): Plan => {
    const deliveries = failures.flatMap((f, i) => Array.from({ length: f.copies }, () => i));
    // A seeded shuffle of the deliveries.
    let s = seed >>> 0;
    for (let i = deliveries.length - 1; i > 0; i -= 1) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      const j = s % (i + 1);
      [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
    }
    return { failures, order: deliveries, completed, shortcuts, ...(fault ? { fault } : {}) };
  });

const resourceArn = (r: number) => `arn:aws:ec2:us-east-1:1112233445566:volume/vol-${String(r).padStart(17, '0')}`;
const causeArn = (c: number) => `arn:aws:iam::1112233445566:role/BackupRole${c}`;

/** Runs one step as SQS would: retried until it succeeds (a few receives at most). */
async function redelivered(step: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await step();
      return;
    } catch (err) {
      if (attempt >= 5) throw err;
    }
  }
}

async function run(p: Plan) {
  const { grouping, published } = faultyGrouping(p.fault, WINDOW);
  let now = T0;
  const tick = () => new Date((now += 1_000));
  // Each job names its role, the object at fault: a confirmed diagnosis of it leaves a shortcut.
  const diagnoses = p.failures.map((f, i) => diagnosisOf({ ...failedJob(`job-${i}`, resourceArn(f.resource)), roleArn: causeArn(f.cause) }, causeArn(f.cause)));
  const evidenceOf = (d: Diagnosis, at: Date): Evidence => {
    const arn = d.event.roleArn!;
    return { schemaVersion: 1, capturedAt: at.toISOString(), roles: { [arn]: { arn, name: arn.slice(arn.lastIndexOf('/') + 1), exists: true } }, gaps: [] };
  };
  let shortcutHits = 0;
  const deliver = async (d: Diagnosis): Promise<void> => {
    const at = tick();
    if (p.shortcuts) {
      // As the diagnoser: a table failure on the shortcut falls back to the full path.
      const hit = await grouping.countByShortcut(d.event, undefined, at).catch(() => undefined);
      if (hit) {
        shortcutHits += 1;
        return;
      }
    }
    await grouping.onDiagnosis(d, at, p.shortcuts ? evidenceOf(d, at) : undefined);
  };
  for (const i of p.order) await redelivered(() => deliver(diagnoses[i]!));
  for (const [n, r] of p.completed.entries()) await redelivered(() => grouping.onCompleted(completedJob(`done-${n}`, resourceArn(r)), tick()));
  now = T0 + WINDOW + 60_000;
  await redelivered(() => grouping.sweep(new Date(now)));
  return { published, diagnoses, shortcutHits };
}

describe('grouping properties', () => {
  it('one first notification, at most one summary and one resolved notice per group, whatever the deliveries and the failing write', async () => {
    await fc.assert(
      fc.asyncProperty(plan, async (p) => {
        const { published, diagnoses, shortcutHits } = await run(p);
        // Expected groups: the causes with at least one delivered failure, in delivery order.
        const delivered = [...new Set(p.order)];
        const causes = [...new Set(delivered.map((i) => p.failures[i]!.cause))];
        const fpOf = (c: number) => diagnoses.find((_, i) => p.failures[i]!.cause === c)!.fingerprint;
        const firstOfCause = new Map(causes.map((c) => [c, delivered.find((i) => p.failures[i]!.cause === c)!]));
        for (const c of causes) {
          const fp = fpOf(c);
          const members = delivered.filter((i) => p.failures[i]!.cause === c);
          const resources = new Set(members.map((i) => p.failures[i]!.resource));
          const resolvedHere = p.completed.some((r) => resources.has(r));
          const ofGroup = published.filter((m) => {
            const id = m.MessageAttributes?.['diagnosis-id']?.StringValue ?? '';
            return kindOf(m) === 'new' ? members.some((i) => diagnoses[i]!.event.id === id) : id.includes(fp);
          });
          const firsts = ofGroup.filter((m) => kindOf(m) === 'new');
          const summaries = ofGroup.filter((m) => kindOf(m) === 'summary');
          const resolvedNotices = ofGroup.filter((m) => kindOf(m) === 'resolved');
          expect(firsts).toHaveLength(1);
          expect(firsts[0]!.MessageAttributes?.['diagnosis-id']?.StringValue).toBe(diagnoses[firstOfCause.get(c)!]!.event.id);
          expect(resolvedNotices).toHaveLength(resolvedHere ? 1 : 0);
          expect(summaries.length).toBeLessThanOrEqual(1);
          if (!resolvedHere) {
            expect(summaries).toHaveLength(members.length > 1 ? 1 : 0);
            if (members.length > 1) expect(summaries[0]!.Subject).toContain(`+${members.length - 1} more jobs, same cause`);
          }
        }
        // Without a failing write, a cause's second failure is counted on its job record alone.
        const repeated = causes.some((c) => delivered.filter((i) => p.failures[i]!.cause === c).length > 1);
        if (p.shortcuts && !p.fault && repeated) expect(shortcutHits).toBeGreaterThan(0);
        // Nothing else was published.
        expect(published.filter((m) => kindOf(m) === 'new')).toHaveLength(causes.length);
      }),
      { numRuns: 200 },
    );
  });
});
