/**
 * Reliability property: whatever subset of services denies the diagnoser, every check still reports, and the
 * reads reported as access-denied are exactly those of the denied services (never confused with the job's role
 * being denied). Runs against the loopback fake, over the real wire protocols, on demo scenarios.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarios } from '../../lambdas/cli/scenarios.ts';
import { CHECKS } from '../../lambdas/checks/registry.ts';
import { diagnose } from '../../lambdas/pipeline/index.ts';
import { collectEvidence, createClients, EvidenceCache } from '../../lambdas/evidence/index.ts';
import { type FakeAws, startFakeAws } from '../harness/fake-aws.ts';

const SERVICES = ['iam', 'kms', 'backup', 'ec2', 'ecs', 'cloudtrail'] as const;
const scenarios = loadScenarios().filter((s) => ['04-key-policy-without-root', '06-expired-completion-window', '14-ecs-kms-key-policy-excludes-role'].includes(s.id));
const fakes = new Map<string, FakeAws>();

beforeAll(async () => {
  for (const s of scenarios) fakes.set(s.id, await startFakeAws(s.evidence));
});

afterAll(async () => {
  for (const f of fakes.values()) await f.close();
});

describe('any subset of denied services', () => {
  it('yields access-denied gaps for exactly the denied services, and a finding from every check', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...scenarios),
        fc.subarray([...SERVICES]),
        async (scenario, denied) => {
          // Prepare
          const aws = fakes.get(scenario.id) as FakeAws;
          aws.setFaults({ faults: Object.fromEntries(denied.map((s) => [s, { accessDenied: true }])) });
          const before = aws.requests.length;
          const clients = createClients({
            region: scenario.evidence.region ?? 'us-east-1',
            endpoint: aws.url,
            credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
            maxAttempts: 1,
          });

          // Act
          const evidence = await collectEvidence(scenario.event, clients, { now: scenario.now, deadline: Date.now() + 20_000, cache: new EvidenceCache() });
          const diagnosis = diagnose(scenario.event, evidence, { now: scenario.now });

          // Assess
          const deniedCalls = new Set(aws.requests.slice(before).filter((r) => r.injected).map((r) => r.service));
          const deniedGaps = new Set(evidence.gaps.filter((g) => g.why === 'access-denied').map((g) => (g.action ?? '').split(':')[0]));
          expect([...deniedGaps].sort()).toEqual([...deniedCalls].sort());
          for (const s of deniedGaps) expect(denied).toContain(s);
          expect(diagnosis.findings).toHaveLength(CHECKS.length);
          expect(diagnosis.findings.filter((f) => f.verdict === 'error')).toEqual([]);
        },
      ),
      { numRuns: 40, seed: 20261122 },
    );
  });
});
