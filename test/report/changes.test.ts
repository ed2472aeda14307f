/**
 * Who changed what, and the encoded authorization message, from the evidence to every output format: the objects
 * at fault, the policy diff, the outcomes (changed, unchanged, not allowed, not read) in English and Japanese.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenarios, type Scenario } from '../../lambdas/cli/scenarios.ts';
import { diagnose } from '../../lambdas/pipeline/index.ts';
import { objectsAtFault, policyDiff, statementLine } from '../../lambdas/pipeline/changes.ts';
import { withFollowUps } from '../../lambdas/pipeline/follow-up.ts';
import { readDecoded } from '../../lambdas/evidence/authorization.ts';
import { render, renderChatSlack, renderChatText } from '../../lambdas/pipeline/report.ts';
import type { ChangeHistory, Diagnosis, Evidence, PolicyDocument } from '../../lambdas/model/types.ts';

const scenarios = loadScenarios();
const byId = (id: string): Scenario => scenarios.find((s) => s.id.startsWith(id)) as Scenario;
const CHANGED = byId('16-');
const PLAIN = byId('01-');
const DENIED = byId('50-');
const ROLE_01 = 'arn:aws:iam::111122223333:role/BackupRole';
const DECODE = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/events/sts-decode-authorization-message.json', import.meta.url)), 'utf8')) as {
  EncodedMessage: string;
  DecodedMessage: string;
};

const run = (s: Scenario, evidence: Evidence = s.evidence): Diagnosis =>
  diagnose(s.event, evidence, { now: s.now, agentProfiles: s.agentProfiles });
const trust = (service: string): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
});
const history = (patch: Partial<ChangeHistory>): ChangeHistory => ({
  subject: ROLE_01,
  kind: 'role',
  since: '2026-08-22T20:10:00.000Z',
  until: '2026-11-20T20:10:00.000Z',
  events: [],
  ...patch,
});
const FORMATS = ['text', 'email', 'slack', 'chatbot', 'json'] as const;
/** The text without white space: the text form wraps prose at 100 columns. */
const squeeze = (s: string): string => s.replace(/\s+/g, '');
/** Asserts that every format of `d` says `sentence`. */
function saysEverywhere(d: Diagnosis, lang: 'en' | 'ja', sentence: string): void {
  for (const format of FORMATS) expect(squeeze(render(d, { format, lang })), format).toContain(squeeze(sentence));
}

