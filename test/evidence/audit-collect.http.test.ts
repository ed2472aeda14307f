/**
 * The live audit over HTTP against the loopback fake (real wire protocols, the SDK's own pagination fields,
 * error parsing and retries): every page is read, throttling is retried until the audit completes, and an
 * AccessDenied on one read becomes a gap that names the action while the rest of the audit runs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runAudit } from '../../lambdas/audit/run.ts';
import { loadSnapshot } from '../../lambdas/cli/io.ts';
import { collectAuditEvidence } from '../../lambdas/evidence/audit.ts';
import { createClients } from '../../lambdas/evidence/index.ts';
import { type FakeAws, type FaultPlan, startFakeAws } from '../harness/fake-aws.ts';

const NOW = new Date('2026-11-21T00:00:00Z');
const planted = loadSnapshot(new URL('../../demo/audit/planted.json', import.meta.url).pathname);
const REGION = planted.region ?? 'ap-northeast-1';
const rates = { iam: 1000, backup: 1000, kms: 1000 };

let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function live(plan: FaultPlan) {
  fake = await startFakeAws(planted, plan);
  const clients = createClients({ region: REGION, endpoint: fake.url, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 6, retryDelayMs: 1 });
  const evidence = await collectAuditEvidence(clients, { now: NOW, deadline: Date.now() + 60_000, region: REGION, account: planted.account ?? '', rates });
  return { aws: fake, evidence, report: runAudit(evidence, { now: NOW }) };
}

const expected = runAudit(planted, { now: NOW });
/** The check and the object at fault of each finding (a live read writes dates in full ISO form, a hand-made snapshot may not). */
const keys = (r: { findings: readonly { checkId: string; subject?: string }[] }) => r.findings.map((f) => `${f.checkId}|${f.subject ?? ''}`);
const pages = (aws: FakeAws, action: string) => aws.requests.filter((r) => r.action === action && r.status === 200).length;

describe('the live audit against the loopback fake', () => {
  it('reads every page of every listing, one item a page, and finds what the snapshot holds', async () => {
    const { aws, evidence, report } = await live({ pageSize: 1 });

    expect(evidence.gaps).toEqual([]);
    expect(keys(report)).toEqual(keys(expected));
    expect(Object.keys(evidence.plans ?? {}).sort()).toEqual(Object.keys(planted.plans ?? {}).sort());
    expect(Object.keys(evidence.selections ?? {}).sort()).toEqual(Object.keys(planted.selections ?? {}).sort());
    expect(Object.keys(evidence.vaults ?? {}).sort()).toEqual(Object.keys(planted.vaults ?? {}).sort());
    // One page per item, and one request per page: nothing stopped at the first page.
    expect(pages(aws, 'ListBackupPlans')).toBe(Object.keys(planted.plans ?? {}).length);
    expect(pages(aws, 'ListBackupVaults')).toBe(Object.values(planted.vaults ?? {}).filter((v) => v.exists).length);
    expect(pages(aws, 'ListRoles')).toBe(Object.values(planted.roles ?? {}).filter((r) => r.exists).length);
    expect(pages(aws, 'ListBackupJobs')).toBe(Object.values(planted.jobHistory ?? {}).flat().length);
  });

  it('completes with a third of IAM and Backup answers throttled (IAM Throttling, Backup ThrottlingException), through the retries', async () => {
    const { aws, evidence, report } = await live({ seed: 7, pageSize: 2, faults: { iam: { throttle: 0.3 }, backup: { throttle: 0.3 } } });

    const throttled = aws.requests.filter((r) => r.injected);
    expect(new Set(throttled.map((r) => r.error))).toEqual(new Set(['Throttling', 'ThrottlingException']));
    expect(throttled.length).toBeGreaterThan(5);
    expect(evidence.gaps).toEqual([]);
    expect(keys(report)).toEqual(keys(expected));
  });

  it.each([
    ['kms:GetKeyPolicy', ['kms-key-policy-role']],
    // Without the vaults, neither their lock ranges nor their keys can be read.
    ['backup:ListBackupVaults', ['backup-retention-outside-vault-lock', 'kms-key-policy-role', 'kms-key-state']],
  ])('turns AccessDenied on %s into a gap naming the action, and audits the rest', async (action, lost) => {
    const [service, name] = action.split(':') as [string, string];
    const { evidence, report } = await live({ pageSize: 2, faults: { [`${service}:${name}`]: { accessDenied: true } } });

    expect(evidence.gaps.length).toBeGreaterThan(0);
    expect(evidence.gaps.every((g) => g.action === action && g.why === 'access-denied')).toBe(true);
    expect(report.gaps.map((g) => g.action)).toContain(action);
    // The finding that needs the denied read is not reported, and not reported fine either: its question is undecided.
    for (const id of lost) {
      expect(report.findings.map((f) => f.checkId)).not.toContain(id);
      const question = expected.findings.find((f) => f.checkId === id)?.question ?? '';
      expect([undefined, 'undecided']).toContain(report.answers[question]);
    }
    // Everything else is found as before.
    expect(keys(report)).toEqual(keys(expected).filter((k) => !lost.some((id) => k.startsWith(`${id}|`))));
  });
});
