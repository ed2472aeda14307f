/**
 * iam-wrong-role-service-linked: the job was given the service-linked role AWSServiceRoleForBackup instead of a
 * service role such as AWSBackupDefaultServiceRole.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/using-service-linked-roles.html
 */
import type { Check, CheckContext, Finding } from '../../model/types.ts';
import { partitionOf } from '../../../profiles/index.ts';
import { fail, facts, inconclusive, msg, pass } from '../support/finding.ts';
import { roleOf } from '../support/lookup.ts';
import { arnName, defaultServiceRoleArn, isBackupServiceLinkedRole, rolePath } from '../../model/arn.ts';
import { factMessages } from '../../model/fact-labels.ts';
import { accountOf, jobTypeOf, notInEvent, resourceArnOf, roleArnOf } from '../support/iam-job.ts';

const DOCS = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/iam-service-roles.html';
const FACTS = factMessages(['roleArn', 'rolePath', 'recommendedRole']);
const META = { id: 'iam-wrong-role-service-linked', category: 'iam-trust' } as const;

/** iam-wrong-role-service-linked. */
export const iamWrongRoleServiceLinked: Check = {
  ...META,
  appliesTo: ['backup-job', 'copy-job', 'restore-job'],
  docs: DOCS,
  messages: {
    en: {
      ...FACTS.en,
      'iam-wrong-role-service-linked.fail': 'The job used the service-linked role {role} instead of a backup service role',
      'iam-wrong-role-service-linked.failDetail':
        'AWSServiceRoleForBackup is the service-linked role that AWS Backup uses for its own work; its permissions are fixed and it is not meant to be passed to backup plans or jobs. When you create a backup plan or start an on-demand job, choose AWSBackupDefaultServiceRole (the default role) or a service role of your own.',
      'iam-wrong-role-service-linked.fix':
        'Assign {recommended} instead. For a backup plan, create the resource assignment again with that role (the role of an existing assignment cannot be changed). For an on-demand job, start it again with that role, as below.',
      'iam-wrong-role-service-linked.pass': 'The job used the service role {role}, not the service-linked role',
      'iam-wrong-role-service-linked.noRole': 'Could not check which role the job used: the job role is not known',
    },
    ja: {
      ...FACTS.ja,
      'iam-wrong-role-service-linked.fail': 'ジョブにバックアップ用のサービスロールではなく、サービスリンクロール {role} が指定されています',
      'iam-wrong-role-service-linked.failDetail':
        'AWSServiceRoleForBackup は AWS Backup 自身が使用するサービスリンクロールです。権限は固定されており、バックアッププランやジョブに指定するためのものではありません。バックアッププランを作成するとき、またはオンデマンドジョブを開始するときは、AWSBackupDefaultServiceRole (デフォルトのロール) または独自のサービスロールを選択してください。',
      'iam-wrong-role-service-linked.fix':
        '代わりに {recommended} を指定してください。バックアッププランの場合は、そのロールでリソース割り当てを作成し直します (既存の割り当てのロールは変更できません)。オンデマンドジョブの場合は、以下のようにそのロールでジョブを開始し直します。',
      'iam-wrong-role-service-linked.pass': 'ジョブにはサービスリンクロールではなく、サービスロール {role} が使われています',
      'iam-wrong-role-service-linked.noRole': 'ジョブのロールが不明なため、使われたロールを確認できませんでした',
    },
  },
  run(ctx: CheckContext): Finding {
    const arn = roleArnOf(ctx);
    if (!arn) return inconclusive(META, { title: msg(META, 'noRole'), missing: [notInEvent('the job role ARN')] });
    const name = arnName(arn);
    const role = roleOf(ctx.evidence, arn);
    const path = role?.path ?? rolePath(arn);
    const serviceLinked = isBackupServiceLinkedRole(arn, path);
    const account = accountOf(ctx) ?? '<account-id>';
    const recommended = defaultServiceRoleArn(account, partitionOf(arn));
    const f = facts({ roleArn: arn, rolePath: path });
    if (!serviceLinked) return pass(META, { title: msg(META, 'pass', { role: name }), facts: f });
    return fail(META, {
      title: msg(META, 'fail', { role: name }),
      detail: msg(META, 'failDetail'),
      facts: [...f, ...facts({ recommendedRole: recommended })],
      fix: { summary: msg(META, 'fix', { recommended }), command: rerun(ctx, recommended), docs: DOCS },
      confidence: 0.9,
    });
  },
};

/** The command that runs the job again with the right role. */
function rerun(ctx: CheckContext, roleArn: string): string {
  const vault = ctx.event.vaultName ?? ctx.evidence.job?.vaultName ?? '<backup-vault-name>';
  const recoveryPoint = ctx.event.recoveryPointArn ?? '<recovery-point-arn>';
  switch (jobTypeOf(ctx)) {
    case 'copy':
      return [
        'aws backup start-copy-job',
        `--recovery-point-arn ${recoveryPoint}`,
        `--source-backup-vault-name ${ctx.event.sourceVaultArn ? arnName(ctx.event.sourceVaultArn) : vault}`,
        `--destination-backup-vault-arn ${ctx.event.destinationVaultArn ?? '<destination-vault-arn>'}`,
        `--iam-role-arn ${roleArn}`,
      ].join(' ');
    case 'restore':
      return `aws backup start-restore-job --recovery-point-arn ${recoveryPoint} --iam-role-arn ${roleArn} --metadata file://restore-metadata.json`;
    default:
      return `aws backup start-backup-job --backup-vault-name ${vault} --resource-arn ${resourceArnOf(ctx) ?? '<resource-arn>'} --iam-role-arn ${roleArn}`;
  }
}
