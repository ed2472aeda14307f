/**
 * Shared set-up for the collector tests: events parsed from the captured fixtures, clients whose `send` is
 * mocked per instance, and a small synthetic account (our own data, not AWS messages).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { mockClient } from 'aws-sdk-client-mock';
import { createClients } from '../../lambdas/evidence/index.ts';
import type { Clients } from '../../lambdas/evidence/index.ts';
import { parseInput } from '../../lambdas/events/index.ts';
import type { FailureEvent, PolicyDocument } from '../../lambdas/model/types.ts';
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

/** Parses a captured event fixture into its FailureEvent, then applies `patch` (clone and alter). */
export function eventFrom(file: string, patch: Partial<FailureEvent> = {}): FailureEvent {
  const path = fileURLToPath(new URL(`../fixtures/events/${file}`, import.meta.url));
  const parsed = parseInput(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.ok || parsed.events[0] === undefined) throw new Error(`fixture ${file} did not parse`);
  return { ...parsed.events[0], ...patch };
}

/** The account of the AWS Backup documentation examples (13 digits, as the documentation prints it). */
export const ACCOUNT = '1112233445566';
export const REGION = 'us-west-2';

type Stubs = { [K in keyof Clients]: AwsClientStub<Clients[K]> };

/** Real clients whose `send` is mocked per instance; every command resolves `{}` unless a test says otherwise. */
export function mockedClients(): { clients: Clients; mocks: Stubs } {
  const clients = createClients({ region: REGION, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const mocks = Object.fromEntries(
    Object.entries(clients).map(([name, client]) => {
      const stub = mockClient(client as Clients['iam']);
      stub.onAnyCommand().resolves({});
      return [name, stub];
    }),
  ) as unknown as Stubs;
  return { clients, mocks };
}

/** The services' IAM prefixes, per client. */
const PREFIX: Record<keyof Clients, string> = {
  backup: 'backup',
  iam: 'iam',
  kms: 'kms',
  ec2: 'ec2',
  rds: 'rds',
  efs: 'elasticfilesystem',
  dynamodb: 'dynamodb',
  s3: 's3',
  ecs: 'ecs',
  cloudtrail: 'cloudtrail',
  cloudtrailGlobal: 'cloudtrail',
  sts: 'sts',
};

/** Commands whose IAM action is not named like the command. */
const ACTION_OF_COMMAND: Record<string, string> = {
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
};

/** The IAM action behind every command sent through the mocks, e.g. "iam:GetRole". */
export function sentActions(mocks: Stubs): string[] {
  const actions: string[] = [];
  for (const [name, stub] of Object.entries(mocks) as [keyof Clients, AwsClientStub<Clients['iam']>][]) {
    for (const call of stub.calls()) {
      const command = (call.args[0] as object).constructor.name.replace(/Command$/, '');
      const action = `${PREFIX[name]}:${command}`;
      actions.push(ACTION_OF_COMMAND[action] ?? action);
    }
  }
  return actions;
}

/** An AWS SDK-style error with the given code, as the SDK deserialises it. */
export function awsError(code: string, status = 400): Error {
  return Object.assign(new Error(`${code} (test)`), {
    name: code,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  });
}

/** URL-encodes a policy document as IAM returns it. */
export function iamEncoded(doc: unknown): string {
  return encodeURIComponent(JSON.stringify(doc));
}

export const ROLE_NAME = 'MockRCBackupTestRole';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE_NAME}`;
export const VAULT_NAME = '9ab3e749-82c6-4342-9320-5edbf4918b86';
export const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const VOLUME_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0987dcba-09fe-87dc-65ba-ab0987654321`;
export const VOLUME_ARN = `arn:aws:ec2:${REGION}:${ACCOUNT}:volume/vol-0123456789abcdef0`;
export const MANAGED_ARN = 'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup';
export const BOUNDARY_ARN = `arn:aws:iam::${ACCOUNT}:policy/Boundary`;
export const PLAN_ID = 'b2d1f4a6-plan';

export const TRUST: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};
export const MANAGED_DOC: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['ec2:CreateSnapshot', 'ec2:DescribeVolumes'], Resource: '*' }],
};
export const INLINE_DOC: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY_ARN, Condition: { StringEquals: { 'kms:ViaService': 'ec2.us-west-2.amazonaws.com' } } }],
};
export const BOUNDARY_DOC: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
export const KEY_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Id: 'key-default-1',
  Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
};

