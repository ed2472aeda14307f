import { afterEach, describe, expect, it } from 'vitest';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import type { Evidence } from '../../lambdas/model/types.ts';
import { startFakeAws } from './fake-aws.ts';
import type { FakeAws } from './fake-aws.ts';

const ROLE = 'arn:aws:iam::111122223333:role/BackupRole';
const SNAPSHOT: Evidence = {
  schemaVersion: 1,
  roles: { [ROLE]: { arn: ROLE, name: 'BackupRole', exists: true } },
  keys: { 'arn:aws:kms:us-east-1:111122223333:key/k-1': { arn: 'arn:aws:kms:us-east-1:111122223333:key/k-1', keyId: 'k-1', state: 'Disabled' } },
  aliases: { 'alias/backup': 'arn:aws:kms:us-east-1:111122223333:key/k-1' },
  gaps: [],
};
const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };

let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function throttledPattern(seed: number): Promise<boolean[]> {
  const aws = await startFakeAws(SNAPSHOT, { seed, faults: { 'iam:GetRole': { throttle: 0.5 } } });
  const iam = new IAMClient({ region: 'us-east-1', endpoint: aws.url, credentials, maxAttempts: 1 });
  for (let i = 0; i < 12; i++) await iam.send(new GetRoleCommand({ RoleName: 'BackupRole' })).catch(() => undefined);
  await aws.close();
  return aws.requests.map((r) => r.status !== 200);
}

describe('fake-aws', () => {
  it('replays the same throttled responses for the same seed', async () => {
    // Act
    const first = await throttledPattern(9);
    const second = await throttledPattern(9);

    // Assess
    expect(first).toEqual(second);
    expect(first).toContain(true);
    expect(first).toContain(false);
  });

  it('resolves a key through its alias and records the service and action of each request', async () => {
    // Prepare
    fake = await startFakeAws(SNAPSHOT);
    const kms = new KMSClient({ region: 'us-east-1', endpoint: fake.url, credentials });

    // Act
    const out = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/backup' }));

    // Assess
    expect(out.KeyMetadata).toMatchObject({ KeyId: 'k-1', KeyState: 'Disabled' });
    expect(fake.requests).toEqual([{ service: 'kms', action: 'DescribeKey', status: 200 }]);
  });

  it('answers a denied action with the service error the SDK parses, and lifts it with setFaults', async () => {
    // Prepare
    fake = await startFakeAws(SNAPSHOT, { faults: { iam: { accessDenied: true } } });
    const iam = new IAMClient({ region: 'us-east-1', endpoint: fake.url, credentials, maxAttempts: 1 });

    // Act
    const denied = await iam.send(new GetRoleCommand({ RoleName: 'BackupRole' })).catch((e: unknown) => e);
    fake.setFaults({});
    const allowed = await iam.send(new GetRoleCommand({ RoleName: 'BackupRole' }));

    // Assess
    expect((denied as Error).name).toBe('AccessDenied');
    expect(allowed.Role?.Arn).toBe(ROLE);
  });
});
