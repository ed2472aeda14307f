/**
 * iam-passrole-restore: an EC2 restore that launches an instance with an instance profile needs iam:PassRole on
 * the instance's role (to ec2.amazonaws.com). AWSBackupServiceRolePolicyForRestores grants it only since v25.
 * @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSBackupServiceRolePolicyForRestores.html
 */
import type { Check, CheckContext, Finding, PolicyDocument, RoleFacts } from '../../model/types.ts';
import { evaluateTrust } from '../../policy/index.ts';
import { managedPolicyByArn, partitionOf } from '../../../profiles/index.ts';
import { facts, fail, inconclusive, msg, notApplicable, pass, pretty, shellJson } from '../support/finding.ts';
import { arnName } from '../../model/arn.ts';
import { factMessages } from '../../model/fact-labels.ts';
import { roleAtHand, roleNotRead } from '../support/role-findings.ts';
import { accountOf, notInEvent, resourceTypeOf, roleArnOf } from '../support/iam-job.ts';
import { type ActionOutcome, decideForRole, outcomeGaps, roleIdentity } from '../support/iam-role-access.ts';

const DOCS = 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSBackupServiceRolePolicyForRestores.html';
const FACTS = factMessages(['roleArn', 'passedRole', 'managedPolicyVersion', 'denyStatements', 'evaluatedWith']);
const META = { id: 'iam-passrole-restore', category: 'iam-permission' } as const;
const CONTEXT = { 'iam:PassedToService': 'ec2.amazonaws.com' } as const;

/** Roles in the evidence, other than the job's, that EC2 can assume: the instance roles a restore may pass. */
function instanceRoles(ctx: CheckContext, jobRole: string): RoleFacts[] {
  return Object.values(ctx.evidence.roles ?? {}).filter(
    (r) =>
      r.arn !== jobRole &&
      r.exists &&
      r.trustPolicy !== undefined &&
      evaluateTrust(r.trustPolicy, 'ec2.amazonaws.com').decision === 'allowed',
  );
}

