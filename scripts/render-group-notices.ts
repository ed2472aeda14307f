/** Prints a summary and a resolved notice (email form) of a sample group: the examples in the README. */
import { renderNotice, resolved, type GroupRecord } from '../lambdas/grouping/index.ts';
import { messageTable } from '../lambdas/pipeline/report.ts';
const role = 'arn:aws:iam::111122223333:role/BackupRole';
const vol = (i: number) => `arn:aws:ec2:ap-northeast-1:111122223333:volume/vol-${String(i).padStart(17, '0')}`;
const later = Array.from({ length: 23 }, (_, i) => vol(i + 1));
const g: GroupRecord = {
  fingerprint: `111122223333|ap-northeast-1|iam-trust|iam-role-trust-backup|${role}`,
  state: 'open',
  cause: { account: '111122223333', region: 'ap-northeast-1', category: 'iam-trust', checkId: 'iam-role-trust-backup', object: role,
    headline: { key: 'iam-role-trust-backup.fail', params: { role: 'BackupRole' } } },
  openedAt: '2026-11-20T20:07:41.000Z', closesAt: '2026-11-20T21:07:41.000Z', lastAt: '2026-11-20T20:31:05.000Z',
  first: 'job-0', members: later.map((_, i) => `job-${i + 1}`), overflow: 0, resources: [vol(0), ...later], laterResources: later,
};
for (const [kind, rec] of [['summary', g], ['resolved', resolved(g, { resource: vol(0), job: '6a1f0c52-3d8e-4b7a-9c21-5e4f3a2b1c0d', at: '2026-11-20T21:02:10.000Z' })]] as const) {
  const r = renderNotice(kind, rec, kind, 'en', messageTable());
  console.log(`Subject: ${r.subject}\n\n${r.email}`);
}
