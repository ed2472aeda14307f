import { describe, expect, it } from 'vitest';
import type { Evidence, KeyFacts } from '../../../lambdas/model/types.ts';
import { daysLeft, kmsKeyState } from '../../../lambdas/checks/kms/kms-key-state.ts';
import {
  KEY_ARN,
  OTHER_ACCOUNT,
  VAULT,
  VAULT_ARN,
  VAULT_KEY_ARN,
  VOLUME_ARN,
  ctx,
  event,
  evidence,
  expectMessages,
  key,
} from '../iam/fixtures.ts';

const encryptedVolume = { [VOLUME_ARN]: { arn: VOLUME_ARN, type: 'EBS', exists: true, encrypted: true, encryptionKeyArn: KEY_ARN } };

function withKeys(keys: Record<string, KeyFacts>, over: Partial<Evidence> = {}): Evidence {
  return evidence({ resources: encryptedVolume, keys, ...over });
}

describe('kms-key-state', () => {
  it.each([
    {
      name: 'fails with enable-key for a disabled vault key',
      ev: withKeys({ [KEY_ARN]: key(KEY_ARN), [VAULT_KEY_ARN]: key(VAULT_KEY_ARN, { state: 'Disabled' }) }),
      verdict: 'fail',
      title: 'disabled',
      command: `aws kms enable-key --key-id ${VAULT_KEY_ARN}`,
    },
    {
      name: 'fails with cancel-key-deletion for a resource key pending deletion',
      ev: withKeys({
        [KEY_ARN]: key(KEY_ARN, { state: 'PendingDeletion', deletionDate: '2026-11-29T00:00:00Z' }),
        [VAULT_KEY_ARN]: key(VAULT_KEY_ARN),
      }),
      verdict: 'fail',
      title: 'pendingDeletion',
      command: `aws kms cancel-key-deletion --key-id ${KEY_ARN}\naws kms enable-key --key-id ${KEY_ARN}`,
    },
    {
      name: 'fails with import guidance for a key pending import',
      ev: withKeys({ [KEY_ARN]: key(KEY_ARN, { state: 'PendingImport', origin: 'EXTERNAL' }), [VAULT_KEY_ARN]: key(VAULT_KEY_ARN) }),
      verdict: 'fail',
      title: 'pendingImport',
      command: `aws kms get-parameters-for-import --key-id ${KEY_ARN} --wrapping-algorithm RSAES_OAEP_SHA_256 --wrapping-key-spec RSA_2048`,
    },
    {
      name: 'fails for a key that no longer exists',
      ev: withKeys({ [KEY_ARN]: { arn: KEY_ARN, state: 'Missing' }, [VAULT_KEY_ARN]: key(VAULT_KEY_ARN) }),
      verdict: 'fail',
      title: 'missing',
      command: undefined,
    },
    {
      name: 'passes when both keys are enabled',
      ev: withKeys({ [KEY_ARN]: key(KEY_ARN), [VAULT_KEY_ARN]: key(VAULT_KEY_ARN) }),
      verdict: 'pass',
      title: 'pass',
      command: undefined,
    },
    {
      name: 'is inconclusive when DescribeKey was denied',
      ev: withKeys(
        { [VAULT_KEY_ARN]: key(VAULT_KEY_ARN) },
        { gaps: [{ what: `kms:DescribeKey ${KEY_ARN}`, subject: KEY_ARN, action: 'kms:DescribeKey', why: 'access-denied' }] },
      ),
      verdict: 'inconclusive',
      title: 'notRead',
      command: undefined,
    },
    {
      name: 'is not applicable when no key is involved',
      ev: evidence({ keys: {}, vaults: { [VAULT]: { name: VAULT, arn: VAULT_ARN, exists: true } } }),
      verdict: 'not-applicable',
      title: 'none',
      command: undefined,
    },
  ])('$name', ({ ev, verdict, title, command }) => {
    // Act
    const f = kmsKeyState.run(ctx(event(), ev));

    // Assess
    expect(f.verdict).toBe(verdict);
    expect(f.title.key).toBe(`kms-key-state.${title}`);
    if (command) expect(f.fix?.command).toContain(command);
    expectMessages(kmsKeyState, f);
  });

  it('names the deletion date of a key pending deletion', () => {
    // Prepare
    const ev = withKeys({
      [KEY_ARN]: key(KEY_ARN, { state: 'PendingDeletion', deletionDate: '2026-11-29T00:00:00Z' }),
      [VAULT_KEY_ARN]: key(VAULT_KEY_ARN),
    });

    // Act
    const f = kmsKeyState.run(ctx(event(), ev));

    // Assess: the fixtures' clock is the failure's time; the days left are counted from it, rounded up.
    const days = Math.ceil((Date.parse('2026-11-29T00:00:00Z') - ctx(event(), ev).now.getTime()) / 86_400_000);
    expect(days).toBeGreaterThan(0);
    expect(f.title.params).toEqual({ key: KEY_ARN, use: 'resource', date: '2026-11-29T00:00:00Z', days });
    expect(f.facts).toContainEqual({ name: 'deletionDate', value: '2026-11-29T00:00:00Z' });
    expect(f.facts).toContainEqual({ name: 'daysUntilDeletion', value: String(days) });
  });

  it('counts the days left from now, and none once the date has passed', () => {
    expect(daysLeft('2026-11-28T00:00:00Z', new Date('2026-11-21T00:00:00Z'))).toBe(7);
    expect(daysLeft('2026-11-28T00:00:00Z', new Date('2026-11-26T18:00:00Z'))).toBe(2);
    expect(daysLeft('2026-11-28T00:00:00Z', new Date('2026-11-29T00:00:00Z'))).toBe(0);
  });

  it('says pending deletion without a date when DescribeKey gave none (a multi-Region primary waiting for its replicas)', () => {
    // Prepare
    const ev = withKeys({ [KEY_ARN]: key(KEY_ARN, { state: 'PendingReplicaDeletion' }), [VAULT_KEY_ARN]: key(VAULT_KEY_ARN) });

    // Act
    const f = kmsKeyState.run(ctx(event(), ev));

    // Assess
    expect(f.title).toEqual({ key: 'kms-key-state.pendingDeletionUndated', params: { key: KEY_ARN, use: 'resource' } });
    expect(f.fix?.summary.key).toBe('kms-key-state.fix.pendingDeletionUndated');
    expectMessages(kmsKeyState, f);
  });

  it('checks the destination vault key of a copy job', () => {
    // Prepare
    const destKey = `arn:aws:kms:us-west-2:${OTHER_ACCOUNT}:key/5555aaaa-55aa-55aa-55aa-5555aaaa5555`;
    const destVault = `arn:aws:backup:us-west-2:${OTHER_ACCOUNT}:backup-vault:Central`;
    const ev = withKeys(
      { [KEY_ARN]: key(KEY_ARN), [VAULT_KEY_ARN]: key(VAULT_KEY_ARN), [destKey]: key(destKey, { state: 'Disabled' }) },
      {
        vaults: {
          [VAULT]: { name: VAULT, arn: VAULT_ARN, exists: true, encryptionKeyArn: VAULT_KEY_ARN },
          [destVault]: { name: 'Central', arn: destVault, exists: true, encryptionKeyArn: destKey },
        },
      },
    );

    // Act
    const f = kmsKeyState.run(ctx(event({ kind: 'copy-job', sourceVaultArn: VAULT_ARN, destinationVaultArn: destVault }), ev));

    // Assess
    expect(f.verdict).toBe('fail');
    expect(f.facts).toContainEqual({ name: 'keyRole', value: 'destination-vault' });
  });

  it('notes AWS managed keys among the keys checked', () => {
    // Prepare
    const ev = withKeys({ [KEY_ARN]: key(KEY_ARN, { manager: 'AWS' }), [VAULT_KEY_ARN]: key(VAULT_KEY_ARN) });

    // Act
    const f = kmsKeyState.run(ctx(event(), ev));

    // Assess
    expect(f.facts.find((x) => x.name === 'keysChecked')?.value).toContain(`${KEY_ARN} (resource): Enabled, AWS managed`);
  });
});
