/** Prints a summary and a resolved notice (email form) of a sample group: the examples in the README. */
import { readFileSync } from 'node:fs';
import { renderNotice, resolved, reusedEvidence, type GroupRecord } from '../lambdas/grouping/index.ts';
import type { Evidence } from '../lambdas/model/types.ts';
import { messageTable } from '../lambdas/pipeline/report.ts';
const role = 'arn:aws:iam::111122223333:role/BackupRole';
const vol = (i: number) => `arn:aws:ec2:ap-northeast-1:111122223333:volume/vol-${String(i).padStart(17, '0')}`;
// The role as scenario 01's snapshot has it, as the group's first diagnosis read it; 22 later jobs reused it.
const snapshot = JSON.parse(readFileSync(new URL('../demo/scenarios/01-role-not-trusted/snapshot.json', import.meta.url), 'utf8')) as Evidence;
const evidence = reusedEvidence('role', role, { ...snapshot, capturedAt: '2026-11-20T20:07:40.000Z' }, '5f1d6a0e-1c2b-4d8e-9f31-7a2b3c4d5e01', new Date('2026-11-20T20:07:40.000Z'));
const later = Array.from({ length: 23 }, (_, i) => vol(i + 1));
const g: GroupRecord = {
  fingerprint: `111122223333|ap-northeast-1|iam-trust|iam-role-trust-backup|${role}`,
  state: 'open',
  cause: { account: '111122223333', region: 'ap-northeast-1', category: 'iam-trust', checkId: 'iam-role-trust-backup', object: role,
    headline: { key: 'iam-role-trust-backup.fail', params: { role: 'BackupRole' } } },
  openedAt: '2026-11-20T20:07:41.000Z', closesAt: '2026-11-20T21:07:41.000Z', lastAt: '2026-11-20T20:31:05.000Z',
  first: 'job-0', members: later.map((_, i) => `job-${i + 1}`), overflow: 0, resources: [vol(0), ...later], laterResources: later,
  ...(evidence ? { reused: { count: 22, evidence } } : {}),
};
/** The email form (subject line, blank line, body) of the sample group's summary and of its resolved notice. */
export function groupNoticeExamples(): { readonly summary: string; readonly resolved: string } {
  const done = resolved(g, { resource: vol(0), job: '6a1f0c52-3d8e-4b7a-9c21-5e4f3a2b1c0d', at: '2026-11-20T21:02:10.000Z' });
  const email = (kind: 'summary' | 'resolved', rec: GroupRecord): string => {
    const r = renderNotice(kind, rec, kind, 'en', messageTable());
    return `Subject: ${r.subject}\n\n${r.email}`;
  };
  return { summary: email('summary', g), resolved: email('resolved', done) };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  const { summary, resolved: done } = groupNoticeExamples();
  console.log(summary);
  console.log(done);
}
