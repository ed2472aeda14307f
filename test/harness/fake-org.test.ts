import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../lambdas/model/types.ts';
import { type FakeOrg, startFakeOrg } from './fake-org.ts';

const A = '444455556666';
const B = '222233334444';
const ORG = 'o-exampleorgid';
const TRUST: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${A}:role/Diagnoser` },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'right', 'aws:PrincipalOrgID': ORG } },
    },
  ],
};
const ROLE = `arn:aws:iam::${B}:role/inspection`;

let org: FakeOrg;
beforeAll(async () => {
  org = await startFakeOrg({
    organizationId: ORG,
    central: { account: A, snapshot: { schemaVersion: 1, gaps: [] }, sessionArn: `arn:aws:sts::${A}:assumed-role/Diagnoser/fn` },
    members: [
      {
        account: B,
        snapshot: { schemaVersion: 1, account: B, roles: { [ROLE]: { arn: ROLE, name: 'inspection', exists: true } }, gaps: [] },
        role: { name: 'inspection', trustPolicy: TRUST },
      },
    ],
  });
});
afterAll(() => org.close());

const sts = (accessKeyId: string) =>
  new STSClient({ region: 'us-east-1', endpoint: org.url, credentials: { accessKeyId, secretAccessKey: 'x' }, maxAttempts: 1 });

describe('fake organization', () => {
  it('grants AssumeRole when the trust policy allows the caller with the external id, over the Query protocol', async () => {
    const out = await sts(org.centralAccessKeyId).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 's', ExternalId: 'right' }));
    expect(out.Credentials?.AccessKeyId).toMatch(new RegExp(`^ASIA${B}`));
    expect(out.Credentials?.Expiration).toBeInstanceOf(Date);
    // The issued key reaches B's fake, and the call is recorded with that key.
    const iam = new IAMClient({
      region: 'us-east-1',
      endpoint: org.url,
      credentials: { accessKeyId: out.Credentials?.AccessKeyId ?? '', secretAccessKey: 'x', sessionToken: out.Credentials?.SessionToken ?? '' },
    });
    const role = await iam.send(new GetRoleCommand({ RoleName: 'inspection' }));
    expect(role.Role?.Arn).toBe(ROLE);
    expect(org.calls.at(-1)).toMatchObject({ accessKeyId: out.Credentials?.AccessKeyId, account: B, service: 'iam', action: 'GetRole', status: 200 });
  });

  it('denies a wrong external id and a role that is not there', async () => {
    await expect(sts(org.centralAccessKeyId).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 's', ExternalId: 'wrong' }))).rejects.toMatchObject({
      name: 'AccessDenied',
    });
    await expect(
      sts(org.centralAccessKeyId).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${B}:role/other`, RoleSessionName: 's', ExternalId: 'right' })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('refuses a key it never issued', async () => {
    await expect(sts('AKIAUNKNOWN').send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 's', ExternalId: 'right' }))).rejects.toMatchObject({
      name: 'InvalidClientTokenId',
    });
  });
});
