/**
 * A trust statement that admits the service under a condition this job cannot meet: the finding names the
 * condition and the value the job presents, and the fix corrects that value instead of adding a second,
 * unconditioned statement (which would drop the confused-deputy protection).
 */
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../lambdas/pipeline/index.ts';
import type { PolicyDocument } from '../../lambdas/model/types.ts';
import { compareDocuments } from '../../lambdas/fixes/safety.ts';
import { renderText } from '../../lambdas/pipeline/report.ts';
import { documentOfCommand, scenario, withTrust } from './helpers.ts';

const ROLE = 'arn:aws:iam::111122223333:role/BackupRole';
const OTHER = '444455556666';
const conditioned: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'BackupFromOurAccount',
      Effect: 'Allow',
      Principal: { Service: 'backup.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': OTHER }, StringLike: { 'aws:SourceAccount': '1111*' } },
    },
  ],
};

function run() {
  const s = scenario('01-role-not-trusted');
  return diagnose(s.event, withTrust(s.evidence, ROLE, conditioned), { now: s.now });
}

describe('a trust condition the job cannot meet', () => {
  it('names the condition and the value the job presents, and does not say the policy admits the service', () => {
    // Act
    const d = run();
    const top = d.findings[0]!;
    const text = renderText(d, { lang: 'en' });
    // Assess
    expect(top.checkId).toBe('iam-role-trust-backup');
    expect(top.detail?.key).toBe('trust.conditionFails');
    expect(top.facts).toContainEqual({ name: 'trustCondition', value: `StringEquals aws:SourceAccount ${OTHER} (BackupFromOurAccount)` });
    expect(top.facts).toContainEqual({ name: 'presentedValue', value: 'aws:SourceAccount = 111122223333' });
    expect(text).toContain(`only when StringEquals aws:SourceAccount ${OTHER}`);
    expect(text).not.toContain('The trust policy admits:');
  });

  it('corrects the value, keeps the other condition, adds no statement, and is proven', () => {
    // Act
    const top = run().findings[0]!;
    const written = documentOfCommand(top.fix!.command!) as PolicyDocument;
    // Assess
    expect(written).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          ...(conditioned.Statement as object[])[0],
          Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' }, StringLike: { 'aws:SourceAccount': '1111*' } },
        },
      ],
    });
    expect(top.fix?.verification).toMatchObject({ verified: true });
    expect(top.fix?.verification?.against[0]).toBe('iam-role-trust-backup');
  });

  it('rejects the old fix, a second unconditioned statement, as a weakening', () => {
    // Prepare
    const old: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        ...(conditioned.Statement as object[]),
        { Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ] as PolicyDocument['Statement'],
    };
    // Act
    const report = compareDocuments([conditioned], [old], {
      kind: 'trust-policy',
      roleArn: ROLE,
      document: old,
      needs: [{ principal: 'backup.amazonaws.com', actions: ['sts:AssumeRole'], context: { 'aws:SourceAccount': '111122223333' } }],
    });
    // Assess
    expect(report.broken.join('\n')).toMatch(/admits backup\.amazonaws\.com with fewer conditions than before/);
    expect(report.widened.some((w) => w.principal === 'backup.amazonaws.com' && w.context['aws:sourceaccount'] === '999999999999')).toBe(true);
  });

  it('withholds the command and says why when the only fix found would drop a Deny statement', () => {
    // Prepare: a Deny on the service, which the fix would have to remove
    const s = scenario('01-role-not-trusted');
    const denying: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole' },
        { Sid: 'NoBackup', Effect: 'Deny', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    };
    // Act
    const d = diagnose(s.event, withTrust(s.evidence, ROLE, denying), { now: s.now });
    const top = d.findings[0]!;
    // Assess
    expect(top.checkId).toBe('iam-role-trust-backup');
    expect(top.fix?.command).toBeUndefined();
    expect(top.fix?.snippet).toBeUndefined();
    expect(top.fix?.summary.key).toBe('fixes.unproven.trust');
    expect(String(top.fix?.summary.params?.reason)).toContain('drops or changes the Deny statement NoBackup');
    expect(top.fix?.verification?.verified).toBe(false);
  });
});