describe('policyDiff', () => {
  it('lists the statements added and removed, and counts the ones kept', () => {
    const before: PolicyDocument = { Statement: [...(trust('backup.amazonaws.com').Statement as never[]), { Effect: 'Deny', Action: 'iam:*', Resource: '*' }] };

    const diff = policyDiff(before, { Statement: [{ Effect: 'Deny', Action: ['iam:*'], Resource: ['*'] }, ...(trust('ec2.amazonaws.com').Statement as never[])] });

    expect(diff).toEqual({
      beforeKnown: true,
      added: ['Allow sts:AssumeRole to Service ec2.amazonaws.com'],
      removed: ['Allow sts:AssumeRole to Service backup.amazonaws.com'],
      unchanged: 1,
    });
  });

  it('says the earlier document is unknown and lists what the new one holds', () => {
    expect(policyDiff(undefined, trust('backup.amazonaws.com'), 'default')).toEqual({
      policyName: 'default',
      beforeKnown: false,
      added: ['Allow sts:AssumeRole to Service backup.amazonaws.com'],
      removed: [],
      unchanged: 0,
    });
  });

  it('writes conditions, resources and Sids into the statement line', () => {
    expect(
      statementLine({ Sid: 'S1', Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:us-east-1:111122223333:key/k', Condition: { StringEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } } }),
    ).toBe('[S1] Allow kms:Decrypt on arn:aws:kms:us-east-1:111122223333:key/k if StringEquals kms:ViaService=ec2.us-east-1.amazonaws.com');
  });
});

describe('who changed the object at fault', () => {
  it('blames the role of a failing trust finding, and nothing when no finding fails', () => {
    const d = run(PLAIN);

    expect(objectsAtFault(d.findings, PLAIN.evidence, PLAIN.event)).toEqual([{ kind: 'role', subject: ROLE_01 }]);
    expect(objectsAtFault(d.findings.filter((f) => f.verdict !== 'fail'), PLAIN.evidence, PLAIN.event)).toEqual([]);
  });

  it('names the person, the role session, the place and the statements changed the day before the failure', () => {
    const d = run(CHANGED);

    const role = d.changes?.[0];
    expect(role).toMatchObject({ kind: 'role', outcome: 'changed', more: 0 });
    expect(role?.latest[0]).toMatchObject({
      eventName: 'UpdateAssumeRolePolicy',
      eventTime: '2026-11-19T09:12:44.000Z',
      who: 'arn:aws:sts::111122223333:assumed-role/PlatformAdmin/alice',
      issuer: 'arn:aws:iam::111122223333:role/PlatformAdmin',
      sourceIp: '203.0.113.24',
      diff: { beforeKnown: true, added: ['Allow sts:AssumeRole to Service ec2.amazonaws.com'], removed: ['Allow sts:AssumeRole to Service backup.amazonaws.com'] },
    });
    // The earliest trust change in the window: what it replaced is not known.
    expect(role?.latest[1]?.diff?.beforeKnown).toBe(false);
    expect(role?.latest[2]).toMatchObject({ eventName: 'AttachRolePolicy', parameters: expect.stringContaining('policyArn=arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup') });
  });

  it.each(['en', 'ja'] as const)('shows the change in every format (%s)', (lang) => {
    const d = run(CHANGED);
    for (const format of FORMATS) {
      const out = render(d, { format, lang });
      expect(out, format).toContain('assumed-role/PlatformAdmin/alice');
      expect(out, format).toContain('Allow sts:AssumeRole to Service ec2.amazonaws.com');
    }
    expect(render(d, { format: 'text', lang })).toContain(lang === 'en' ? 'Who changed it (CloudTrail, last 90 days)' : '変更した人 (CloudTrail、過去 90 日)');
    const chat = renderChatSlack(d, { lang });
    expect(chat).toContain('assumed-role/PlatformAdmin/alice');
    expect(JSON.stringify(JSON.parse(chat).blocks).length).toBeLessThan(3000);
  });

  it('carries the changes in the JSON form, with their sentence', () => {
    const json = JSON.parse(render(run(CHANGED), { format: 'json', lang: 'en' })) as { changes: { outcome: string; text: string; latest: { who: string }[] }[] };

    expect(json.changes[0]?.outcome).toBe('changed');
    expect(json.changes[0]?.latest[0]?.who).toBe('arn:aws:sts::111122223333:assumed-role/PlatformAdmin/alice');
    expect(json.changes[0]?.text).toMatch(/^The role arn:aws:iam::111122223333:role\/NightlyBackupRole was changed 3 time/);
  });

  it.each([
    ['en', 'No change to the role arn:aws:iam::111122223333:role/BackupRole in the last 90 days'],
    ['ja', 'ロール arn:aws:iam::111122223333:role/BackupRole は過去 90 日間に変更されていません'],
  ] as const)('says so when nothing changed in the window (%s)', (lang, sentence) => {
    const d = run(PLAIN, { ...PLAIN.evidence, changes: { [ROLE_01]: history({}) } });

    expect(d.changes?.[0]?.outcome).toBe('unchanged');
    saysEverywhere(d, lang, sentence);
  });

  it.each([
    ['en', 'the look-up was not allowed (backup-doctor needs cloudtrail:LookupEvents)'],
    ['ja', '検索が許可されていません (backup-doctor には cloudtrail:LookupEvents が必要です)'],
  ] as const)('says the look-up was not allowed when CloudTrail denied it (%s)', (lang, sentence) => {
    const d = run(PLAIN, {
      ...PLAIN.evidence,
      changes: { [ROLE_01]: history({ incomplete: { why: 'access-denied', detail: 'AccessDeniedException: denied' } }) },
      gaps: [{ what: `cloudtrail:LookupEvents (who changed ${ROLE_01})`, subject: ROLE_01, action: 'cloudtrail:LookupEvents', why: 'access-denied' }],
    });

    expect(d.changes?.[0]?.outcome).toBe('not-allowed');
    saysEverywhere(d, lang, sentence);
    expect(renderChatText(d, { lang })).toContain(sentence);
  });

  it('says an object was not looked up rather than unchanged, and shows no section when the snapshot holds no look-up', () => {
    const skipped = run(PLAIN, { ...PLAIN.evidence, changes: {} });
    expect(skipped.changes).toEqual([{ subject: ROLE_01, kind: 'role', outcome: 'not-read', latest: [], more: 0, detail: 'not looked up' }]);

    const none = run(PLAIN);
    expect(none.changes).toBeUndefined();
    expect(render(none, { format: 'text', lang: 'en' })).not.toContain('Who changed it');
  });
});

describe('withFollowUps', () => {
  it('looks up the objects the failing findings blame, once, and merges the answer and its gaps', async () => {
    const asked: unknown[] = [];
    const evidence = await withFollowUps(
      PLAIN.event,
      PLAIN.evidence,
      {
        changes: async (objects) => {
          asked.push(objects);
          return { value: { [ROLE_01]: history({}) }, gaps: [{ what: 'x', why: 'throttled' }] };
        },
      },
      { now: PLAIN.now },
    );

    expect(asked).toEqual([[{ kind: 'role', subject: ROLE_01 }]]);
    expect(evidence.changes?.[ROLE_01]?.events).toEqual([]);
    expect(evidence.gaps).toContainEqual({ what: 'x', why: 'throttled' });
  });

  it('decodes a whole encoded message when allowed, and never one AWS cut short', async () => {
    const encoded = DECODE.EncodedMessage;
    const event = { ...DENIED.event, denied: { ...DENIED.event.denied!, encodedMessage: encoded } };
    const decodes: string[] = [];
    const decode = async (m: string) => {
      decodes.push(m);
      return { value: readDecoded(m, DECODE.DecodedMessage), gaps: [] };
    };

    const evidence = await withFollowUps(event, DENIED.evidence, { decode }, { now: DENIED.now, agentProfiles: DENIED.agentProfiles });
    await withFollowUps(DENIED.event, DENIED.evidence, { decode }, { now: DENIED.now, agentProfiles: DENIED.agentProfiles });

    expect(decodes).toEqual([encoded]);
    const d = diagnose(event, evidence, { now: DENIED.now, agentProfiles: DENIED.agentProfiles });
    expect(d.authorization?.decoded).toMatchObject({ explicitDeny: true, action: 'RunInstances' });
    const text = squeeze(render(d, { format: 'text', lang: 'en' }));
    expect(text).toContain(squeeze('STS decoded it: an explicit deny refused RunInstances on arn:aws:ec2:us-east-1:111122223333:instance/* to arn:aws:sts::111122223333:assumed-role/Developer/Ana (1 matching statement(s)).'));
  });
});

describe('the encoded authorization message', () => {
  it('is shown as the quoted command that decodes it when the opt-in is off', () => {
    const event = { ...DENIED.event, denied: { ...DENIED.event.denied!, encodedMessage: DECODE.EncodedMessage } };
    const d = diagnose(event, DENIED.evidence, { now: DENIED.now, agentProfiles: DENIED.agentProfiles });

    expect(d.authorization).toMatchObject({ notDecodedBecause: 'not-enabled' });
    expect(d.authorization?.command).toBe(`aws sts decode-authorization-message --encoded-message ${DECODE.EncodedMessage} --query DecodedMessage --output text`);
    for (const lang of ['en', 'ja'] as const) {
      for (const format of FORMATS) expect(render(d, { format, lang }), `${format} ${lang}`).toContain('decodeAuthorizationMessages=true');
    }
  });

  it('quotes a message that holds shell characters, and uses a placeholder for one AWS cut short', () => {
    const hostile = { ...DENIED.event, denied: { ...DENIED.event.denied!, encodedMessage: "abc'$(rm -rf ~)" } };
    expect(diagnose(hostile, DENIED.evidence, { now: DENIED.now }).authorization?.command).toContain(`--encoded-message 'abc'\\''$(rm -rf ~)'`);

    const cut = run(DENIED);
    expect(cut.authorization).toMatchObject({ notDecodedBecause: 'truncated' });
    expect(cut.authorization?.command).toContain('--encoded-message <encoded-message> ');
  });

  it('says why when STS refused to decode it', () => {
    const event = { ...DENIED.event, denied: { ...DENIED.event.denied!, encodedMessage: DECODE.EncodedMessage } };
    const evidence = { ...DENIED.evidence, gaps: [...DENIED.evidence.gaps, { what: 'sts', action: 'sts:DecodeAuthorizationMessage', why: 'access-denied' as const }] };

    const d = diagnose(event, evidence, { now: DENIED.now, agentProfiles: DENIED.agentProfiles });

    expect(d.authorization?.notDecodedBecause).toBe('access-denied');
    expect(squeeze(render(d, { format: 'text', lang: 'en' }))).toContain(squeeze('Not decoded (access denied on sts:DecodeAuthorizationMessage)'));
  });
});
