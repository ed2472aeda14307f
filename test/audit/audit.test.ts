import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditChanges, renderAudit, type AuditFormat } from '../../lambdas/audit/render.ts';
import { runAudit } from '../../lambdas/audit/run.ts';
import { loadSnapshot } from '../../lambdas/cli/io.ts';
import { main } from '../../lambdas/cli/main.ts';
import type { Evidence, Lang } from '../../lambdas/model/types.ts';
import { parseAgentProfile } from '../../profiles/agent-profiles.ts';

const NOW = new Date('2026-11-21T00:00:00Z');
const dir = new URL('../../demo/audit/', import.meta.url).pathname;
const planted = loadSnapshot(`${dir}planted.json`);
const clean = loadSnapshot(`${dir}clean.json`);
const KEY = 'arn:aws:kms:ap-northeast-1:111122223333:key/0f4a8c1e-3b7d-4e25-9a61-backupvault01';

/** Each problem planted in demo/audit/planted.json: the check that reports it and the object at fault. */
const PLANTED: readonly [string, string][] = [
  ['audit-agent-upgrade', 'arn:aws:iam::111122223333:role/lifekeeper-node-role'],
  ['audit-completion-window', '8f1c2d3e-4a5b-4c6d-9e7f-0a1b2c3d4e5f/3eb0017c-f262-4211-a802-302cebb11dc2'],
  ['backup-retention-outside-vault-lock', 'prod-vault'],
  ['iam-role-permissions-backup', 'arn:aws:iam::111122223333:role/CustomBackupRole'],
  ['kms-key-policy-role', 'arn:aws:iam::111122223333:role/CustomBackupRole'],
  ['kms-key-state', KEY],
];

const FORMATS: readonly AuditFormat[] = ['text', 'json', 'slack', 'chatbot'];
const LANGS: readonly Lang[] = ['en', 'ja'];

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (f: (s: string) => void) => ({ write: (s: string) => (f(s), true) }) as unknown as NodeJS.WritableStream;
  const code = await main(args, { stdin: process.stdin, stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) });
  return { code, out, err };
}

describe('audit', () => {
  it('reports each planted problem and nothing else', () => {
    const report = runAudit(planted, { now: NOW });

    const got = report.findings.map((f) => [f.checkId, f.subject?.endsWith(':backup-vault:prod-vault') ? 'prod-vault' : f.subject]);
    expect(got).toEqual(PLANTED);
    expect(report.findings.every((f) => f.verdict === 'fail')).toBe(true);
  });

  it('gives no finding for the clean snapshot', () => {
    expect(runAudit(clean, { now: NOW }).findings).toEqual([]);
  });

  it('forecasts the completion window from the recent job durations', () => {
    const f = runAudit(planted, { now: NOW }).findings.find((x) => x.checkId === 'audit-completion-window');

    expect(f?.title.params).toMatchObject({ over: 3, total: 10, window: 180, longest: 214 });
  });

  it('names the next version and the actions it needs for a bound role', () => {
    const f = runAudit(planted, { now: NOW }).findings.find((x) => x.checkId === 'audit-agent-upgrade');

    expect(f?.title.params).toMatchObject({ version: '9.6.0', current: '9.5.2', count: 2, since: '9.6.0' });
    expect(JSON.parse(f?.fix?.snippet ?? '{}').Statement[0].Action).toEqual(['ec2:DescribeNetworkInterfaceAttribute', 'ec2:ModifyNetworkInterfaceAttribute']);
  });

  it.each(FORMATS.flatMap((format) => LANGS.map((lang) => [format, lang] as const)))('renders every planted finding and none for clean in %s/%s', async (format, lang) => {
    const bad = await cli(['audit', '--offline', `${dir}planted.json`, '--format', format, '--lang', lang, '--now', NOW.toISOString()]);
    const good = await cli(['audit', '--offline', `${dir}clean.json`, '--format', format, '--lang', lang, '--now', NOW.toISOString()]);

    expect(bad.code).toBe(0);
    expect(good.code).toBe(0);
    if (format !== 'text') {
      expect(() => JSON.parse(bad.out)).not.toThrow();
      expect(() => JSON.parse(good.out)).not.toThrow();
    }
    const marks = (s: string) => (format === 'json' ? (JSON.parse(s) as { findings: unknown[] }).findings.length : (s.match(/✗|:x:/g) ?? []).length);
    expect(marks(bad.out)).toBe(PLANTED.length);
    expect(marks(good.out)).toBe(0);
    expect(bad.out).toContain(lang === 'en' ? '3 of the last 10 jobs' : '直近 10 件のジョブのうち 3 件');
    if (format !== 'json') expect(bad.out).not.toMatch(/audit-agent-upgrade\.title|audit\.none/);
  });

  it('honours a user profile and stops on a malformed one with one line', async () => {
    const roles = { ...clean.roles } as Record<string, NonNullable<Evidence['roles']>[string]>;
    const arn = 'arn:aws:iam::111122223333:role/lifekeeper-node-role';
    roles[arn] = { ...roles[arn]!, tags: { 'backup-doctor:profile': 'acme-dns-failover@2.0' } };
    const user = parseAgentProfile(
      {
        id: 'acme-dns-failover', product: 'Acme', component: 'DNS', versions: ['2.0'],
        requirements: [{ since: '2.0', introduced: true, actions: [{ action: 'route53:GetChange' }], purpose: { en: 'wait', ja: '待機' }, basis: 'user-defined', verified: true, source: 'runbook' }],
      },
      'acme.json',
    );

    const report = runAudit({ ...clean, roles }, { now: NOW, agentProfiles: [user] });
    const broken = mkdtempSync(join(tmpdir(), 'profiles-'));
    writeFileSync(join(broken, 'mine.json'), JSON.stringify({ id: 'Bad Id' }));
    const bad = await cli(['audit', '--offline', `${dir}clean.json`, '--profiles', broken]);

    expect(report.findings.map((f) => [f.checkId, f.title.params?.actions])).toEqual([['audit-agent-role', 'route53:GetChange']]);
    expect(bad.code).toBe(1);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err).toContain('mine.json: id: ');
  });

  it('tells new findings and resolved ones apart', () => {
    const before = runAudit(planted, { now: NOW }).findings;
    const after = runAudit(clean, { now: NOW });

    const changes = auditChanges(after, before);
    const again = auditChanges(runAudit(planted, { now: NOW }), before);

    expect(changes.added).toEqual([]);
    expect(changes.resolved.map((f) => f.checkId)).toEqual(PLANTED.map(([id]) => id));
    expect(again.added).toEqual([]);
    expect(again.resolved).toEqual([]);
  });

  it('renders a report with a finding in each output form within the limits', () => {
    const report = runAudit(planted, { now: NOW });
    for (const format of FORMATS) expect(renderAudit(report, format, 'en').length).toBeGreaterThan(0);
    const slack = JSON.parse(renderAudit(report, 'slack', 'ja')) as { blocks: { text?: { text: string } }[] };
    expect(slack.blocks.length).toBeLessThanOrEqual(50);
    expect(slack.blocks.every((b) => (b.text?.text.length ?? 0) <= 3000)).toBe(true);
  });
});

