/**
 * ecs-kms-key-policy: the key policy of the volume's customer managed key lets the ECS infrastructure role use the
 * key for EBS encryption (kms:CreateGrant, kms:GenerateDataKeyWithoutPlaintext, kms:ReEncrypt*, kms:Decrypt,
 * kms:DescribeKey). AmazonECSInfrastructureRolePolicyForVolumes grants no KMS action, so the key policy decides.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshoot-ebs-volumes-scenarios.html
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption-requirements.html
 */
import type { Check, CheckContext, Finding, Gap, PolicyDocument, PolicyStatement } from '../../model/types.ts';
import { evaluateAccess } from '../../policy/index.ts';
import type { ContextValue, Decision } from '../../policy/index.ts';
import { facts, fail, inconclusive, msg, notApplicable, pass, pretty } from '../support/finding.ts';
import { gapsFor, gapsOrNotCollected, keyOf, regionOf, roleOf, undecidedGap } from '../support/lookup.ts';
import { arnAccount, arnName, arnRegion } from '../../model/arn.ts';
import { roleIdentity, statementList } from '../support/iam-role-access.ts';
import { factMessages } from '../../model/fact-labels.ts';
import { grantAllows } from '../support/kms-keys.ts';
import { policyWith } from '../support/policy-edit.ts';
import { EBS_KMS_DOCS, accountOf, infraRoleArnOf, volumeConfigGap, volumeConfigOf } from '../support/ecs-context.ts';

const META = { id: 'ecs-kms-key-policy', category: 'kms-key-policy' } as const;
const FACTS = factMessages(['keyReference', 'deniedKeyActions']);

/** The KMS actions EBS performs with the infrastructure role's credentials (kms:ReEncrypt* is both halves). */
export const EBS_KEY_ACTIONS = [
  'kms:CreateGrant',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:Decrypt',
  'kms:DescribeKey',
] as const;

/** The statements to add to the key policy for the role: our own, following the EBS encryption requirements. */
export function keyPolicyStatements(roleArn: string): PolicyStatement[] {
  return [
    {
      Sid: 'AllowEcsInfrastructureRoleToUseTheKeyForEbs',
      Effect: 'Allow',
      Principal: { AWS: roleArn },
      Action: ['kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncrypt*', 'kms:Decrypt', 'kms:DescribeKey'],
      Resource: '*',
    },
    {
      Sid: 'AllowEcsInfrastructureRoleToCreateGrantsForEbs',
      Effect: 'Allow',
      Principal: { AWS: roleArn },
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    },
  ];
}

interface Outcome {
  readonly action: string;
  readonly decision: Decision;
  readonly reasons: readonly string[];
  readonly statements: readonly string[];
}

