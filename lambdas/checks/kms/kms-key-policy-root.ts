/**
 * kms-key-policy-root: the key policy allows the account (arn:aws:iam::ACCOUNT:root). Without that statement,
 * IAM policies that allow the key have no effect, so a role allowed in IAM still cannot use the key.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
 */
import type { Check, CheckContext, Finding, Gap, PolicyStatement } from '../../model/types.ts';
import { evaluateResourcePolicy } from '../../policy/index.ts';
import { partitionOf } from '../../../profiles/index.ts';
import { facts, fail, inconclusive, msg, notApplicable, pass, pretty, shellJson } from '../support/finding.ts';
import { factMessages } from '../../model/fact-labels.ts';
import { undecidedGap } from '../support/lookup.ts';
import { policyWith } from '../support/policy-edit.ts';
import { type KeyInPlay, isCrossAccount, keyAccount, keyNotDescribed, keyPolicyNotRead, keysInPlay } from '../support/kms-keys.ts';
import { requirementsFor } from '../support/kms-requirements.ts';

const DOCS = 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam';
const FACTS = factMessages(['key', 'keyRole', 'keyAccount', 'rootActions', 'keysChecked']);
const META = { id: 'kms-key-policy-root', category: 'kms-key-policy' } as const;
const FALLBACK_ACTIONS = ['kms:DescribeKey', 'kms:CreateGrant', 'kms:Decrypt', 'kms:GenerateDataKey'];

/** The key policy statement that lets IAM policies of the account grant use of the key. */
export function rootStatement(partition: string, account: string): PolicyStatement {
  return {
    Sid: 'Enable IAM User Permissions',
    Effect: 'Allow',
    Principal: { AWS: `arn:${partition}:iam::${account}:root` },
    Action: 'kms:*',
    Resource: '*',
  };
}

/** kms-key-policy-root. */
export const kmsKeyPolicyRoot: Check = {
  ...META,
  appliesTo: ['backup-job', 'copy-job', 'restore-job'],
  docs: DOCS,
  messages: {
    en: {
      ...FACTS.en,
      'kms-key-policy-root.fail': 'The key policy of KMS key {key} does not allow the account {account}, so IAM policies cannot grant its use',
      'kms-key-policy-root.failDetail':
        'A key policy must allow the account principal arn:aws:iam::{account}:root for IAM policies to take effect on the key. The policy of {key} ({use} key) does not allow it: {actions}. Any IAM policy that allows the backup role to use this key is therefore ignored (IAM policies that deny still apply).',
      'kms-key-policy-root.fix':
        'Add the default statement that allows the account root (kms:*) to the key policy. The command below writes the current policy with that statement added.',
      'kms-key-policy-root.pass': 'The key policies allow the account, so IAM policies can grant use of the keys ({count})',
      'kms-key-policy-root.crossAccount':
        'Could not read the key policy of a key in account {account}; KMS GetKeyPolicy is not callable across accounts',
      'kms-key-policy-root.notRead': 'Could not read the key policy of KMS key {key}',
      'kms-key-policy-root.keysUnknown': 'Could not tell which KMS keys the job uses, so their key policies were not checked',
      'kms-key-policy-root.undecided': 'Could not decide whether the key policy of {key} allows the account',
      'kms-key-policy-root.none': 'The job uses no customer managed KMS key whose policy could matter',
    },
    ja: {
      ...FACTS.ja,
      'kms-key-policy-root.fail': 'KMS キー {key} のキーポリシーがアカウント {account} を許可していないため、IAM ポリシーでキーの使用を許可できません',
      'kms-key-policy-root.failDetail':
        'IAM ポリシーをキーに対して有効にするには、キーポリシーでアカウントのプリンシパル arn:aws:iam::{account}:root を許可する必要があります。{key} ({use}用のキー) のポリシーはこれを許可していません: {actions}。そのため、バックアップ用ロールにこのキーの使用を許可する IAM ポリシーは無視されます (ただし、拒否する IAM ポリシーは引き続き適用されます)。',
      'kms-key-policy-root.fix':
        'アカウントのルートを許可するデフォルトのステートメント (kms:*) をキーポリシーに追加してください。以下のコマンドは、現在のポリシーにこのステートメントを追加したものを書き込みます。',
      'kms-key-policy-root.pass': 'キーポリシーがアカウントを許可しているため、IAM ポリシーでキーの使用を許可できます ({count} 個)',
      'kms-key-policy-root.crossAccount':
        'アカウント {account} のキーのキーポリシーを読み取れませんでした。KMS の GetKeyPolicy は別のアカウントからは呼び出せません',
      'kms-key-policy-root.notRead': 'KMS キー {key} のキーポリシーを読み取れませんでした',
      'kms-key-policy-root.keysUnknown': 'ジョブが使う KMS キーを特定できなかったため、キーポリシーを確認していません',
      'kms-key-policy-root.undecided': 'キー {key} のキーポリシーがアカウントを許可しているか判断できませんでした',
      'kms-key-policy-root.none': 'このジョブには、キーポリシーが問題になるカスタマーマネージドキーがありません',
    },
  },
  run(ctx: CheckContext): Finding {
    const { keys, missing } = keysInPlay(ctx);
    const unreadRef = (ks: typeof keys): string | undefined => ks.find((k) => !k.key?.policy)?.ref;
    const gaps: Gap[] = [...missing];
    const checked: string[] = [];
    let crossAccount: string | undefined;
    let undecidedKey: string | undefined;
    let counted = 0;
    for (const k of keys) {
      if (!k.key) {
        gaps.push(...keyNotDescribed(ctx, k));
        continue;
      }
      // AWS managed keys have AWS-owned policies, and a missing key is kms-key-state's finding.
      if (k.key.manager === 'AWS' || k.key.state === 'Missing') continue;
      counted++;
      const account = keyAccount(ctx, k);
      if (!k.key.policy) {
        if (isCrossAccount(ctx, k)) crossAccount ??= account ?? '?';
        gaps.push(...keyPolicyNotRead(ctx, k.key));
        continue;
      }
      if (!account) {
        gaps.push({ what: `the account of ${k.key.arn}`, subject: k.key.arn, why: 'not-collected' });
        continue;
      }
      const verdict = rootVerdict(ctx, k, account);
      checked.push(`${k.key.arn} (${k.use})`);
      if (verdict.missing.length > 0) return failFor(ctx, k, account, verdict.missing);
      if (verdict.undecided.length > 0) {
        undecidedKey ??= k.key.arn;
        gaps.push(undecidedGap(`a decision on the key policy of ${k.key.arn} for arn:aws:iam::${account}:root`, k.key.arn, verdict.reasons));
      }
    }
    const listed = facts({ keysChecked: checked.length > 0 ? checked.join('; ') : undefined });
    if (gaps.length > 0) {
      const title = crossAccount
        ? msg(META, 'crossAccount', { account: crossAccount })
        : undecidedKey
          ? msg(META, 'undecided', { key: undecidedKey })
          : unreadRef(keys)
            ? msg(META, 'notRead', { key: unreadRef(keys) as string })
            : msg(META, 'keysUnknown');
      return inconclusive(META, { title, facts: listed, missing: gaps });
    }
    if (counted === 0) return notApplicable(META, { title: msg(META, 'none') });
    return pass(META, { title: msg(META, 'pass', { count: counted }), facts: listed });
  },
};

