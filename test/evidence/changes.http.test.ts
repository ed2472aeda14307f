/**
 * Who changed what, through the wire: the demo scenario's account served by the loopback fake (CloudTrail's JSON
 * protocol, epoch-second times, NextToken paging), read by the same clients and follow-up reads as the diagnoser.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadScenarios, type Scenario } from '../../lambdas/cli/scenarios.ts';
import { collectEvidence, createClients, EvidenceCache, followUpReads } from '../../lambdas/evidence/index.ts';
import { diagnose } from '../../lambdas/pipeline/index.ts';
import { withFollowUps } from '../../lambdas/pipeline/follow-up.ts';
import { startFakeAws, type FakeAws, type FaultPlan } from '../harness/fake-aws.ts';

const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
const SCENARIO = loadScenarios().find((s) => s.id === '16-role-trust-changed-yesterday') as Scenario;
let aws: FakeAws | undefined;

afterEach(async () => {
  await aws?.close();
  aws = undefined;
});

/** Collects the scenario's evidence from the fake, then looks up who changed the objects at fault. */
async function collect(faults: FaultPlan = {}) {
  const s = SCENARIO;
  aws = await startFakeAws(s.evidence, faults);
  const clients = createClients({ region: s.evidence.region, endpoint: aws.url, credentials, maxAttempts: 1 });
  const deadline = Date.now() + 20_000;
  const evidence = await collectEvidence(s.event, clients, { now: s.now, deadline, cache: new EvidenceCache() });
  return withFollowUps(s.event, evidence, followUpReads(clients, { now: s.now, deadline, minIntervalMs: 0 }), { now: s.now });
}

describe('who changed it, through the wire protocol', () => {
  it('reads back the change history the snapshot holds, and names the person behind the trust change', async () => {
    const evidence = await collect();

    expect(evidence.changes).toEqual(SCENARIO.evidence.changes);
    const d = diagnose(SCENARIO.event, evidence, { now: SCENARIO.now });
    expect(d.changes?.[0]?.latest[0]?.who).toBe('arn:aws:sts::111122223333:assumed-role/PlatformAdmin/alice');
  });

  it('says the look-up was not allowed when CloudTrail answers AccessDeniedException', async () => {
    const evidence = await collect({ faults: { 'cloudtrail:LookupEvents': { accessDenied: true } } });

    const d = diagnose(SCENARIO.event, evidence, { now: SCENARIO.now });
    expect(d.changes?.[0]).toMatchObject({ outcome: 'not-allowed', latest: [] });
    expect(evidence.gaps).toContainEqual(expect.objectContaining({ action: 'cloudtrail:LookupEvents', why: 'access-denied' }));
  });
});
