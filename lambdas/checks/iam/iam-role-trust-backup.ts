/**
 * iam-role-trust-backup: the role's trust policy lets backup.amazonaws.com call sts:AssumeRole, with the
 * conditions it sets (aws:SourceAccount is the job's account).
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/iam-service-roles.html
 */
import type { Check, CheckContext, Finding } from '../../model/types.ts';
import { factMessages } from '../../model/fact-labels.ts';
import { facts } from '../support/finding.ts';
import { trustFinding } from '../support/trust.ts';
import { roleAtHand, roleNotRead } from '../support/role-findings.ts';
import { BACKUP_TRUST_POLICY } from './iam-role-missing.ts';
import { accountOf, notInEvent, roleArnOf } from '../support/iam-job.ts';

const DOCS = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/iam-service-roles.html';
const SERVICE = 'backup.amazonaws.com';
const FACTS = factMessages(['roleArn', 'sourceAccount', 'admittedPrincipals', 'decidingStatements']);
const META = { id: 'iam-role-trust-backup', category: 'iam-trust' } as const;

/** iam-role-trust-backup. */
export const iamRoleTrustBackup: Check = {
  ...META,
  appliesTo: ['backup-job', 'copy-job', 'restore-job'],
  docs: DOCS,
  messages: {
    en: {
      ...FACTS.en,
      'iam-role-trust-backup.fail': 'Role {role} cannot be assumed by backup.amazonaws.com',
      'iam-role-trust-backup.failDetail':
        'The trust policy of {role} does not let AWS Backup (backup.amazonaws.com) call sts:AssumeRole, so AWS Backup cannot use the role for this job. The trust policy admits: {admitted}.',
      'iam-role-trust-backup.denyDetail':
        'A Deny statement ({statements}) in the trust policy of {role} keeps AWS Backup (backup.amazonaws.com) from calling sts:AssumeRole.',
      'iam-role-trust-backup.fix':
        'Add AWS Backup as a trusted entity: replace the trust policy of {role} with the document below, which keeps the existing statements that allow others and adds backup.amazonaws.com.',
      'iam-role-trust-backup.pass': 'Role {role} can be assumed by backup.amazonaws.com',
      'iam-role-trust-backup.noRole': 'Could not check the trust policy: the job role is not known',
      'iam-role-trust-backup.notRead': 'Could not read the trust policy of role {role}',
      'iam-role-trust-backup.undecided': 'Could not decide whether backup.amazonaws.com can assume role {role}',
      'iam-role-trust-backup.roleMissing': 'Role {role} does not exist, so its trust policy cannot be checked',
    },
    ja: {
      ...FACTS.ja,
      'iam-role-trust-backup.fail': 'ロール {role} を backup.amazonaws.com が引き受けられません',
      'iam-role-trust-backup.failDetail':
        '{role} の信頼ポリシーが AWS Backup (backup.amazonaws.com) に sts:AssumeRole を許可していないため、AWS Backup はこのジョブでロールを使用できません。信頼ポリシーが許可しているプリンシパル: {admitted}。',
      'iam-role-trust-backup.denyDetail':
        '{role} の信頼ポリシーの Deny ステートメント ({statements}) により、AWS Backup (backup.amazonaws.com) は sts:AssumeRole を実行できません。',
      'iam-role-trust-backup.fix':
        'AWS Backup を信頼されたエンティティとして追加してください。{role} の信頼ポリシーを以下のドキュメントに置き換えます。既存の許可ステートメントはそのまま残し、backup.amazonaws.com を追加しています。',
      'iam-role-trust-backup.pass': 'ロール {role} は backup.amazonaws.com が引き受けられます',
      'iam-role-trust-backup.noRole': 'ジョブのロールが不明なため、信頼ポリシーを確認できませんでした',
      'iam-role-trust-backup.notRead': 'ロール {role} の信頼ポリシーを読み取れませんでした',
      'iam-role-trust-backup.undecided': 'backup.amazonaws.com がロール {role} を引き受けられるか判断できませんでした',
      'iam-role-trust-backup.roleMissing': 'ロール {role} が存在しないため、信頼ポリシーを確認できません',
    },
  },
  run(ctx: CheckContext): Finding {
    const at = roleAtHand(META, ctx, roleArnOf(ctx), [notInEvent('the job role ARN')]);
    if (at.stop) return at.stop;
    const { arn, name, role } = at;
    if (!role?.trustPolicy) return roleNotRead(META, ctx, at, `iam:GetRole ${arn} (trust policy)`);
    const account = accountOf(ctx);
    return trustFinding(META, {
      arn,
      name,
      trust: role.trustPolicy,
      service: SERVICE,
      serviceName: 'AWS Backup',
      account,
      grant: BACKUP_TRUST_POLICY.Statement,
      docs: DOCS,
      facts: (result, admitted) =>
        facts({
          roleArn: arn,
          sourceAccount: account,
          admittedPrincipals: admitted,
          decidingStatements: result.statements.length > 0 ? result.statements.join(', ') : undefined,
        }),
    });
  },
};
