/**
 * kms-key-policy-role: the job's role may use each key the job touches, for the actions the job needs, through
 * the service (kms:ViaService), combining the key policy, the role's IAM policies and boundary, and grants.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html
 */
import type { Check, CheckContext, Finding, Gap, PolicyStatement } from '../../model/types.ts';
import { evaluateAccess } from '../../policy/index.ts';
import type { ContextValue, EvalResult } from '../../policy/index.ts';
import { facts, fail, inconclusive, msg, notApplicable, pass, pretty, shellJson } from '../support/finding.ts';
import { dedupeGaps, gapsOrNotCollected, regionOf, undecidedGap } from '../support/lookup.ts';
import { arnAccount, arnName, isBackupServiceLinkedRole } from '../../model/arn.ts';
import { factMessages } from '../../model/fact-labels.ts';
import { notInEvent, roleArnOf } from '../support/iam-job.ts';
import { roleIdentity, type RoleIdentity } from '../support/iam-role-access.ts';
import { roleAtHand } from '../support/role-findings.ts';
import { policyWith } from '../support/policy-edit.ts';
import {
  type KeyInPlay,
  grantAllows,
  isCrossAccount,
  keyAccount,
  keyNotDescribed,
  keyPolicyNotRead,
  keysInPlay,
} from '../support/kms-keys.ts';
import { requirementsFor, viaService } from '../support/kms-requirements.ts';

const DOCS = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html';
const FACTS = factMessages(['roleArn', 'key', 'keyRole', 'viaService', 'missingActions', 'deniedActions', 'denyStatements', 'grants', 'keysChecked']);
const META = { id: 'kms-key-policy-role', category: 'kms-key-policy' } as const;

interface KeyVerdict {
  readonly k: KeyInPlay;
  readonly via: string;
  readonly missing: string[];
  readonly denied: string[];
  readonly denyStatements: string[];
  readonly undecided: string[];
  readonly reasons: string[];
  readonly byGrant: string[];
}

function judgeKey(ctx: CheckContext, k: KeyInPlay, roleArn: string, identity: RoleIdentity, service: string, actions: readonly { action: string; context?: Readonly<Record<string, ContextValue>> }[]): KeyVerdict {
  const key = k.key!;
  const via = viaService(service, regionOf(ctx));
  const verdict: KeyVerdict = { k, via, missing: [], denied: [], denyStatements: [], undecided: [], reasons: [], byGrant: [] };
  const callerAccount = arnAccount(roleArn);
  for (const a of actions) {
    const context: Record<string, ContextValue> = {
      'kms:ViaService': via,
      ...(callerAccount ? { 'kms:CallerAccount': callerAccount } : {}),
      ...a.context,
    };
    const account = keyAccount(ctx, k);
    const r: EvalResult = evaluateAccess({
      request: { action: a.action, resource: key.arn, principal: roleArn, context },
      identityPolicies: identity.policies,
      ...(identity.boundary ? { boundary: identity.boundary } : {}),
      resourcePolicy: key.policy!,
      resourceKind: 'kms-key',
      ...(account ? { resourceAccount: account } : {}),
    });
    if (r.decision === 'allowed') continue;
    if (r.decision === 'explicit-deny') {
      verdict.denied.push(a.action);
      verdict.denyStatements.push(...r.statements);
      continue;
    }
    if (grantAllows(key, roleArn, a.action)) {
      verdict.byGrant.push(a.action);
      continue;
    }
    if (r.decision === 'inconclusive') {
      verdict.undecided.push(a.action);
      verdict.reasons.push(...r.reasons);
    } else verdict.missing.push(a.action);
  }
  return verdict;
}

/** The key policy statements that allow the role exactly the missing actions through the service. */
function statementsFor(roleArn: string, via: string, actions: readonly string[]): PolicyStatement[] {
  const grant = actions.includes('kms:CreateGrant');
  const others = actions.filter((a) => a !== 'kms:CreateGrant');
  const out: PolicyStatement[] = [];
  if (others.length > 0) {
    out.push({
      Sid: `Allow ${arnName(roleArn)} to use the key through ${via}`,
      Effect: 'Allow',
      Principal: { AWS: roleArn },
      Action: others,
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': via } },
    });
  }
  if (grant) {
    out.push({
      Sid: `Allow ${arnName(roleArn)} to create grants for AWS resources`,
      Effect: 'Allow',
      Principal: { AWS: roleArn },
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    });
  }
  return out;
}