describe('who changed what, in the audit', () => {
  const since = '2026-08-23T00:00:00.000Z';
  const until = NOW.toISOString();
  /** The key's history: DisableKey the day before (our own account data in the snapshot's change form). */
  const withHistory: Evidence = {
    ...planted,
    changes: {
      [KEY]: {
        subject: KEY,
        kind: 'key',
        since,
        until,
        events: [
          {
            eventName: 'DisableKey',
            eventTime: '2026-11-20T03:04:05.000Z',
            eventSource: 'kms.amazonaws.com',
            actor: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/Alice', accountId: '111122223333', userName: 'Alice' },
            sourceIp: '192.0.2.0',
            userAgent: 'AWS Internal',
            requestParameters: { keyId: '0f4a8c1e-3b7d-4e25-9a61-backupvault01' },
          },
        ],
      },
      'arn:aws:iam::111122223333:role/CustomBackupRole': {
        subject: 'arn:aws:iam::111122223333:role/CustomBackupRole',
        kind: 'role',
        since,
        until,
        events: [],
        incomplete: { why: 'access-denied' },
      },
    },
  };

  it('attaches to each finding the history of its object at fault, and nothing without a look-up', () => {
    const report = runAudit(withHistory, { now: NOW });

    expect(report.findings.find((f) => f.checkId === 'kms-key-state')?.changes).toMatchObject({ outcome: 'changed', latest: [{ eventName: 'DisableKey', who: 'arn:aws:iam::111122223333:user/Alice' }] });
    expect(report.findings.find((f) => f.checkId === 'iam-role-permissions-backup')?.changes?.outcome).toBe('not-allowed');
    expect(runAudit(planted, { now: NOW }).findings.every((f) => f.changes === undefined)).toBe(true);
  });

  it.each(LANGS)('says who last changed the key, and that the role could not be looked up, in every form (%s)', (lang) => {
    const report = runAudit(withHistory, { now: NOW });
    for (const format of FORMATS) {
      const out = renderAudit(report, format, lang);
      expect(out, format).toContain('arn:aws:iam::111122223333:user/Alice');
      expect(out, format).toContain('cloudtrail:LookupEvents');
    }
  });
});
