/**
 * s3-backup-permissions: S3 backups and restores need AWSBackupServiceRolePolicyForS3Backup or
 * AWSBackupServiceRolePolicyForS3Restore (or the same actions) on the role, which the default role lacks.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/security-iam-awsmanpol.html
 */
import type { Check, CheckContext, Finding } from '../../model/types.ts';
import { requiredActions } from '../../../profiles/index.ts';
import { msg, notApplicable } from '../support/finding.ts';
import { roleAtHand, roleNotRead } from '../support/role-findings.ts';
import { jobTypeOf, notInEvent, resourceTypeOf, roleArnOf } from '../support/iam-job.ts';
import { PROFILE_FACT_LABELS, evaluateProfile, verdictFinding } from '../support/iam-permissions.ts';
import { roleIdentity } from '../support/iam-role-access.ts';

const DOCS = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/security-iam-awsmanpol.html';
const FACTS = PROFILE_FACT_LABELS;
const META = { id: 's3-backup-permissions', category: 's3-specific' } as const;

/** s3-backup-permissions. */
export const s3BackupPermissions: Check = {
  ...META,
  appliesTo: ['backup-job', 'restore-job'],
  docs: DOCS,
  messages: {
    en: {
      ...FACTS.en,
      's3-backup-permissions.fail': 'Role {role} lacks the S3 {job} permissions of {policy}: {actions}',
      's3-backup-permissions.failDetail':
        'AWS Backup needs extra permissions for Amazon S3 that AWSBackupServiceRolePolicyForBackup and AWSBackupServiceRolePolicyForRestores do not include, so the default role cannot back up or restore S3 until they are added. {role} is not allowed: {actions}.',
      's3-backup-permissions.fix':
        'Add the inline policy below to {role}: it allows exactly the missing actions. Attaching {policy} also works (the S3 one-time permissions setup in the AWS Backup console does that for the default role), but it grants more than these actions.',
      's3-backup-permissions.denied': 'An explicit deny keeps role {role} from S3 actions that the {job} needs: {actions}',
      's3-backup-permissions.fixDenied':
        'Remove the Deny statement(s) {statements}, or narrow them so that they no longer match these actions for the backup role: {actions}.',
      's3-backup-permissions.boundary': 'The permissions boundary {boundary} of role {role} blocks S3 actions: {actions}',
      's3-backup-permissions.fixBoundary':
        'Add the statement below to the permissions boundary {boundary} (as a new default version of the policy), or remove the boundary from the role.',
      's3-backup-permissions.pass': 'Role {role} has the S3 {job} permissions',
      's3-backup-permissions.notS3': 'The job is not an S3 backup or restore',
      's3-backup-permissions.undecided': 'Could not decide every S3 action role {role} needs',
      's3-backup-permissions.noRole': 'Could not check the S3 permissions: the job role is not known',
      's3-backup-permissions.notRead': 'Could not read the policies of role {role}',
      's3-backup-permissions.roleMissing': 'Role {role} does not exist, so its S3 permissions cannot be checked',
    },
    ja: {
      ...FACTS.ja,
      's3-backup-permissions.fail': 'ロール {role} には {policy} に含まれる S3 の{job}用の権限がありません: {actions}',
      's3-backup-permissions.failDetail':
        'AWS Backup で Amazon S3 を扱うには、AWSBackupServiceRolePolicyForBackup と AWSBackupServiceRolePolicyForRestores に含まれない追加の権限が必要です。そのため、デフォルトロールのままでは S3 のバックアップと復元はできません。{role} に許可されていないアクション: {actions}。',
      's3-backup-permissions.fix':
        '以下のインラインポリシーを {role} に追加してください。不足しているアクションだけを許可します。{policy} をアタッチしても解決します (AWS Backup コンソールの S3 用の 1 回限りの権限設定で、デフォルトロールにアタッチできます) が、これらのアクション以外も許可されます。',
      's3-backup-permissions.denied': '明示的な拒否により、ロール {role} は{job}に必要な S3 アクションを実行できません: {actions}',
      's3-backup-permissions.fixDenied':
        'Deny ステートメント {statements} を削除するか、バックアップ用ロールの次のアクションに一致しないよう範囲を狭めてください: {actions}。',
      's3-backup-permissions.boundary': 'ロール {role} のアクセス許可の境界 {boundary} が S3 アクションをブロックしています: {actions}',
      's3-backup-permissions.fixBoundary':
        '以下のステートメントをアクセス許可の境界 {boundary} に追加する (ポリシーの新しいデフォルトバージョンとして) か、ロールから境界を外してください。',
      's3-backup-permissions.pass': 'ロール {role} には S3 の{job}用の権限があります',
      's3-backup-permissions.notS3': 'このジョブは S3 のバックアップまたは復元ではありません',
      's3-backup-permissions.undecided': 'ロール {role} に必要な S3 アクションをすべて判定できませんでした',
      's3-backup-permissions.noRole': 'ジョブのロールが不明なため、S3 の権限を確認できませんでした',
      's3-backup-permissions.notRead': 'ロール {role} のポリシーを読み取れませんでした',
      's3-backup-permissions.roleMissing': 'ロール {role} が存在しないため、S3 の権限を確認できません',
    },
  },
  run(ctx: CheckContext): Finding {
    const job = jobTypeOf(ctx);
    const type = resourceTypeOf(ctx);
    if (type?.toLowerCase() !== 's3' || (job !== 'backup' && job !== 'restore')) {
      return notApplicable(META, { title: msg(META, 'notS3') });
    }
    const at = roleAtHand(META, ctx, roleArnOf(ctx), [notInEvent('the job role ARN')]);
    if (at.stop) return at.stop;
    const { arn, name, role } = at;
    if (!role) return roleNotRead(META, ctx, at, `iam:GetRole ${arn}`);
    const profile = requiredActions('S3', job)!;
    const policy = job === 'backup' ? 'AWSBackupServiceRolePolicyForS3Backup' : 'AWSBackupServiceRolePolicyForS3Restore';
    const identity = roleIdentity(ctx, role);
    return verdictFinding(s3BackupPermissions, ctx, role, identity, evaluateProfile(ctx, role, identity, profile), {
      params: { role: name, job, policy },
      missingFix: 'fix',
      missingConfidence: 0.9,
      docs: DOCS,
    });
  },
};