/** kms-key-policy-role. */
export const kmsKeyPolicyRole: Check = {
  ...META,
  appliesTo: ['backup-job', 'copy-job', 'restore-job'],
  docs: DOCS,
  messages: {
    en: {
      ...FACTS.en,
      'kms-key-policy-role.fail': 'Role {role} cannot use KMS key {key} ({use} key): {actions}',
      'kms-key-policy-role.failDetail':
        'Neither the key policy of {key}, nor the IAM policies of {role} (with the key policy enabling them), nor a grant allows {actions} through {via}. AWS Backup needs them to work with the {use} key.',
      'kms-key-policy-role.fix':
        'Add the statements below to the key policy of {key} (the command writes the current policy with them added). Alternatively, when the key policy allows the account root, allow the same actions in an IAM policy of {role}.',
      'kms-key-policy-role.denied': 'An explicit deny keeps role {role} from using KMS key {key}: {actions}',
      'kms-key-policy-role.fixDenied': 'Remove or narrow the Deny statement(s) {statements} so that {role} may use the key for: {actions}.',
      'kms-key-policy-role.pass': 'Role {role} can use every KMS key the job touches ({count})',
      'kms-key-policy-role.crossAccount':
        'Could not read the key policy of a key in account {account}; KMS GetKeyPolicy is not callable across accounts',
      'kms-key-policy-role.undecided': 'Could not decide whether role {role} can use every KMS key the job touches',
      'kms-key-policy-role.none': 'The job uses no KMS key that could be identified',
      'kms-key-policy-role.noRole': 'Could not check the key permissions: the job role is not known',
      'kms-key-policy-role.roleMissing': 'Role {role} does not exist, so its key permissions cannot be checked',
      'kms-key-policy-role.serviceLinked':
        'Role {role} is the service-linked role, which is not meant to be passed to jobs; its key access is not the cause to fix',
    },
    ja: {
      ...FACTS.ja,
      'kms-key-policy-role.fail': 'ロール {role} は KMS キー {key} ({use}用のキー) を使用できません: {actions}',
      'kms-key-policy-role.failDetail':
        '{key} のキーポリシーも、{role} の IAM ポリシー (キーポリシーで有効化されたもの) も、許可 (グラント) も、{via} 経由の {actions} を許可していません。AWS Backup が{use}用のキーを使うには、これらのアクションが必要です。',
      'kms-key-policy-role.fix':
        '以下のステートメントを {key} のキーポリシーに追加してください (コマンドは現在のポリシーにこれらを追加したものを書き込みます)。キーポリシーがアカウントのルートを許可している場合は、{role} の IAM ポリシーで同じアクションを許可しても構いません。',
      'kms-key-policy-role.denied': '明示的な拒否により、ロール {role} は KMS キー {key} を使用できません: {actions}',
      'kms-key-policy-role.fixDenied': '{role} が次の用途でキーを使えるよう、Deny ステートメント {statements} を削除するか範囲を狭めてください: {actions}。',
      'kms-key-policy-role.pass': 'ロール {role} はジョブが使用するすべての KMS キーを使用できます ({count} 個)',
      'kms-key-policy-role.crossAccount':
        'アカウント {account} のキーのキーポリシーを読み取れませんでした。KMS の GetKeyPolicy は別のアカウントからは呼び出せません',
      'kms-key-policy-role.undecided': 'ロール {role} がジョブの使用する KMS キーをすべて使用できるか判断できませんでした',
      'kms-key-policy-role.none': 'ジョブが使用する KMS キーを特定できませんでした',
      'kms-key-policy-role.noRole': 'ジョブのロールが不明なため、キーの権限を確認できませんでした',
      'kms-key-policy-role.roleMissing': 'ロール {role} が存在しないため、キーの権限を確認できません',
      'kms-key-policy-role.serviceLinked':
        'ロール {role} はジョブに渡すためのものではないサービスリンクロールです。このロールのキーへのアクセスは対処すべき原因ではありません',
    },
  },
  run(ctx: CheckContext): Finding {
    const at = roleAtHand(META, ctx, roleArnOf(ctx), [notInEvent('the job role ARN')]);
    if (at.stop) return at.stop;
    const { arn: roleArn, name, role } = at;
    // Opening the key to the service-linked role would be the wrong fix: iam-wrong-role-service-linked reports the real one.
    if (isBackupServiceLinkedRole(roleArn, role?.path)) return notApplicable(META, { title: msg(META, 'serviceLinked', { role: name }) });
    const { keys, missing } = keysInPlay(ctx);
    const gaps: Gap[] = [...missing];
    if (!role) gaps.push(...gapsOrNotCollected(ctx, roleArn, `iam:GetRole ${roleArn}`));
    const identity = role ? roleIdentity(ctx, role) : undefined;
    if (identity) gaps.push(...identity.missing);
    const checked: string[] = [];
    let crossAccount: string | undefined;
    let counted = 0;
    for (const k of keys) {
      if (!k.key) {
        gaps.push(...keyNotDescribed(ctx, k));
        continue;
      }
      if (k.key.state === 'Missing') continue;
      counted++;
      const req = requirementsFor(ctx, k);
      if (!req) {
        gaps.push({ what: `the KMS actions a ${k.use} key needs for this resource type`, subject: k.key.arn, why: 'not-collected' });
        continue;
      }
      if (!k.key.policy) {
        if (isCrossAccount(ctx, k)) crossAccount ??= keyAccount(ctx, k) ?? '?';
        gaps.push(...keyPolicyNotRead(ctx, k.key));
        continue;
      }
      if (!identity || identity.missing.length > 0) continue;
      const v = judgeKey(ctx, k, roleArn, identity, req.service, req.actions);
      checked.push(`${k.key.arn} (${k.use})`);
      if (v.denied.length > 0 || v.missing.length > 0) return failFor(v, roleArn);
      if (v.undecided.length > 0) {
        gaps.push(undecidedGap(`a decision on ${v.undecided.join(', ')} on ${k.key.arn} for ${roleArn}`, k.key.arn, [...new Set(v.reasons)]));
      }
    }
    const listed = facts({ roleArn, keysChecked: checked.length > 0 ? checked.join('; ') : undefined });
    if (gaps.length > 0) {
      const title = crossAccount ? msg(META, 'crossAccount', { account: crossAccount }) : msg(META, 'undecided', { role: name });
      return inconclusive(META, { title, facts: listed, missing: dedupeGaps(gaps) });
    }
    if (counted === 0) return notApplicable(META, { title: msg(META, 'none') });
    return pass(META, { title: msg(META, 'pass', { role: name, count: counted }), facts: listed });
  },
};

