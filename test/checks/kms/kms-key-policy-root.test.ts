import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../../lambdas/model/types.ts';
import { kmsKeyPolicyRoot } from '../../../lambdas/checks/kms/kms-key-policy-root.ts';
import { ACCOUNT, OTHER_ACCOUNT, VAULT, VAULT_ARN, VAULT_KEY_ARN, ctx, event, evidence, expectMessages, key } from '../iam/fixtures.ts';

// A key policy that names the backup role directly but lacks the root statement (the seed 000 case).
const noRoot: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'KeyAdmins', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/KeyAdmin` }, Action: 'kms:*', Resource: '*' },
  ],
};
const DEST_KEY = `arn:aws:kms:us-west-2:${OTHER_ACCOUNT}:key/5555aaaa-55aa-55aa-55aa-5555aaaa5555`;
const DEST_VAULT = `arn:aws:backup:us-west-2:${OTHER_ACCOUNT}:backup-vault:Central`;

describe('kms-key-policy-root', () => {
  it.each([
    { name: 'fails when the key policy does not allow the account root', policy: noRoot, verdict: 'fail', title: 'fail' },
    { name: 'passes with the default key policy', policy: undefined, verdict: 'pass', title: 'pass' },
  ])('$name', ({ policy, verdict, title }) => {
    // Prepare
    const ev = evidence({ keys: { [VAULT_KEY_ARN]: policy ? key(VAULT_KEY_ARN, { policy }) : key(VAULT_KEY_ARN) } });

    // Act
    const f = kmsKeyPolicyRoot.run(ctx(event(), ev));

    // Assess
    expect(f.verdict).toBe(verdict);
    expect(f.title.key).toBe(`kms-key-policy-root.${title}`);
    expectMessages(kmsKeyPolicyRoot, f);
  });

  it('writes the current key policy with the root statement added', () => {
    // Act
    const f = kmsKeyPolicyRoot.run(ctx(event(), evidence({ keys: { [VAULT_KEY_ARN]: key(VAULT_KEY_ARN, { policy: noRoot }) } })));

    // Assess
    expect(f.fix?.command).toMatch(new RegExp(`^aws kms put-key-policy --key-id ${VAULT_KEY_ARN} --policy-name default --policy '`));
    expect(f.fix?.command).toContain(`"AWS":"arn:aws:iam::${ACCOUNT}:root"`);
    expect(f.fix?.command).toContain('"Sid":"KeyAdmins"');
    expect(JSON.parse(f.fix!.snippet!)).toMatchObject({ Effect: 'Allow', Action: 'kms:*', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } });
  });

  it('is inconclusive, naming the account, for a cross-account key whose policy cannot be read', () => {
    // Prepare
    const ev = evidence({
      keys: { [VAULT_KEY_ARN]: key(VAULT_KEY_ARN), [DEST_KEY]: { arn: DEST_KEY, state: 'Enabled', manager: 'CUSTOMER' } },
      vaults: {
        [VAULT]: { name: VAULT, arn: VAULT_ARN, exists: true, encryptionKeyArn: VAULT_KEY_ARN },
        [DEST_VAULT]: { name: 'Central', arn: DEST_VAULT, exists: true, encryptionKeyArn: DEST_KEY },
      },
      gaps: [{ what: `kms:GetKeyPolicy ${DEST_KEY}`, subject: DEST_KEY, action: 'kms:GetKeyPolicy', why: 'cross-account' }],
    });

    // Act
    const f = kmsKeyPolicyRoot.run(ctx(event({ kind: 'copy-job', sourceVaultArn: VAULT_ARN, destinationVaultArn: DEST_VAULT }), ev));

    // Assess
    expect(f.verdict).toBe('inconclusive');
    expect(f.title).toEqual({ key: 'kms-key-policy-root.crossAccount', params: { account: OTHER_ACCOUNT } });
    expect(f.missing?.[0]?.why).toBe('cross-account');
    expectMessages(kmsKeyPolicyRoot, f);
  });

  it('is not applicable when only AWS managed keys are involved', () => {
    // Act
    const f = kmsKeyPolicyRoot.run(ctx(event(), evidence({ keys: { [VAULT_KEY_ARN]: key(VAULT_KEY_ARN, { manager: 'AWS', policy: noRoot }) } })));

    // Assess
    expect(f.verdict).toBe('not-applicable');
  });
});
