/**
 * Property: over generated trust and key policies, every fix that is shown with a command was proven: the command
 * writes exactly the patched document; applied, it makes its check pass, turns no other check to fail, and the
 * evaluator finds no request it allows that was denied before and not needed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../lambdas/checks/registry.ts';
import { runChecks } from '../../lambdas/checks/runner.ts';
import { classifyEvent } from '../../lambdas/catalog/index.ts';
import { diagnose } from '../../lambdas/pipeline/index.ts';
import type { Evidence, PolicyDocument, PolicyStatement } from '../../lambdas/model/types.ts';
import { EDITS_POLICY } from '../../lambdas/fixes/prove.ts';
import { applyPatch, documentsOf } from '../../lambdas/fixes/patch.ts';
import { compareDocuments } from '../../lambdas/fixes/safety.ts';
import { documentOfCommand, scenario, withKeyPolicy, withTrust } from './helpers.ts';

const ACCOUNT = '111122223333';
const principals = fc.constantFrom<PolicyStatement['Principal']>(
  { Service: 'backup.amazonaws.com' },
  { Service: 'ec2.amazonaws.com' },
  { Service: ['backup.amazonaws.com', 'ec2.amazonaws.com'] },
  { AWS: `arn:aws:iam::${ACCOUNT}:root` },
  { AWS: `arn:aws:iam::${ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole` },
  { AWS: 'arn:aws:iam::444455556666:root' },
);
const conditions = fc.option(
  fc.record({
    op: fc.constantFrom('StringEquals', 'StringLike', 'StringNotEquals', 'ArnLike'),
    key: fc.constantFrom('aws:SourceAccount', 'aws:SourceArn', 'kms:ViaService', 'kms:CallerAccount'),
    value: fc.constantFrom(ACCOUNT, '444455556666', 'backup.ap-northeast-1.amazonaws.com', '1111*'),
  }),
  { nil: undefined },
);
const statement = (actions: readonly string[]) =>
  fc
    .record({
      effect: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Allow', 'Allow', 'Deny'),
      principal: principals,
      action: fc.constantFrom(...actions),
      condition: conditions,
      sid: fc.option(fc.constantFrom('A', 'B', 'C'), { nil: undefined }),
    })
    .map(
      (r): PolicyStatement => ({
        ...(r.sid ? { Sid: r.sid } : {}),
        Effect: r.effect,
        Principal: r.principal,
        Action: r.action,
        Resource: '*',
        ...(r.condition ? { Condition: { [r.condition.op]: { [r.condition.key]: r.condition.value } } } : {}),
      }),
    );
const doc = (actions: readonly string[]) =>
  fc.array(statement(actions), { minLength: 1, maxLength: 4 }).map((s): PolicyDocument => ({ Version: '2012-10-17', Statement: s }));

/** Every shown fix of a diagnosis of `evidence`, checked against the property. */
function assertProven(id: string, evidence: Evidence): number {
  const s = scenario(id);
  const d = diagnose(s.event, evidence, { now: s.now });
  const before = runChecks({ event: s.event, evidence, classification: classifyEvent(s.event), now: s.now }, CHECKS);
  let shown = 0;
  for (const f of d.findings) {
    const command = f.fix?.command;
    if (!command || !EDITS_POLICY.test(command)) continue;
    shown += 1;
    const patch = f.fix!.patch!;
    expect(f.fix!.verification?.verified).toBe(true);
    // The command writes exactly the patched document (or the key policy file that the snippet shows).
    const written = documentOfCommand(command) ?? JSON.parse(f.fix!.snippet!);
    expect(written).toEqual(patch.document);
    const after = applyPatch(evidence, patch);
    const rerun = runChecks({ event: s.event, evidence: after, classification: classifyEvent(s.event), now: s.now }, CHECKS);
    expect(rerun.find((r) => r.checkId === f.checkId)?.verdict).toBe('pass');
    for (const r of rerun) {
      const was = before.find((b) => b.checkId === r.checkId)!;
      if (was.verdict !== 'fail' && was.verdict !== 'error') expect([r.checkId, r.verdict]).not.toEqual([r.checkId, 'fail']);
    }
    const docs = documentsOf(evidence, patch);
    const safety = compareDocuments(docs.before, docs.after, patch);
    expect(safety.broken).toEqual([]);
    expect(safety.widened).toEqual([]);
  }
  return shown;
}

describe('proven fixes (property)', () => {
  it('proves every shown trust-policy fix over generated trust policies', () => {
    const s = scenario('01-role-not-trusted');
    let shown = 0;
    fc.assert(
      fc.property(doc(['sts:AssumeRole', 'sts:TagSession']), (trust) => {
        shown += assertProven(s.id, withTrust(s.evidence, 'arn:aws:iam::111122223333:role/BackupRole', trust));
      }),
      { numRuns: 60, seed: 12 },
    );
    expect(shown).toBeGreaterThan(5);
  });

  it('proves every shown key-policy fix over generated key policies', () => {
    const s = scenario('04-key-policy-without-root');
    let shown = 0;
    fc.assert(
      fc.property(doc(['kms:*', 'kms:Decrypt', 'kms:CreateGrant', 'kms:DescribeKey', 'kms:GenerateDataKey']), (policy) => {
        shown += assertProven(s.id, withKeyPolicy(s.evidence, 'arn:aws:kms:ap-northeast-1:111122223333:key/5c7d9e1f-6a2b-4c3d-8e4f-ebsvolumekey01', policy));
      }),
      { numRuns: 50, seed: 4 },
    );
    expect(shown).toBeGreaterThan(5);
  });
});