function failFor(v: KeyVerdict, roleArn: string): Finding {
  const key = v.k.key!;
  const role = arnName(roleArn);
  const f = facts({
    roleArn,
    key: key.arn,
    keyRole: v.k.use,
    viaService: v.via,
    missingActions: v.missing.length > 0 ? v.missing.join(', ') : undefined,
    deniedActions: v.denied.length > 0 ? v.denied.join(', ') : undefined,
    denyStatements: v.denyStatements.length > 0 ? [...new Set(v.denyStatements)].join(', ') : undefined,
    grants: v.byGrant.length > 0 ? v.byGrant.join(', ') : undefined,
  });
  if (v.denied.length > 0) {
    const actions = v.denied.join(', ');
    return fail(META, {
      title: msg(META, 'denied', { role, key: key.arn, actions }),
      facts: f,
      fix: {
        summary: msg(META, 'fixDenied', { role, statements: [...new Set(v.denyStatements)].join(', ') || '-', actions }),
        docs: DOCS,
      },
      confidence: 0.85,
    });
  }
  const actions = v.missing.join(', ');
  const added = statementsFor(roleArn, v.via, v.missing);
  const fixed = policyWith(key.policy!, { after: added });
  return fail(META, {
    title: msg(META, 'fail', { role, key: key.arn, use: v.k.use, actions }),
    detail: msg(META, 'failDetail', { role, key: key.arn, use: v.k.use, actions, via: v.via }),
    facts: f,
    fix: {
      summary: msg(META, 'fix', { key: key.arn, role }),
      command: `aws kms put-key-policy --key-id ${key.arn} --policy-name default --policy ${shellJson(fixed)}`,
      snippet: pretty(added),
      docs: DOCS,
      patch: { kind: 'key-policy', keyArn: key.arn, document: fixed, needs: [{ principal: roleArn, actions: v.missing }] },
    },
    confidence: 0.8,
  });
}
