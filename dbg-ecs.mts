import { loadScenarios } from './lambdas/cli/scenarios.ts';
import { collectEvidence, createClients, EvidenceCache } from './lambdas/evidence/index.ts';
import { diagnose } from './lambdas/core/pipeline.ts';
import { startFakeAws } from './test/harness/fake-aws.ts';
for (const s of loadScenarios().filter((x) => /^(09|1[0-5])/.test(x.id))) {
  const aws = await startFakeAws(s.evidence);
  const clients = createClients({ region: s.evidence.region, endpoint: aws.url, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const ev = await collectEvidence(s.event, clients, { now: s.now, deadline: Date.now() + 20000, cache: new EvidenceCache() });
  const d = diagnose(s.event, ev, { now: s.now });
  console.log(s.id, '→', d.category, d.findings[0]?.checkId, d.findings[0]?.verdict, 'expected', s.expect.checkId);
  await aws.close();
}