/** ecs-kms-key-policy. */
export const ecsKmsKeyPolicy: Check = {
  ...META,
  appliesTo: ['ecs-volume-attachment'],
  docs: EBS_KMS_DOCS,
  messages: {
    en: {
      ...FACTS.en,
      'ecs-kms-key-policy.fail': 'The key policy of {key} does not let infrastructure role {role} use the key for EBS',
      'ecs-kms-key-policy.failDetail':
        'Amazon EBS uses key {key} with the credentials of the ECS infrastructure role {role}, which needs {actions} on it. Neither the key policy nor an IAM policy that the key policy enables allows the role these actions. AmazonECSInfrastructureRolePolicyForVolumes grants no KMS action.',
      'ecs-kms-key-policy.denyDetail':
        'A Deny statement ({statements}) in the key policy or the role policies denies {actions} on key {key} to {role}.',
      'ecs-kms-key-policy.fix':
        'Add the two statements below to the key policy of {key} (keep the existing statements), then launch the task again.',
      'ecs-kms-key-policy.pass': 'Infrastructure role {role} may use key {key} for EBS',
      'ecs-kms-key-policy.noKey': 'The volume names no customer managed KMS key',
      'ecs-kms-key-policy.noConfig': 'Could not check the key policy: the volume configuration could not be read',
      'ecs-kms-key-policy.noRole': 'Could not check the key policy: the infrastructure role of the volume is not known',
      'ecs-kms-key-policy.keyUnusable': 'KMS key {key} is not usable ({state}); ecs-kms-key reports it',
      'ecs-kms-key-policy.notRead': 'Could not read the key policy of {key}',
      'ecs-kms-key-policy.undecided': 'Could not decide whether infrastructure role {role} may use key {key}',
    },
    ja: {
      ...FACTS.ja,
      'ecs-kms-key-policy.fail': '{key} のキーポリシーは、インフラストラクチャロール {role} が EBS でキーを使用することを許可していません',
      'ecs-kms-key-policy.failDetail':
        'Amazon EBS は ECS インフラストラクチャロール {role} の認証情報でキー {key} を使用するため、このロールにはキーに対する {actions} が必要です。キーポリシーも、キーポリシーが有効にした IAM ポリシーも、ロールにこれらのアクションを許可していません。AmazonECSInfrastructureRolePolicyForVolumes は KMS のアクションを許可しません。',
      'ecs-kms-key-policy.denyDetail':
        'キーポリシーまたはロールのポリシーの Deny ステートメント ({statements}) が、キー {key} に対する {actions} を {role} に拒否しています。',
      'ecs-kms-key-policy.fix':
        '以下の 2 つのステートメントを {key} のキーポリシーに追加し (既存のステートメントは残します)、タスクを再度起動してください。',
      'ecs-kms-key-policy.pass': 'インフラストラクチャロール {role} は EBS でキー {key} を使用できます',
      'ecs-kms-key-policy.noKey': 'ボリュームはカスタマーマネージド KMS キーを指定していません',
      'ecs-kms-key-policy.noConfig': 'ボリューム設定を読み取れなかったため、キーポリシーを確認できませんでした',
      'ecs-kms-key-policy.noRole': 'ボリュームのインフラストラクチャロールが不明なため、キーポリシーを確認できませんでした',
      'ecs-kms-key-policy.keyUnusable': 'KMS キー {key} は使用できない状態 ({state}) です。ecs-kms-key で報告します',
      'ecs-kms-key-policy.notRead': '{key} のキーポリシーを読み取れませんでした',
      'ecs-kms-key-policy.undecided': 'インフラストラクチャロール {role} がキー {key} を使用できるか判断できませんでした',
    },
  },
  run(ctx: CheckContext): Finding {
    const config = volumeConfigOf(ctx);
    if (!config) return inconclusive(META, { title: msg(META, 'noConfig'), missing: volumeConfigGap(ctx) });
    const ref = config.kmsKeyId;
    if (!ref) return notApplicable(META, { title: msg(META, 'noKey'), facts: facts({ volumeName: config.name }) });
    const roleArn = infraRoleArnOf(ctx);
    if (!roleArn) return inconclusive(META, { title: msg(META, 'noRole'), missing: volumeConfigGap(ctx) });
    const role = arnName(roleArn);
    const key = keyOf(ctx.evidence, ref);
    if (key && key.state !== 'Enabled') {
      return notApplicable(META, { title: msg(META, 'keyUnusable', { key: ref, state: key.state }) });
    }
    if (!key?.policy) {
      const subject = key?.arn ?? ref;
      const found = [...gapsFor(ctx.evidence, subject, 'kms:GetKeyPolicy'), ...(key ? [] : gapsFor(ctx.evidence, ref))];
      return inconclusive(META, {
        title: msg(META, 'notRead', { key: ref }),
        facts: facts({ keyReference: ref, roleArn }),
        missing: found.length > 0 ? found : [{ what: `kms:GetKeyPolicy ${subject}`, subject, action: 'kms:GetKeyPolicy', why: 'not-collected' }],
      });
    }

    const roleFacts = roleOf(ctx.evidence, roleArn);
    const identity = roleFacts ? roleIdentity(ctx, roleFacts) : undefined;
    const identityGaps: Gap[] = identity ? [...identity.missing] : gapsOrNotCollected(ctx, roleArn, `iam:GetRole ${roleArn}`);
    const region = regionOf(ctx) ?? arnRegion(key.arn) ?? '*';
    const outcomes: Outcome[] = EBS_KEY_ACTIONS.map((action) => {
      const context: Record<string, ContextValue> = {
        'kms:ViaService': `ec2.${region}.amazonaws.com`,
        ...(accountOf(ctx) ? { 'kms:CallerAccount': accountOf(ctx) as string } : {}),
        ...(action === 'kms:CreateGrant' ? { 'kms:GrantIsForAWSResource': true } : {}),
      };
      const r = evaluateAccess({
        request: { action, resource: key.arn, principal: roleArn, context },
        identityPolicies: identity?.policies ?? [],
        ...(identity?.boundary ? { boundary: identity.boundary } : {}),
        resourcePolicy: key.policy as PolicyDocument,
        resourceKind: 'kms-key',
        ...(arnAccount(key.arn) ? { resourceAccount: arnAccount(key.arn) as string } : {}),
      });
      const decision: Decision = r.decision === 'implicit-deny' && grantAllows(key, roleArn, action) ? 'allowed' : r.decision;
      return { action, decision, reasons: r.reasons, statements: r.statements };
    });

    const denied = outcomes.filter((o) => o.decision === 'explicit-deny');
    const notAllowed = outcomes.filter((o) => o.decision === 'implicit-deny');
    const undecided = outcomes.filter((o) => o.decision === 'inconclusive');
    const list = (os: readonly Outcome[]) => os.map((o) => o.action).join(', ');
    const base = facts({
      keyReference: ref,
      keyArn: key.arn,
      roleArn,
      deniedKeyActions: denied.length + notAllowed.length > 0 ? list([...denied, ...notAllowed]) : undefined,
    });
    const fixed = policyWith(key.policy, { after: keyPolicyStatements(roleArn) });
    const fix = {
      summary: msg(META, 'fix', { key: key.arn }),
      command: `aws kms put-key-policy --key-id ${key.arn} --policy-name default --policy file://key-policy.json`,
      snippet: pretty(fixed),
      docs: EBS_KMS_DOCS,
      patch: {
        kind: 'key-policy' as const,
        keyArn: key.arn,
        document: fixed,
        needs: [{ principal: roleArn, actions: keyPolicyStatements(roleArn).flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action as string])) }],
      },
    };
    if (denied.length > 0) {
      return fail(META, {
        title: msg(META, 'fail', { key: key.arn, role }),
        detail: msg(META, 'denyDetail', {
          statements: statementList(denied) || '-',
          actions: list(denied),
          key: key.arn,
          role,
        }),
        facts: base,
        fix: { ...fix, snippet: list(denied) },
        confidence: 0.9,
        subject: key.arn,
      });
    }
    // Without the role's own policies, an implicit deny may still be lifted by them when the key enables IAM.
    if (notAllowed.length > 0 && identityGaps.length === 0) {
      return fail(META, {
        title: msg(META, 'fail', { key: key.arn, role }),
        detail: msg(META, 'failDetail', { key: key.arn, role, actions: list(notAllowed) }),
        facts: base,
        fix,
        confidence: 0.9,
        subject: key.arn,
      });
    }
    if (notAllowed.length > 0 || undecided.length > 0) {
      const reasons = [...new Set(undecided.flatMap((o) => o.reasons))];
      return inconclusive(META, {
        title: msg(META, 'undecided', { key: key.arn, role }),
        facts: base,
        missing: [
          ...identityGaps,
          ...(reasons.length > 0
            ? [undecidedGap(`the key policy of ${key.arn} for ${roleArn}`, key.arn, reasons)]
            : []),
        ],
      });
    }
    return pass(META, { title: msg(META, 'pass', { key: key.arn, role }), facts: base });
  },
};
