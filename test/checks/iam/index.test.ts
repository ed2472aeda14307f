import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FailureEvent } from '../../../lambdas/model/types.ts';
import { iamChecks } from '../../../lambdas/checks/iam/index.ts';
import { kmsChecks } from '../../../lambdas/checks/kms/index.ts';
import { runChecks } from '../../../lambdas/checks/runner.ts';
import { ctx, evidence } from './fixtures.ts';

const checks = [...iamChecks, ...kmsChecks];

describe('iam and kms checks', () => {
  it('declares unique ids', () => {
    // Assess
    expect(new Set(checks.map((c) => c.id)).size).toBe(checks.length);
  });

  it.each(checks.map((c) => [c.id, c] as const))('%s declares the same message keys in en and ja, under its id', (id, check) => {
    // Act
    const en = Object.keys(check.messages.en).sort();
    const ja = Object.keys(check.messages.ja).sort();

    // Assess
    expect(ja).toEqual(en);
    for (const k of en) expect(k.startsWith(`${id}.`) || k.startsWith('fact.'), k).toBe(true);
    for (const k of en) expect(check.messages.ja[k], k).not.toBe(check.messages.en[k]);
  });

  it('runs every check on the AWS documentation example of a failed copy job without an error verdict', () => {
    // Prepare: the fields of /work/shared/aws-reference/events/copy-job-failed.json (AWS Backup guide, eventbridge.html).
    const raw = JSON.parse(readFileSync('/work/shared/aws-reference/events/copy-job-failed.json', 'utf8')) as {
      account: string;
      region: string;
      detail: Record<string, string>;
    };
    const d = raw.detail;
    const e: FailureEvent = {
      kind: 'copy-job',
      origin: 'eventbridge',
      id: d.copyJobId!,
      jobId: d.copyJobId!,
      account: raw.account,
      region: raw.region,
      state: d.state!,
      statusMessage: d.statusMessage!,
      resourceArn: d.resourceArn!,
      resourceType: d.resourceType!,
      roleArn: d.iamRoleArn!,
      sourceVaultArn: d.sourceBackupVaultArn!,
      destinationVaultArn: d.destinationBackupVaultArn!,
      raw,
    };

    // Act
    const findings = runChecks(ctx(e, evidence({ roles: {}, resources: {}, vaults: {}, keys: {} })), checks);

    // Assess
    expect(findings.map((f) => f.verdict)).not.toContain('error');
    expect(findings.find((f) => f.checkId === 'iam-role-permissions-backup')?.verdict).toBe('inconclusive');
  });
});
