import { loadScenarios } from './lambdas/cli/scenarios.ts';
import { collectEvidence, createClients, EvidenceCache } from './lambdas/evidence/index.ts';
import { diagnose } from './lambdas/core/pipeline.ts';
import { startFakeAws } from './test/harness/fake-aws.ts';
for (const s of loadScenarios().filter((x) => new RegExp(process.argv[2] ?? '^1[0345]').test(x.id))) {
  const aws = await startFakeAws(s.evidence);
  const clients = createClients({ region: s.evidence.region, endpoint: aws.url, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const ev = await collectEvidence(s.event, clients, { now: s.now, deadline: Date.now() + 20000, cache: new EvidenceCache() });
  const d = diagnose(s.event, ev, { now: s.now });
  console.log(s.id, JSON.stringify({ keys: ev.keys, aliases: ev.aliases, ecs: { ...ev.ecs, tasks: undefined }, ebsSnapshots: ev.ebsSnapshots, trail: ev.trail, gaps: ev.gaps }, null, 1));
  console.log(JSON.stringify(d.findings.slice(0, 3).map((f) => ({ id: f.checkId, v: f.verdict, t: f.title, m: f.missing })), null, 1));
  console.log(aws.requests.map((r) => `${r.service}:${r.action}:${r.status}`).join(' '));
  await aws.close();
}