function rootVerdict(ctx: CheckContext, k: KeyInPlay, account: string) {
  const key = k.key!;
  const actions = requirementsFor(ctx, k)?.actions.map((a) => a.action) ?? FALLBACK_ACTIONS;
  const principal = `arn:${partitionOf(key.arn)}:iam::${account}:root`;
  const missing: string[] = [];
  const undecided: string[] = [];
  const reasons: string[] = [];
  for (const action of new Set(actions)) {
    const r = evaluateResourcePolicy(
      key.policy!,
      { action, resource: key.arn, principal, context: { 'kms:CallerAccount': account } },
      account,
    );
    if (r.decision === 'allowed') continue;
    if (r.decision === 'inconclusive') {
      undecided.push(action);
      reasons.push(...r.reasons);
    } else missing.push(action);
  }
  return { missing, undecided, reasons };
}

function failFor(ctx: CheckContext, k: KeyInPlay, account: string, actions: readonly string[]): Finding {
  const key = k.key!;
  const fixed = policyWith(key.policy!, { before: [rootStatement(partitionOf(key.arn), account)] });
  return fail(META, {
    title: msg(META, 'fail', { key: key.arn, account }),
    detail: msg(META, 'failDetail', { key: key.arn, account, use: k.use, actions: actions.join(', ') }),
    facts: facts({ key: key.arn, keyRole: k.use, keyAccount: account, rootActions: actions.join(', ') }),
    subject: key.arn,
    fix: {
      summary: msg(META, 'fix'),
      command: `aws kms put-key-policy --key-id ${key.arn} --policy-name default --policy ${shellJson(fixed)}`,
      snippet: pretty(rootStatement(partitionOf(key.arn), account)),
      docs: DOCS,
      patch: {
        kind: 'key-policy',
        keyArn: key.arn,
        document: fixed,
        needs: [{ principal: `arn:${partitionOf(key.arn)}:iam::${account}:root`, actions: ['kms:*'] }],
      },
    },
    confidence: 0.8,
  });
}
