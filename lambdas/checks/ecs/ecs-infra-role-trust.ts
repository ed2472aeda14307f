/**
 * ecs-infra-role-trust: the ECS infrastructure role's trust policy lets ecs.amazonaws.com call sts:AssumeRole.
 * Without it ECS reports "ECS was unable to assume the configured ECS Infrastructure Role".
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/infrastructure_IAM_role.html
 */
import type { Check, CheckContext, Finding } from '../../model/types.ts';
import { facts } from '../support/finding.ts';
import { trustFinding } from '../support/trust.ts';
import { roleAtHand, roleNotRead } from '../support/role-findings.ts';
import { ECS_SERVICE, INFRA_ROLE_DOCS, accountOf, infraRoleArnOf, volumeConfigGap } from '../support/ecs-context.ts';
import { ECS_TRUST_STATEMENT } from '../support/ecs-documents.ts';

const META = { id: 'ecs-infra-role-trust', category: 'iam-trust' } as const;

/** ecs-infra-role-trust. */
export const ecsInfraRoleTrust: Check = {
  ...META,
  appliesTo: ['ecs-volume-attachment'],
  docs: INFRA_ROLE_DOCS,
  messages: {
    en: {
      'ecs-infra-role-trust.fail': 'Infrastructure role {role} cannot be assumed by ecs.amazonaws.com',
      'ecs-infra-role-trust.failDetail':
        'The trust policy of {role} does not let Amazon ECS (ecs.amazonaws.com) call sts:AssumeRole, so ECS cannot create and attach the EBS volume of the task. The trust policy admits: {admitted}.',
      'ecs-infra-role-trust.denyDetail':
        'A Deny statement ({statements}) in the trust policy of {role} keeps Amazon ECS (ecs.amazonaws.com) from calling sts:AssumeRole.',
      'ecs-infra-role-trust.fix':
        'Add Amazon ECS as a trusted entity of {role}: replace its trust policy with the document below, which keeps the other statements that allow and adds the statement that the ECS documentation publishes.',
      'ecs-infra-role-trust.pass': 'Infrastructure role {role} can be assumed by ecs.amazonaws.com',
      'ecs-infra-role-trust.noRole': 'Could not check the trust policy: the infrastructure role of the volume is not known',
      'ecs-infra-role-trust.notRead': 'Could not read the trust policy of infrastructure role {role}',
      'ecs-infra-role-trust.undecided': 'Could not decide whether ecs.amazonaws.com can assume infrastructure role {role}',
      'ecs-infra-role-trust.roleMissing': 'Infrastructure role {role} does not exist, so its trust policy cannot be checked',
    },
    ja: {
      'ecs-infra-role-trust.fail': 'インフラストラクチャロール {role} を ecs.amazonaws.com が引き受けられません',
      'ecs-infra-role-trust.failDetail':
        '{role} の信頼ポリシーが Amazon ECS (ecs.amazonaws.com) に sts:AssumeRole を許可していないため、ECS はタスクの EBS ボリュームを作成してアタッチできません。信頼ポリシーが許可しているプリンシパル: {admitted}。',
      'ecs-infra-role-trust.denyDetail':
        '{role} の信頼ポリシーの Deny ステートメント ({statements}) により、Amazon ECS (ecs.amazonaws.com) は sts:AssumeRole を実行できません。',
      'ecs-infra-role-trust.fix':
        'Amazon ECS を {role} の信頼されたエンティティとして追加してください。信頼ポリシーを以下のドキュメントに置き換えます。許可している既存のステートメントは残し、ECS のドキュメントに記載されたステートメントを追加しています。',
      'ecs-infra-role-trust.pass': 'インフラストラクチャロール {role} は ecs.amazonaws.com が引き受けられます',
      'ecs-infra-role-trust.noRole': 'ボリュームのインフラストラクチャロールが不明なため、信頼ポリシーを確認できませんでした',
      'ecs-infra-role-trust.notRead': 'インフラストラクチャロール {role} の信頼ポリシーを読み取れませんでした',
      'ecs-infra-role-trust.undecided': 'ecs.amazonaws.com がインフラストラクチャロール {role} を引き受けられるか判断できませんでした',
      'ecs-infra-role-trust.roleMissing': 'インフラストラクチャロール {role} が存在しないため、信頼ポリシーを確認できません',
    },
  },
  run(ctx: CheckContext): Finding {
    const at = roleAtHand(META, ctx, infraRoleArnOf(ctx), volumeConfigGap(ctx));
    if (at.stop) return at.stop;
    const { arn, name, role } = at;
    if (!role?.trustPolicy) return roleNotRead(META, ctx, at, `iam:GetRole ${arn} (trust policy)`);
    return trustFinding(META, {
      arn,
      name,
      trust: role.trustPolicy,
      service: ECS_SERVICE,
      serviceName: 'ECS',
      account: accountOf(ctx),
      grant: [ECS_TRUST_STATEMENT],
      docs: INFRA_ROLE_DOCS,
      facts: (_, admitted) => facts({ roleArn: arn, trustedPrincipals: admitted }),
      subject: arn,
    });
  },
};
