/**
 * iam-role-permissions-backup: the job's role has the actions that this resource type needs for this job type,
 * as the permission profiles list them, decided over its attached and inline policies and its boundary.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/iam-service-roles.html
 */
import type { Check, CheckContext, Finding } from '../../model/types.ts';
import { requiredActions } from '../../../profiles/index.ts';
import { facts, inconclusive, msg, notApplicable } from '../support/finding.ts';
import { roleOf } from '../support/lookup.ts';
import { arnName, isBackupServiceLinkedRole } from '../../model/arn.ts';
import { roleNotRead } from '../support/role-findings.ts';
import { jobTypeOf, notInEvent, resourceTypeOf, roleArnOf } from '../support/iam-job.ts';
import { PROFILE_FACT_LABELS, evaluateProfile, verdictFinding } from '../support/iam-permissions.ts';
import { roleIdentity } from '../support/iam-role-access.ts';

const DOCS = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/iam-service-roles.html';
const FACTS = PROFILE_FACT_LABELS;
const META = { id: 'iam-role-permissions-backup', category: 'iam-permission' } as const;

/** iam-role-permissions-backup. */
export const iamRolePermissionsBackup: Check = {
  ...META,
  appliesTo: ['backup-job', 'copy-job', 'restore-job'],
  docs: DOCS,
  messages: {
    en: {
      ...FACTS.en,
      'iam-role-permissions-backup.fail': 'Role {role} lacks actions that {type} {job} jobs need: {actions}',
      'iam-role-permissions-backup.failDetail':
        'None of the policies of {role} allows these actions, which AWS Backup calls with the role for {type} {job} jobs: {actions}.',
      'iam-role-permissions-backup.fixMissing':
        'Add an inline policy that allows exactly the missing actions (the command below; the policy follows it). Attaching the AWS managed policy that grants them also works, but it grants more than these actions.',
      'iam-role-permissions-backup.denied': 'An explicit deny keeps role {role} from {actions}',
      'iam-role-permissions-backup.deniedDetail':
        'The Deny statement(s) {statements} in the policies of {role} (or its boundary) deny {actions}. An explicit deny wins over every allow.',
      'iam-role-permissions-backup.fixDenied':
        'Remove the Deny statement(s) {statements}, or narrow them so that they no longer match these actions for the backup role: {actions}.',
      'iam-role-permissions-backup.boundary': 'The permissions boundary {boundary} of role {role} blocks {actions}',
      'iam-role-permissions-backup.boundaryDetail':
        'The role policies allow {actions}, but the permissions boundary {boundary} does not, so the role cannot use them.',
      'iam-role-permissions-backup.fixBoundary':
        'Add the statement below to the permissions boundary {boundary} (as a new default version of the policy), or remove the boundary from the role.',
      'iam-role-permissions-backup.pass': 'Role {role} has the actions {type} {job} jobs need',
      'iam-role-permissions-backup.noProfile':
        'Could not check the permissions of role {role}: there is no permission profile for {type} {job} jobs',
      'iam-role-permissions-backup.undecided': 'Could not decide every action role {role} needs for {type} {job} jobs',
      'iam-role-permissions-backup.noRole': 'Could not check the role permissions: the job role is not known',
      'iam-role-permissions-backup.notRead': 'Could not read the policies of role {role}',
      'iam-role-permissions-backup.roleMissing': 'Role {role} does not exist, so its permissions cannot be checked',
      'iam-role-permissions-backup.serviceLinked':
        'Role {role} is the service-linked role, whose permissions are fixed by AWS; the fix is to pass a service role',
      'iam-role-permissions-backup.s3': 'S3 backup and restore permissions are checked by s3-backup-permissions',
    },
    ja: {
      ...FACTS.ja,
      'iam-role-permissions-backup.fail': 'ロール {role} には {type} の{job}ジョブに必要なアクションが不足しています: {actions}',
      'iam-role-permissions-backup.failDetail':
        '{role} のどのポリシーも次のアクションを許可していません。AWS Backup は {type} の{job}ジョブでこのロールを使ってこれらを呼び出します: {actions}。',
      'iam-role-permissions-backup.fixMissing':
        '不足しているアクションだけを許可するインラインポリシーを追加してください (下記のコマンド。ポリシーはその後に示します)。これらのアクションを許可する AWS マネージドポリシーをアタッチしても解決しますが、これらのアクション以外も許可されます。',
      'iam-role-permissions-backup.denied': '明示的な拒否により、ロール {role} は {actions} を実行できません',
      'iam-role-permissions-backup.deniedDetail':
        '{role} のポリシー (またはアクセス許可の境界) の Deny ステートメント {statements} が {actions} を拒否しています。明示的な拒否はすべての許可より優先されます。',
      'iam-role-permissions-backup.fixDenied':
        'Deny ステートメント {statements} を削除するか、バックアップ用ロールの次のアクションに一致しないよう範囲を狭めてください: {actions}。',
      'iam-role-permissions-backup.boundary': 'ロール {role} のアクセス許可の境界 {boundary} が {actions} をブロックしています',
      'iam-role-permissions-backup.boundaryDetail':
        'ロールのポリシーは {actions} を許可していますが、アクセス許可の境界 {boundary} が許可していないため、ロールはこれらを使用できません。',
      'iam-role-permissions-backup.fixBoundary':
        '以下のステートメントをアクセス許可の境界 {boundary} に追加する (ポリシーの新しいデフォルトバージョンとして) か、ロールから境界を外してください。',
      'iam-role-permissions-backup.pass': 'ロール {role} には {type} の{job}ジョブに必要なアクションがあります',
      'iam-role-permissions-backup.noProfile':
        '{type} の{job}ジョブ用の権限プロファイルがないため、ロール {role} の権限を確認できませんでした',
      'iam-role-permissions-backup.undecided': 'ロール {role} が {type} の{job}ジョブに必要なアクションをすべて判定できませんでした',
      'iam-role-permissions-backup.noRole': 'ジョブのロールが不明なため、ロールの権限を確認できませんでした',
      'iam-role-permissions-backup.notRead': 'ロール {role} のポリシーを読み取れませんでした',
      'iam-role-permissions-backup.roleMissing': 'ロール {role} が存在しないため、権限を確認できません',
      'iam-role-permissions-backup.serviceLinked':
        'ロール {role} はサービスリンクロールで、権限は AWS が固定しています。サービスロールを渡すことで対処してください',
      'iam-role-permissions-backup.s3': 'S3 のバックアップと復元の権限は s3-backup-permissions で確認します',
    },
  },
  run(ctx: CheckContext): Finding {
    const job = jobTypeOf(ctx);
    const arn = roleArnOf(ctx);
    if (!arn || !job) return inconclusive(META, { title: msg(META, 'noRole'), missing: [notInEvent('the job role ARN')] });
    const name = arnName(arn);
    const type = resourceTypeOf(ctx);
    if (type?.toLowerCase() === 's3' && job !== 'copy') return notApplicable(META, { title: msg(META, 's3') });
    const role = roleOf(ctx.evidence, arn);
    if (role && !role.exists) return notApplicable(META, { title: msg(META, 'roleMissing', { role: name }) });
    // The service-linked role's policy cannot be changed; iam-wrong-role-service-linked reports the real fix.
    if (isBackupServiceLinkedRole(arn)) return notApplicable(META, { title: msg(META, 'serviceLinked', { role: name }) });
    const params = { role: name, type: type ?? '?', job };
    const profile = type ? requiredActions(type, job) : undefined;
    if (!profile) {
      return inconclusive(META, {
        title: msg(META, 'noProfile', params),
        facts: facts({ roleArn: arn, resourceType: type, jobType: job }),
        missing: [
          type
            ? { what: `a permission profile for resource type ${type} (${job})`, why: 'not-collected' }
            : notInEvent('the resource type of the job'),
        ],
      });
    }
    if (!role) return roleNotRead(META, ctx, { arn, name }, `iam:GetRole ${arn}`);
    const identity = roleIdentity(ctx, role);
    return verdictFinding(iamRolePermissionsBackup, ctx, role, identity, evaluateProfile(ctx, role, identity, profile), {
      params,
      docs: DOCS,
    });
  },
};