/** Programs the mocks with one healthy account: an EBS volume backed up by a role with three kinds of policy. */
export function programAccount(mocks: Stubs): void {
  mocks.backup.on(DescribeBackupJobCommand).resolves({
    BackupJobId: '34176239-e96d-4e1d-9fad-529dbb3c3556',
    BackupVaultName: VAULT_NAME,
    ResourceArn: VOLUME_ARN,
    ResourceType: 'EBS',
    IamRoleArn: ROLE_ARN,
    State: 'FAILED',
    CreationDate: new Date('2020-07-29T20:13:07.392Z'),
    StartBy: new Date('2020-07-30T04:13:07.392Z'),
    CreatedBy: { BackupPlanId: PLAN_ID, BackupRuleId: 'rule-1' },
  });
  mocks.backup.on(GetBackupPlanCommand).resolves({
    BackupPlanId: PLAN_ID,
    VersionId: 'v1',
    BackupPlan: {
      BackupPlanName: 'daily',
      Rules: [
        {
          RuleId: 'rule-1',
          RuleName: 'daily',
          TargetBackupVaultName: VAULT_NAME,
          ScheduleExpression: 'cron(0 5 ? * * *)',
          StartWindowMinutes: 60,
          CompletionWindowMinutes: 120,
          Lifecycle: { DeleteAfterDays: 35 },
          CopyActions: [{ DestinationBackupVaultArn: `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:dr`, Lifecycle: { DeleteAfterDays: 90 } }],
        },
      ],
    },
  });
  mocks.backup.on(DescribeBackupVaultCommand).resolves({
    BackupVaultName: VAULT_NAME,
    BackupVaultArn: `arn:aws:backup:${REGION}:${ACCOUNT}:backup-vault:${VAULT_NAME}`,
    EncryptionKeyArn: KEY_ARN,
    Locked: true,
    MinRetentionDays: 7,
    MaxRetentionDays: 30,
  });
  mocks.backup.on(ListBackupJobsCommand).resolves({
    BackupJobs: [
      { BackupJobId: 'older', State: 'COMPLETED', CreationDate: new Date('2020-07-27T05:00:00Z'), ResourceArn: VOLUME_ARN },
      { BackupJobId: 'newer', State: 'COMPLETED', CreationDate: new Date('2020-07-28T05:00:00Z'), ResourceArn: VOLUME_ARN },
    ],
  });
  mocks.iam.on(GetRoleCommand).resolves({
    Role: {
      Path: '/',
      RoleName: ROLE_NAME,
      RoleId: 'AROAEXAMPLE',
      Arn: ROLE_ARN,
      CreateDate: new Date('2020-01-01T00:00:00Z'),
      AssumeRolePolicyDocument: iamEncoded(TRUST),
      PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: BOUNDARY_ARN },
    },
  });
  mocks.iam.on(ListAttachedRolePoliciesCommand).resolves({
    AttachedPolicies: [{ PolicyName: 'AWSBackupServiceRolePolicyForBackup', PolicyArn: MANAGED_ARN }],
  });
  mocks.iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ['kms-use'] });
  mocks.iam.on(GetRolePolicyCommand).resolves({ RoleName: ROLE_NAME, PolicyName: 'kms-use', PolicyDocument: iamEncoded(INLINE_DOC) });
  mocks.iam.on(GetPolicyCommand, { PolicyArn: MANAGED_ARN }).resolves({ Policy: { Arn: MANAGED_ARN, DefaultVersionId: 'v12' } });
  mocks.iam.on(GetPolicyCommand, { PolicyArn: BOUNDARY_ARN }).resolves({ Policy: { Arn: BOUNDARY_ARN, DefaultVersionId: 'v1' } });
  mocks.iam
    .on(GetPolicyVersionCommand, { PolicyArn: MANAGED_ARN })
    .resolves({ PolicyVersion: { VersionId: 'v12', Document: iamEncoded(MANAGED_DOC) } });
  mocks.iam
    .on(GetPolicyVersionCommand, { PolicyArn: BOUNDARY_ARN })
    .resolves({ PolicyVersion: { VersionId: 'v1', Document: iamEncoded(BOUNDARY_DOC) } });
  mocks.iam.on(SimulatePrincipalPolicyCommand).callsFake((input: { ActionNames?: string[] }) => ({
    EvaluationResults: (input.ActionNames ?? []).map((a) => ({ EvalActionName: a, EvalDecision: a === 'ec2:CopySnapshot' ? 'implicitDeny' : 'allowed' })),
  }));
  mocks.kms.on(DescribeKeyCommand).callsFake((input: { KeyId?: string }) => ({
    KeyMetadata: { Arn: input.KeyId, KeyId: input.KeyId?.split('/').pop(), KeyState: 'Enabled', KeyManager: 'CUSTOMER', Origin: 'AWS_KMS' },
  }));
  mocks.kms.on(GetKeyPolicyCommand).resolves({ Policy: JSON.stringify(KEY_POLICY), PolicyName: 'default' });
  mocks.kms.on(ListGrantsCommand).resolves({
    Grants: [{ GrantId: 'g-1', GranteePrincipal: ROLE_ARN, Operations: ['Decrypt', 'CreateGrant'] }],
  });
  mocks.ec2.on(DescribeVolumesCommand).resolves({
    Volumes: [{ VolumeId: 'vol-0123456789abcdef0', Encrypted: true, KmsKeyId: VOLUME_KEY_ARN }],
  });
}