/** iam-passrole-restore. */
export const iamPassroleRestore: Check = {
  ...META,
  appliesTo: ['restore-job'],
  docs: DOCS,
  messages: {
    en: {
      ...FACTS.en,
      'iam-passrole-restore.fail': 'Role {role} cannot pass role {passed} to EC2 (iam:PassRole)',
      'iam-passrole-restore.failDetail':
        'To launch the restored instance with its instance profile, AWS Backup calls iam:PassRole with {role} for {passed}, and no policy of {role} allows it. AWSBackupServiceRolePolicyForRestores grants iam:PassRole to ec2.amazonaws.com only since version v25; a copy of an older version does not.',
      'iam-passrole-restore.denied': 'An explicit deny keeps role {role} from passing role {passed} to EC2',
      'iam-passrole-restore.fix':
        'Allow iam:PassRole on the instance role for ec2.amazonaws.com: add the inline policy below to {role}, or attach the current AWSBackupServiceRolePolicyForRestores.',
      'iam-passrole-restore.fixDenied': 'Remove or narrow the Deny statement(s) {statements} so that {role} may pass {passed} to EC2.',
      'iam-passrole-restore.pass': 'Role {role} can pass role {passed} to EC2',
      'iam-passrole-restore.passAny': 'Role {role} can pass any role of the account to EC2',
      'iam-passrole-restore.unknownPassed':
        'Could not check iam:PassRole for the instance role: role {role} may not pass every role, and the role the restore passes is not known',
      'iam-passrole-restore.notEc2': 'The restore does not launch an EC2 instance',
      'iam-passrole-restore.undecided': 'Could not decide whether role {role} can pass {passed} to EC2',
      'iam-passrole-restore.noRole': 'Could not check iam:PassRole: the job role is not known',
      'iam-passrole-restore.notRead': 'Could not read the policies of role {role}',
      'iam-passrole-restore.roleMissing': 'Role {role} does not exist, so its iam:PassRole permission cannot be checked',
    },
    ja: {
      ...FACTS.ja,
      'iam-passrole-restore.fail': 'ロール {role} はロール {passed} を EC2 に渡せません (iam:PassRole)',
      'iam-passrole-restore.failDetail':
        '復元したインスタンスをインスタンスプロファイル付きで起動するため、AWS Backup は {role} で {passed} に対する iam:PassRole を呼び出しますが、{role} のどのポリシーもこれを許可していません。AWSBackupServiceRolePolicyForRestores が ec2.amazonaws.com への iam:PassRole を許可するのはバージョン v25 以降で、それより古いバージョンのコピーには含まれていません。',
      'iam-passrole-restore.denied': '明示的な拒否により、ロール {role} はロール {passed} を EC2 に渡せません',
      'iam-passrole-restore.fix':
        'ec2.amazonaws.com に対してインスタンスロールの iam:PassRole を許可してください。以下のインラインポリシーを {role} に追加するか、最新の AWSBackupServiceRolePolicyForRestores をアタッチします。',
      'iam-passrole-restore.fixDenied': '{role} が {passed} を EC2 に渡せるよう、Deny ステートメント {statements} を削除するか範囲を狭めてください。',
      'iam-passrole-restore.pass': 'ロール {role} はロール {passed} を EC2 に渡せます',
      'iam-passrole-restore.passAny': 'ロール {role} はアカウント内のどのロールも EC2 に渡せます',
      'iam-passrole-restore.unknownPassed':
        'インスタンスロールに対する iam:PassRole を確認できませんでした。ロール {role} はすべてのロールを渡せるわけではなく、復元で渡されるロールが不明です',
      'iam-passrole-restore.notEc2': 'この復元では EC2 インスタンスを起動しません',
      'iam-passrole-restore.undecided': 'ロール {role} が {passed} を EC2 に渡せるか判断できませんでした',
      'iam-passrole-restore.noRole': 'ジョブのロールが不明なため、iam:PassRole を確認できませんでした',
      'iam-passrole-restore.notRead': 'ロール {role} のポリシーを読み取れませんでした',
      'iam-passrole-restore.roleMissing': 'ロール {role} が存在しないため、iam:PassRole の権限を確認できません',
    },
  },
  run(ctx: CheckContext): Finding {
    if (resourceTypeOf(ctx)?.toLowerCase() !== 'ec2') return notApplicable(META, { title: msg(META, 'notEc2') });
    const at = roleAtHand(META, ctx, roleArnOf(ctx), [notInEvent('the job role ARN')]);
    if (at.stop) return at.stop;
    const { arn, name, role } = at;
    if (!role) return roleNotRead(META, ctx, at, `iam:GetRole ${arn}`);
    const identity = roleIdentity(ctx, role);
    const restores = (role.attachedPolicies ?? []).find((p) => managedPolicyByArn(p.arn)?.name === 'AWSBackupServiceRolePolicyForRestores');
    const version = restores?.versionId ? `AWSBackupServiceRolePolicyForRestores ${restores.versionId}` : undefined;
    const decide = (resource: string): ActionOutcome =>
      decideForRole(role, identity, { action: 'iam:PassRole', resource, principal: arn, context: CONTEXT });

    const candidates = instanceRoles(ctx, arn);
    const anyRole = `arn:${partitionOf(arn)}:iam::${accountOf(ctx) ?? '*'}:role/*`;
    const targets = candidates.length > 0 ? candidates.map((r) => r.arn) : [anyRole];
    const outcomes = targets.map(decide);
    const f = (passed: string, o?: ActionOutcome) =>
      facts({
        roleArn: arn,
        passedRole: passed,
        managedPolicyVersion: version,
        denyStatements: o?.blockedBy === 'explicit-deny' ? o.statements.join(', ') || undefined : undefined,
        evaluatedWith: o && o.source !== 'none' ? o.source : undefined,
      });

    const denied = outcomes.find((o) => o.decision === 'explicit-deny');
    if (denied) {
      const passed = arnName(denied.resource);
      const statements = denied.statements.join(', ') || '-';
      return fail(META, {
        title: msg(META, 'denied', { role: name, passed }),
        facts: f(denied.resource, denied),
        fix: { summary: msg(META, 'fixDenied', { role: name, passed, statements }), docs: DOCS },
        confidence: 0.85,
      });
    }
    const missing = outcomes.find((o) => o.decision === 'implicit-deny');
    if (missing && candidates.length > 0) {
      const passed = arnName(missing.resource);
      const policy = {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: missing.resource, Condition: { StringEquals: CONTEXT } }],
      };
      return fail(META, {
        title: msg(META, 'fail', { role: name, passed }),
        detail: msg(META, 'failDetail', { role: name, passed }),
        facts: f(missing.resource, missing),
        fix: {
          summary: msg(META, 'fix', { role: name }),
          command: `aws iam put-role-policy --role-name ${name} --policy-name restore-ec2-pass-instance-role --policy-document ${shellJson(policy)}`,
          snippet: pretty(policy),
          docs: DOCS,
          patch: {
            kind: 'role-inline-policy',
            roleArn: role.arn,
            policyName: 'restore-ec2-pass-instance-role',
            document: policy as PolicyDocument,
            needs: [{ principal: role.arn, actions: ['iam:PassRole'], resources: [missing.resource] }],
          },
        },
        confidence: 0.8,
      });
    }
    if (missing) {
      return inconclusive(META, {
        title: msg(META, 'unknownPassed', { role: name }),
        facts: f(anyRole, missing),
        missing: [{ what: 'the instance role that the restore passes to EC2 (no role that EC2 can assume is in the evidence)', why: 'not-collected' }],
      });
    }
    const undecided = outcomes.find((o) => o.decision === 'inconclusive');
    if (undecided) {
      return inconclusive(META, {
        title: msg(META, 'undecided', { role: name, passed: arnName(undecided.resource) }),
        facts: f(undecided.resource, undecided),
        missing: outcomeGaps(undecided, identity, arn),
      });
    }
    const first = outcomes[0]!;
    return candidates.length > 0
      ? pass(META, { title: msg(META, 'pass', { role: name, passed: arnName(first.resource) }), facts: f(first.resource, first) })
      : pass(META, { title: msg(META, 'passAny', { role: name }), facts: f(anyRole, first) });
  },
};
