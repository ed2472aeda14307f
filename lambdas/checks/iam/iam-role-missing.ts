/**
 * iam-role-missing: the role the job was given does not exist.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/iam-service-roles.html
 */
import type { Check, CheckContext, Finding } from '../../model/types.ts';
import { managedPolicyArn, partitionOf } from '../../../profiles/index.ts';
import { factMessages } from '../../model/fact-labels.ts';
import { facts, fail, inconclusive, msg, pass, pretty, shellJson } from '../support/finding.ts';
import { roleOf } from '../support/lookup.ts';
import { arnName, rolePath } from '../../model/arn.ts';
import { roleNotRead } from '../support/role-findings.ts';
import { notInEvent, roleArnOf } from '../support/iam-job.ts';

const DOCS = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/iam-service-roles.html';

/** The trust policy that lets AWS Backup assume a role. */
export const BACKUP_TRUST_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole' }],
} as const;

const FACTS = factMessages(['roleArn']);
const META = { id: 'iam-role-missing', category: 'iam-trust' } as const;

/** iam-role-missing. */
export const iamRoleMissing: Check = {
  ...META,
  appliesTo: ['backup-job', 'copy-job', 'restore-job'],
  docs: DOCS,
  messages: {
    en: {
      ...FACTS.en,
      'iam-role-missing.fail': 'Role {role} does not exist',
      'iam-role-missing.failDetail':
        'The job was started with {roleArn}, but IAM has no such role, so AWS Backup could not assume it. The role may have been deleted or renamed after the backup plan was assigned.',
      'iam-role-missing.fix':
        'Create the role again with AWS Backup as a trusted entity and the AWS Backup managed policies, or assign an existing role (for example AWSBackupDefaultServiceRole) to the backup plan or job.',
      'iam-role-missing.pass': 'Role {role} exists',
      'iam-role-missing.noRole': 'Could not check the job role: neither the event nor the job record names one',
      'iam-role-missing.notRead': 'Could not check whether role {role} exists',
    },
    ja: {
      ...FACTS.ja,
      'iam-role-missing.fail': 'ロール {role} が存在しません',
      'iam-role-missing.failDetail':
        'ジョブは {roleArn} で開始されましたが、IAM にこのロールが存在しないため、AWS Backup はロールを引き受けられませんでした。バックアッププランへの割り当て後にロールが削除されたか、名前が変更された可能性があります。',
      'iam-role-missing.fix':
        'AWS Backup を信頼されたエンティティとし、AWS Backup の AWS マネージドポリシーをアタッチしたロールを作成し直すか、既存のロール (AWSBackupDefaultServiceRole など) をバックアッププランまたはジョブに指定してください。',
      'iam-role-missing.pass': 'ロール {role} は存在します',
      'iam-role-missing.noRole': 'ジョブのロールを確認できませんでした。イベントにもジョブ情報にもロールが含まれていません',
      'iam-role-missing.notRead': 'ロール {role} が存在するか確認できませんでした',
    },
  },
  run(ctx: CheckContext): Finding {
    const arn = roleArnOf(ctx);
    if (!arn) return inconclusive(META, { title: msg(META, 'noRole'), missing: [notInEvent('the job role ARN')] });
    const role = roleOf(ctx.evidence, arn);
    const name = arnName(arn);
    const f = facts({ roleArn: arn });
    if (!role) return roleNotRead(META, ctx, { arn, name }, `iam:GetRole ${arn}`);
    if (role.exists) return pass(META, { title: msg(META, 'pass', { role: name }), facts: f });
    const partition = partitionOf(arn);
    const command = [
      `aws iam create-role --role-name ${name} --path ${rolePath(arn)} --assume-role-policy-document ${shellJson(BACKUP_TRUST_POLICY)}`,
      `aws iam attach-role-policy --role-name ${name} --policy-arn ${managedPolicyArn('AWSBackupServiceRolePolicyForBackup', partition)}`,
      `aws iam attach-role-policy --role-name ${name} --policy-arn ${managedPolicyArn('AWSBackupServiceRolePolicyForRestores', partition)}`,
    ].join('\n');
    return fail(META, {
      title: msg(META, 'fail', { role: name }),
      detail: msg(META, 'failDetail', { roleArn: arn }),
      facts: f,
      fix: { summary: msg(META, 'fix'), command, snippet: pretty(BACKUP_TRUST_POLICY), docs: DOCS },
      confidence: 0.95,
    });
  },
};
