import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemberCredentials, memberRoleArn } from '../../lambdas/evidence/credentials.ts';

const CONFIG = { roleName: 'backup-doctor-inspection', externalId: 'backup-doctor-o-exampleorgid' };
const HOUR = 3_600_000;

/** An STS error as the SDK raises it (name = the error code). */
function stsError(name: string, status: number): Error {
  return Object.assign(new Error(`fake ${name}`), { name, $metadata: { httpStatusCode: status }, $fault: 'client' });
}

describe('MemberCredentials', () => {
  const sts = new STSClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const stub = mockClient(sts);
  let now = 1_000_000_000_000;
  const clock = () => now;
  const granted = (account: string) => ({
    Credentials: {
      AccessKeyId: `ASIA${account}`,
      SecretAccessKey: 's',
      SessionToken: 't',
      Expiration: new Date(now + HOUR),
    },
  });

  beforeEach(() => {
    stub.reset();
    now = 1_000_000_000_000;
    stub.on(AssumeRoleCommand).callsFake((input: { RoleArn: string }) => granted(input.RoleArn.split(':')[4] ?? ''));
  });

  it('assumes the role of the account with the external id', async () => {
    const creds = new MemberCredentials(sts, CONFIG, { clock });
    const result = await creds.get('222233334444');
    expect(result).toMatchObject({ ok: true, roleArn: 'arn:aws:iam::222233334444:role/backup-doctor-inspection' });
    expect(stub.commandCalls(AssumeRoleCommand)[0]?.args[0].input).toMatchObject({
      RoleArn: memberRoleArn(CONFIG, '222233334444'),
      ExternalId: CONFIG.externalId,
      DurationSeconds: 900,
    });
  });

  it('reuses credentials until they near expiry, then assumes again', async () => {
    const creds = new MemberCredentials(sts, CONFIG, { clock, refreshMarginMs: 5 * 60_000 });
    await creds.get('222233334444');
    now += HOUR - 5 * 60_000 - 1;
    await creds.get('222233334444');
    expect(stub.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    now += 2;
    await creds.get('222233334444');
    expect(stub.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it('shares one AssumeRole among concurrent callers of one account', async () => {
    const creds = new MemberCredentials(sts, CONFIG, { clock });
    const results = await Promise.all([1, 2, 3, 4].map(() => creds.get('222233334444')));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(stub.commandCalls(AssumeRoleCommand)).toHaveLength(1);
  });

  it('holds at most maxAccounts accounts, dropping the least recently used', async () => {
    const creds = new MemberCredentials(sts, CONFIG, { clock, maxAccounts: 3 });
    const accounts = ['100000000001', '100000000002', '100000000003', '100000000004', '100000000005'];
    for (const a of accounts) await creds.get(a);
    expect(creds.size).toBe(3);
    await creds.get('100000000005');
    expect(stub.commandCalls(AssumeRoleCommand)).toHaveLength(5);
    await creds.get('100000000001');
    expect(stub.commandCalls(AssumeRoleCommand)).toHaveLength(6);
    expect(creds.size).toBe(3);
  });

  it('keeps the cache bounded over 1,000 accounts and more', async () => {
    const creds = new MemberCredentials(sts, CONFIG, { clock });
    for (let i = 0; i < 1_500; i++) await creds.get(String(100000000000 + i));
    expect(creds.size).toBe(1_000);
  });

  it('reports a refusal (no role, or a trust that does not allow us) and remembers it briefly', async () => {
    stub.on(AssumeRoleCommand).rejects(stsError('AccessDenied', 403));
    const creds = new MemberCredentials(sts, CONFIG, { clock, refusalTtlMs: 60_000 });
    const first = await creds.get('777788889999');
    expect(first).toMatchObject({ ok: false, why: 'access-denied', roleArn: 'arn:aws:iam::777788889999:role/backup-doctor-inspection' });
    expect(first.ok ? '' : first.detail).toContain('AccessDenied');
    await creds.get('777788889999');
    expect(stub.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    now += 60_001;
    await creds.get('777788889999');
    expect(stub.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it('does not keep a throttled answer: the next diagnosis tries again', async () => {
    stub.on(AssumeRoleCommand).rejectsOnce(stsError('Throttling', 400)).callsFake(() => granted('222233334444'));
    const creds = new MemberCredentials(sts, CONFIG, { clock });
    expect(await creds.get('222233334444')).toMatchObject({ ok: false, why: 'throttled' });
    expect(await creds.get('222233334444')).toMatchObject({ ok: true });
  });

  it('reports a timeout, not kept, when the deadline aborts the call', async () => {
    // The SDK rejects an aborted call with an AbortError, which is no AWS error code.
    stub.on(AssumeRoleCommand).rejects(Object.assign(new Error('Request aborted'), { name: 'AbortError' }));
    const creds = new MemberCredentials(sts, CONFIG, { clock });
    const result = await creds.get('222233334444', AbortSignal.abort());
    expect(result).toMatchObject({ ok: false, why: 'timeout' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(creds.size).toBe(0);
  });

  it('throws an unknown error instead of hiding it', async () => {
    stub.on(AssumeRoleCommand).rejects(new TypeError('a bug'));
    const creds = new MemberCredentials(sts, CONFIG, { clock });
    await expect(creds.get('222233334444')).rejects.toThrow('a bug');
    // A failed load is not kept.
    expect(creds.size).toBe(0);
  });

  it('serves SDK clients through a provider that fails clearly when the role is refused', async () => {
    stub.on(AssumeRoleCommand).rejects(stsError('AccessDenied', 403));
    const creds = new MemberCredentials(sts, CONFIG, { clock });
    await expect(creds.provider('777788889999')()).rejects.toThrow(/Cannot assume arn:aws:iam::777788889999:role\/backup-doctor-inspection/);
  });
});
