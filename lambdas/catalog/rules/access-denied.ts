/**
 * IAM-style access denied messages ("User: <arn> is not authorized to perform: <action> ... because no <type>
 * policy allows ..." / "... with an explicit deny in a <type> policy"), read by policy type and action.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
 */
import { inOrder } from '../pattern.ts';
import type { CatalogRule } from '../types.ts';
import { GH_CLOUDBEAT_1749, IAM_ACCESS_DENIED } from '../sources.ts';

// Guardrail policy types: a denial by one of these is fixed outside the role's own policies and the key policy.
const GUARDRAIL =
  '(?:service control policy|resource control policy|permissions boundary|sessions? policy|VPC endpoint policy|identity-based policy)';

/** Rules that read the policy type and the action of an IAM access denied message. */
export const accessDeniedRules: readonly CatalogRule[] = [
  {
    id: 'iam-denied-by-guardrail-policy',
    category: 'iam-permission',
    pattern: inOrder(
      /\bis not authorized to perform:? \S/i,
      new RegExp(
        `with an explicit deny in (?:a|an) ${GUARDRAIL}|because no (?:service control policy|resource control policy|permissions boundary|session policy|VPC endpoint policy) allows`,
        'i',
      ),
    ),
    confidence: 0.85,
    suspects: ['iam-role-permissions-backup', 'iam-role-missing'],
    hint: {
      en: 'An organization guardrail or a policy on the caller blocked the action (SCP, RCP, permissions boundary, session or VPC endpoint policy, or an explicit Deny): the message names the policy type; change that policy, not the key policy or the trust policy.',
      ja: '組織のガードレールまたは呼び出し元のポリシー (SCP、RCP、アクセス許可の境界、セッションポリシー、VPC エンドポイントポリシー、明示的な Deny) がアクションをブロックしました。ポリシーの種類はメッセージに示されています。キーポリシーや信頼ポリシーではなく、そのポリシーを修正してください。',
    },
    samples: [
      {
        text: 'User: arn:aws:iam::777788889999:user/John is not authorized to perform: codecommit:ListRepositories with an explicit deny in a service control policy',
        source: IAM_ACCESS_DENIED,
      },
      {
        text: 'User: arn:aws:iam::777788889999:user/John is not authorized to perform: codecommit:ListRepositories because no service control policy allows the codecommit:ListRespositories action',
        source: IAM_ACCESS_DENIED,
      },
      {
        text: 'User: arn:aws:iam::123456789012:user/John is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:123456789012:secret:* with an explicit deny in a resource control policy',
        source: IAM_ACCESS_DENIED,
      },
      {
        text: 'User: arn:aws:iam::777788889999:user/John is not authorized to perform: sagemaker:ListModels with an explicit deny in a permissions boundary',
        source: IAM_ACCESS_DENIED,
      },
      {
        text: 'User: arn:aws:iam::123456789012:user/John is not authorized to perform: codedeploy:ListDeployments on resource: arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:* because no permissions boundary allows the codedeploy:ListDeployments action',
        source: IAM_ACCESS_DENIED,
      },
      {
        text: 'User: arn:aws:iam::123456789012:user/John is not authorized to perform: codecommit:ListRepositories because no session policy allows the codecommit:ListRepositories action',
        source: IAM_ACCESS_DENIED,
      },
      {
        text: 'User: arn:aws:iam::123456789012:user/John is not authorized to perform: codedeploy:ListDeployments on resource: arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:* with an explicit deny in a sessions policy',
        source: IAM_ACCESS_DENIED,
      },
      {
        text: 'User: arn:aws:iam::123456789012:user/John is not authorized to perform: codecommit:ListRepositories because no VPC endpoint policy allows the codecommit:ListRepositories action',
        source: IAM_ACCESS_DENIED,
      },
      {
        text: 'User: arn:aws:iam::123456789012:role/HR is not authorized to perform: codedeploy:ListDeployments on resource: arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:* with an explicit deny in an identity-based policy',
        source: IAM_ACCESS_DENIED,
      },
      {
        text: 'User: arn:aws:sts::111122223333:assumed-role/role-name/role-session-name is not authorized to perform: SNS:Publish on resource: arn:aws:sns:us-east-1:444455556666:role-name-2 with an explicit deny in a VPC endpoint policy transitively through a service control policy',
        source: IAM_ACCESS_DENIED,
      },
    ],
  },
  {
    id: 'iam-assume-role-denied-by-trust-policy',
    category: 'iam-trust',
    pattern: inOrder(
      /\bis not authorized to perform:? sts:AssumeRole\b/i,
      /because no role trust policy allows|with an explicit deny in the role trust policy/i,
    ),
    confidence: 0.9,
    suspects: ['iam-role-trust-backup', 'ecs-infra-role-trust', 'iam-wrong-role-service-linked'],
    hint: {
      en: "The role's trust policy does not let this principal assume it (or denies it): add the service principal (backup.amazonaws.com, ecs.amazonaws.com) to the trust policy, or remove the Deny.",
      ja: 'ロールの信頼ポリシーがこのプリンシパルによる引き受けを許可していない (または拒否している) 状態です。信頼ポリシーにサービスプリンシパル (backup.amazonaws.com、ecs.amazonaws.com) を追加するか、Deny を削除してください。',
    },
    samples: [
      {
        text: 'User: arn:aws:iam::123456789012:user/John is not authorized to perform: sts:AssumeRole because no role trust policy allows the sts:AssumeRole action',
        source: IAM_ACCESS_DENIED,
      },
      {
        text: 'User: arn:aws:iam::777788889999:user/John is not authorized to perform: sts:AssumeRole with an explicit deny in the role trust policy',
        source: IAM_ACCESS_DENIED,
      },
    ],
  },
  {
    id: 'kms-action-not-authorized',
    category: 'kms-key-policy',
    pattern: /\bis not authorized to perform:? kms:[A-Za-z*]+/i,
    confidence: 0.8,
    suspects: ['kms-key-policy-role', 'kms-key-policy-root', 'ecs-kms-key-policy'],
    hint: {
      en: 'The principal may not use the KMS key for the action named: allow it in the key policy (or allow the account there and grant the action in the role\'s policy); for a cross-account copy, the key must be a customer managed key shared with the other account.',
      ja: 'プリンシパルには、メッセージに示された操作で KMS キーを使用する権限がありません。キーポリシーで許可してください (またはキーポリシーでアカウントを許可し、ロールのポリシーでアクションを付与してください)。クロスアカウントコピーでは、相手のアカウントと共有したカスタマーマネージドキーが必要です。',
    },
    samples: [
      {
        text: 'operation error KMS: GetKeyRotationStatus, https response error StatusCode: 400, RequestID: d35391f4-77ba-45e3-a5e7-8ea67a01097d, api error AccessDeniedException: User: arn:aws:iam::704479110758:user/gh_ci_restricted is not authorized to perform: kms:GetKeyRotationStatus on resource: arn:aws:kms:eu-west-1:704479110758:key/e8d9a14d-b46e-4923-9315-a7ffc7b7ba90 because no resource-based policy allows the kms:GetKeyRotationStatus action',
        source: GH_CLOUDBEAT_1749,
      },
    ],
  },
];
