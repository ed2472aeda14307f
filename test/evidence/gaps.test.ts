import { describe, expect, it } from 'vitest';
import {
  DescribeBackupJobCommand,
  DescribeBackupVaultCommand,
  GetBackupPlanCommand,
  ListBackupJobsCommand,
} from '@aws-sdk/client-backup';
import { DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { DescribeKeyCommand, GetKeyPolicyCommand, ListGrantsCommand } from '@aws-sdk/client-kms';
import type { GapReason } from '../../lambdas/model/types.ts';
import { collectEvidence, EvidenceCache } from '../../lambdas/evidence/index.ts';
import { gapReasonOf } from '../../lambdas/evidence/errors.ts';
import {
  awsError,
  eventFrom,
  KEY_ARN,
  MANAGED_ARN,
  mockedClients,
  PLAN_ID,
  programAccount,
  ROLE_ARN,
  VOLUME_ARN,
} from './helpers.ts';

const NOW = new Date('2020-07-29T20:20:00Z');
const event = () => eventFrom('backup-job-failed.json', { resourceArn: VOLUME_ARN, resourceType: 'EBS', plan: { planId: PLAN_ID } });
const VAULT_ARN = event().vaultArn ?? '';

type Mocks = ReturnType<typeof mockedClients>['mocks'];

// One row per read: how to make it fail, and the gap that must result.
const READS: readonly {
  readonly action: string;
  readonly subject: string;
  readonly fail: (mocks: Mocks, error: Error) => void;
}[] = [
  { action: 'backup:DescribeBackupJob', subject: event().jobId ?? '', fail: (m, e) => void m.backup.on(DescribeBackupJobCommand).rejects(e) },
  { action: 'backup:GetBackupPlan', subject: PLAN_ID, fail: (m, e) => void m.backup.on(GetBackupPlanCommand).rejects(e) },
  { action: 'backup:DescribeBackupVault', subject: VAULT_ARN, fail: (m, e) => void m.backup.on(DescribeBackupVaultCommand).rejects(e) },
  { action: 'backup:ListBackupJobs', subject: VOLUME_ARN, fail: (m, e) => void m.backup.on(ListBackupJobsCommand).rejects(e) },
  { action: 'iam:GetRole', subject: ROLE_ARN, fail: (m, e) => void m.iam.on(GetRoleCommand).rejects(e) },
  { action: 'iam:ListAttachedRolePolicies', subject: ROLE_ARN, fail: (m, e) => void m.iam.on(ListAttachedRolePoliciesCommand).rejects(e) },
  { action: 'iam:ListRolePolicies', subject: ROLE_ARN, fail: (m, e) => void m.iam.on(ListRolePoliciesCommand).rejects(e) },
  { action: 'iam:GetRolePolicy', subject: ROLE_ARN, fail: (m, e) => void m.iam.on(GetRolePolicyCommand).rejects(e) },
  { action: 'iam:GetPolicy', subject: MANAGED_ARN, fail: (m, e) => void m.iam.on(GetPolicyCommand, { PolicyArn: MANAGED_ARN }).rejects(e) },
  { action: 'iam:GetPolicyVersion', subject: MANAGED_ARN, fail: (m, e) => void m.iam.on(GetPolicyVersionCommand, { PolicyArn: MANAGED_ARN }).rejects(e) },
  { action: 'iam:SimulatePrincipalPolicy', subject: ROLE_ARN, fail: (m, e) => void m.iam.on(SimulatePrincipalPolicyCommand).rejects(e) },
  { action: 'kms:DescribeKey', subject: KEY_ARN, fail: (m, e) => void m.kms.on(DescribeKeyCommand, { KeyId: KEY_ARN }).rejects(e) },
  { action: 'kms:GetKeyPolicy', subject: KEY_ARN, fail: (m, e) => void m.kms.on(GetKeyPolicyCommand, { KeyId: KEY_ARN }).rejects(e) },
  { action: 'kms:ListGrants', subject: KEY_ARN, fail: (m, e) => void m.kms.on(ListGrantsCommand, { KeyId: KEY_ARN }).rejects(e) },
  { action: 'ec2:DescribeVolumes', subject: VOLUME_ARN, fail: (m, e) => void m.ec2.on(DescribeVolumesCommand).rejects(e) },
];

const ERRORS: readonly { readonly code: string; readonly status: number; readonly why: GapReason }[] = [
  { code: 'AccessDenied', status: 403, why: 'access-denied' },
  { code: 'AccessDeniedException', status: 400, why: 'access-denied' },
  { code: 'UnauthorizedOperation', status: 403, why: 'access-denied' },
  { code: 'Throttling', status: 400, why: 'throttled' },
  { code: 'ThrottlingException', status: 400, why: 'throttled' },
  { code: 'RequestLimitExceeded', status: 503, why: 'throttled' },
  { code: 'ServiceUnavailable', status: 503, why: 'error' },
];

describe('error → gap mapping', () => {
  for (const read of READS) {
    for (const err of [ERRORS[0], ERRORS[4]] as const) {
      it(`records ${err?.why} for ${read.action} when it fails with ${err?.code}`, async () => {
        // Prepare
        const { clients, mocks } = mockedClients();
        programAccount(mocks);
        read.fail(mocks, awsError(err?.code ?? '', err?.status));

        // Act
        const evidence = await collectEvidence(event(), clients, { now: NOW, deadline: Date.now() + 30_000, cache: new EvidenceCache() });

        // Assess
        expect(evidence.gaps).toEqual([expect.objectContaining({ action: read.action, subject: read.subject, why: err?.why })]);
        expect(evidence.gaps[0]?.detail).toContain(err?.code);
      });
    }
  }

  it.each(ERRORS)('maps $code to $why', ({ code, status, why }) => {
    // Prepare
    const error = awsError(code, status);

    // Act
    const reason = gapReasonOf(error);

    // Assess
    expect(reason).toBe(why);
  });

  it.each(['NoSuchEntity', 'ResourceNotFoundException', 'NotFoundException', 'InvalidVolume.NotFound', 'DBInstanceNotFoundFault', 'NoSuchBucket'])(
    'maps %s to not-found',
    (code) => {
      expect(gapReasonOf(awsError(code, 404))).toBe('not-found');
    },
  );

  it('leaves an unknown client error unmapped so that it is thrown', () => {
    expect(gapReasonOf(awsError('ValidationError', 400))).toBeUndefined();
    expect(gapReasonOf(new TypeError('x is undefined'))).toBeUndefined();
  });

  it('keeps the rest of the evidence when the role is denied', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    programAccount(mocks);
    mocks.iam.reset().onAnyCommand().rejects(awsError('AccessDenied', 403));

    // Act
    const evidence = await collectEvidence(event(), clients, { now: NOW, deadline: Date.now() + 30_000, cache: new EvidenceCache() });

    // Assess
    expect(evidence.roles).toBeUndefined();
    expect(new Set(evidence.gaps.map((g) => g.why))).toEqual(new Set(['access-denied']));
    expect(evidence.gaps.every((g) => g.action?.startsWith('iam:'))).toBe(true);
    expect(evidence.vaults).toBeDefined();
    expect(evidence.keys?.[KEY_ARN]?.policy).toBeDefined();
    expect(evidence.resources?.[VOLUME_ARN]?.exists).toBe(true);
  });
});
