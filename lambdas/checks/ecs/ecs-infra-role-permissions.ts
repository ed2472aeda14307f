/**
 * ecs-infra-role-permissions: the ECS infrastructure role has the actions of AmazonECSInfrastructureRolePolicyForVolumes
 * (profile `ecs-infrastructure-volumes`), decided over its attached and inline policies and its boundary. A volume
 * created from a snapshot also needs ec2:CreateVolume on the snapshot, which v1 of the managed policy lacked.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/infrastructure_IAM_role.html
 */
import type { Check, CheckContext, EvidencePatch, Finding, Gap, PolicyDocument } from '../../model/types.ts';
import { ECS_INFRASTRUCTURE_VOLUMES, resolveContext, resolveTemplate } from '../../../profiles/index.ts';
import type { ContextValue } from '../../policy/index.ts';
import { facts, fail, inconclusive, msg, pass, pretty, shellJson } from '../support/finding.ts';
import { regionOf, roleOf } from '../support/lookup.ts';
import { type ActionOutcome, decideForRole, outcomeGaps, roleIdentity, statementList } from '../support/iam-role-access.ts';
import { roleAtHand, roleNotRead } from '../support/role-findings.ts';
import { INFRA_ROLE_DOCS, accountOf, infraRoleArnOf, partitionOf, volumeConfigGap, volumeConfigOf } from '../support/ecs-context.ts';
import { VOLUMES_POLICY_NAME } from '../support/ecs-documents.ts';

const META = { id: 'ecs-infra-role-permissions', category: 'iam-permission' } as const;

/** The profile's actions decided for the role, with the variant actions that could not be placed. */
interface Verdict {
  readonly outcomes: readonly ActionOutcome[];
  readonly gaps: readonly Gap[];
  /** Snapshot-only actions the role lacks while the volume configuration (from a snapshot or not) is unknown. */
  readonly conditional: readonly ActionOutcome[];
}

function decide(ctx: CheckContext, roleArn: string): Verdict | undefined {
  const role = roleOf(ctx.evidence, roleArn);
  if (!role) return undefined;
  const identity = roleIdentity(ctx, role);
  const config = volumeConfigOf(ctx);
  const partition = partitionOf(ctx);
  const vars = { partition, region: regionOf(ctx) ?? '*', account: accountOf(ctx) ?? '*' };
  const taskArn = ctx.event.ecs?.taskArn;
  const outcomes: ActionOutcome[] = [];
  const gaps: Gap[] = [];
  const conditional: ActionOutcome[] = [];
  for (const a of ECS_INFRASTRUCTURE_VOLUMES.actions) {
    if (a.when === 'from-snapshot' && config !== undefined && !config.snapshotId) continue;
    const resource =
      a.when === 'from-snapshot' && config?.snapshotId
        ? `arn:${partition}:ec2:${vars.region}::snapshot/${config.snapshotId}`
        : resolveTemplate(a.resource, vars);
    const resolved = resolveContext(a.context, vars);
    if (resource === undefined || resolved === undefined) continue;
    // ECS tags the volume with the real task ARN: evaluate with it, so that conditions narrowed to a cluster hold.
    const context: Record<string, ContextValue> = {};
    for (const [k, v] of Object.entries(resolved)) context[k] = typeof v === 'string' && v.endsWith(':task/*') && taskArn ? taskArn : v;
    const outcome = decideForRole(role, identity, {
      action: a.action,
      resource,
      principal: role.arn,
      ...(Object.keys(context).length > 0 ? { context } : {}),
    });
    if (a.when === 'from-snapshot' && config === undefined) {
      if (outcome.decision !== 'allowed') conditional.push(outcome);
      continue;
    }
    outcomes.push(outcome);
    gaps.push(...outcomeGaps(outcome, identity, role.arn));
  }
  return { outcomes, gaps, conditional };
}

function names(outcomes: readonly ActionOutcome[]): string {
  return [...new Set(outcomes.map((o) => o.resource.includes(':snapshot/') ? `${o.action} (snapshot)` : o.action))].join(', ');
}

/** ecs-infra-role-permissions. */
export const ecsInfraRolePermissions: Check = {
  ...META,
  appliesTo: ['ecs-volume-attachment'],
  docs: INFRA_ROLE_DOCS,
  messages: {
    en: {
      'ecs-infra-role-permissions.fail': 'Infrastructure role {role} lacks {actions} for ECS-managed EBS volumes',
      'ecs-infra-role-permissions.failDetail':
        'None of the policies of {role} allows {actions}, which Amazon ECS calls with this role to create, tag, attach and delete the task\'s EBS volume (AmazonECSInfrastructureRolePolicyForVolumes grants them).',
      'ecs-infra-role-permissions.snapshotDetail':
        'The volume is created from snapshot {snapshot}: that needs ec2:CreateVolume on the snapshot, which version 2 of AmazonECSInfrastructureRolePolicyForVolumes added. A copy of the older policy lacks it. Missing: {actions}.',
      'ecs-infra-role-permissions.fixMissing':
        'Add an inline policy to {role} that allows exactly the missing actions (the command below; the policy follows it). Attaching the AWS managed policy AmazonECSInfrastructureRolePolicyForVolumes also works and AWS keeps it current, but it grants more than these actions.',
      'ecs-infra-role-permissions.denied': 'An explicit deny keeps infrastructure role {role} from {actions}',
      'ecs-infra-role-permissions.deniedDetail':
        'The Deny statement(s) {statements} in the policies or the boundary of {role} deny {actions}. An explicit deny wins over every allow.',
      'ecs-infra-role-permissions.fixDenied':
        'Remove the Deny statement(s) {statements}, or narrow them so that they no longer match these actions of the infrastructure role: {actions}.',
      'ecs-infra-role-permissions.boundary': 'The permissions boundary of infrastructure role {role} blocks {actions}',
      'ecs-infra-role-permissions.boundaryDetail':
        'The policies of {role} allow {actions}, but its permissions boundary {boundary} does not, so ECS cannot use them.',
      'ecs-infra-role-permissions.fixBoundary':
        'Add the statement below to the permissions boundary {boundary} (as a new default version), or remove the boundary from {role}.',
      'ecs-infra-role-permissions.pass': 'Infrastructure role {role} has the actions for ECS-managed EBS volumes',
      'ecs-infra-role-permissions.noRole': 'Could not check the permissions: the infrastructure role of the volume is not known',
      'ecs-infra-role-permissions.notRead': 'Could not read the policies of infrastructure role {role}',
      'ecs-infra-role-permissions.undecided': 'Could not decide every action infrastructure role {role} needs',
      'ecs-infra-role-permissions.snapshotUnknown':
        'Infrastructure role {role} lacks {actions}, which only a volume created from a snapshot needs; the volume configuration could not be read to tell',
      'ecs-infra-role-permissions.roleMissing': 'Infrastructure role {role} does not exist, so its permissions cannot be checked',
    },
    ja: {
      'ecs-infra-role-permissions.fail': 'インフラストラクチャロール {role} には ECS 管理の EBS ボリュームに必要な {actions} がありません',
      'ecs-infra-role-permissions.failDetail':
        '{role} のどのポリシーも {actions} を許可していません。Amazon ECS はこのロールでタスクの EBS ボリュームを作成・タグ付け・アタッチ・削除します (AmazonECSInfrastructureRolePolicyForVolumes がこれらを許可します)。',
      'ecs-infra-role-permissions.snapshotDetail':
        'ボリュームはスナップショット {snapshot} から作成されます。これにはスナップショットに対する ec2:CreateVolume が必要で、AmazonECSInfrastructureRolePolicyForVolumes のバージョン 2 で追加されました。古いバージョンのポリシーをコピーしたものには含まれていません。不足しているアクション: {actions}。',
      'ecs-infra-role-permissions.fixMissing':
        '不足しているアクションだけを許可するインラインポリシーを {role} に追加してください (下記のコマンド。ポリシーはその後に示します)。AWS マネージドポリシー AmazonECSInfrastructureRolePolicyForVolumes をアタッチしても解決し、AWS が最新に保ちますが、これらのアクション以外も許可されます。',
      'ecs-infra-role-permissions.denied': '明示的な拒否により、インフラストラクチャロール {role} は {actions} を実行できません',
      'ecs-infra-role-permissions.deniedDetail':
        '{role} のポリシーまたはアクセス許可の境界の Deny ステートメント {statements} が {actions} を拒否しています。明示的な拒否はすべての許可より優先されます。',
      'ecs-infra-role-permissions.fixDenied':
        'Deny ステートメント {statements} を削除するか、インフラストラクチャロールの次のアクションに一致しないよう範囲を狭めてください: {actions}。',
      'ecs-infra-role-permissions.boundary': 'インフラストラクチャロール {role} のアクセス許可の境界が {actions} をブロックしています',
      'ecs-infra-role-permissions.boundaryDetail':
        '{role} のポリシーは {actions} を許可していますが、アクセス許可の境界 {boundary} が許可していないため、ECS はこれらを使用できません。',
      'ecs-infra-role-permissions.fixBoundary':
        '以下のステートメントをアクセス許可の境界 {boundary} に (新しいデフォルトバージョンとして) 追加するか、{role} から境界を外してください。',
      'ecs-infra-role-permissions.pass': 'インフラストラクチャロール {role} には ECS 管理の EBS ボリュームに必要なアクションがあります',
      'ecs-infra-role-permissions.noRole': 'ボリュームのインフラストラクチャロールが不明なため、権限を確認できませんでした',
      'ecs-infra-role-permissions.notRead': 'インフラストラクチャロール {role} のポリシーを読み取れませんでした',
      'ecs-infra-role-permissions.undecided': 'インフラストラクチャロール {role} に必要なアクションをすべて判定できませんでした',
      'ecs-infra-role-permissions.snapshotUnknown':
        'インフラストラクチャロール {role} には {actions} がありません。これはスナップショットから作成するボリュームでのみ必要ですが、ボリューム設定を読み取れなかったため判断できません',
      'ecs-infra-role-permissions.roleMissing': 'インフラストラクチャロール {role} が存在しないため、権限を確認できません',
    },
  },
  run(ctx: CheckContext): Finding {
    const at = roleAtHand(META, ctx, infraRoleArnOf(ctx), volumeConfigGap(ctx));
    if (at.stop) return at.stop;
    const { arn, name, role } = at;
    const v = decide(ctx, arn);
    if (!role || !v) return roleNotRead(META, ctx, at, `iam:GetRole ${arn}`);
    const config = volumeConfigOf(ctx);
    const denied = v.outcomes.filter((o) => o.blockedBy === 'explicit-deny');
    const boundary = v.outcomes.filter((o) => o.blockedBy === 'boundary');
    const missing = v.outcomes.filter((o) => o.decision === 'implicit-deny' && o.blockedBy === undefined);
    const undecided = v.outcomes.filter((o) => o.decision === 'inconclusive');
    const attached = (role.attachedPolicies ?? []).find((p) => p.name === VOLUMES_POLICY_NAME);
    const base = facts({
      roleArn: arn,
      policy: attached ? `${VOLUMES_POLICY_NAME}${attached.versionId ? ` (${attached.versionId})` : ''}` : undefined,
      snapshotId: config?.snapshotId,
      missingActions: missing.length > 0 ? names(missing) : undefined,
      actions: denied.length + boundary.length > 0 ? names([...denied, ...boundary]) : undefined,
      boundary: boundary.length > 0 ? role.permissionsBoundary?.name : undefined,
    });
    if (denied.length > 0) {
      const statements = statementList(denied) || '-';
      const actions = names(denied);
      return fail(META, {
        title: msg(META, 'denied', { role: name, actions }),
        detail: msg(META, 'deniedDetail', { role: name, statements, actions }),
        facts: base,
        fix: { summary: msg(META, 'fixDenied', { statements, actions }), snippet: actions, docs: INFRA_ROLE_DOCS },
        confidence: 0.9,
        subject: arn,
      });
    }
    if (boundary.length > 0) {
      const actions = names(boundary);
      const b = role.permissionsBoundary?.name ?? '-';
      const doc = inline(boundary);
      return fail(META, {
        title: msg(META, 'boundary', { role: name, actions }),
        detail: msg(META, 'boundaryDetail', { role: name, boundary: b, actions }),
        facts: base,
        fix: {
          summary: msg(META, 'fixBoundary', { role: name, boundary: b }),
          command: `aws iam create-policy-version --policy-arn ${role.permissionsBoundary?.arn ?? '<boundary-policy-arn>'} --policy-document file://boundary-with-ecs-volume-actions.json --set-as-default`,
          snippet: pretty(doc),
          docs: INFRA_ROLE_DOCS,
        },
        confidence: 0.85,
        subject: arn,
      });
    }
    if (missing.length > 0) {
      const actions = names(missing);
      const onlySnapshot = missing.every((o) => o.resource.includes(':snapshot/'));
      const doc = inline(missing);
      // Exactly the missing actions: the managed policy would grant more than the check needs.
      const command = `aws iam put-role-policy --role-name ${name} --policy-name ecs-infrastructure-volumes --policy-document ${shellJson(doc)}`;
      const patch: EvidencePatch = {
        kind: 'role-inline-policy',
        roleArn: arn,
        policyName: 'ecs-infrastructure-volumes',
        document: doc as unknown as PolicyDocument,
        needs: [{ principal: arn, actions: missing.map((o) => o.action), resources: [...new Set(missing.map((o) => o.resource))] }],
      };
      return fail(META, {
        title: msg(META, 'fail', { role: name, actions }),
        detail: onlySnapshot
          ? msg(META, 'snapshotDetail', { snapshot: config?.snapshotId ?? '-', actions })
          : msg(META, 'failDetail', { role: name, actions }),
        facts: base,
        fix: { summary: msg(META, 'fixMissing', { role: name }), command, snippet: pretty(doc), docs: INFRA_ROLE_DOCS, patch },
        confidence: 0.9,
        subject: arn,
      });
    }
    if (undecided.length > 0 || v.conditional.length > 0) {
      const gaps = [...v.gaps, ...(v.conditional.length > 0 ? volumeConfigGap(ctx) : [])];
      return inconclusive(META, {
        title: msg(META, v.conditional.length > 0 ? 'snapshotUnknown' : 'undecided', { role: name, actions: names(v.conditional) }),
        facts: base,
        missing: gaps,
      });
    }
    return pass(META, { title: msg(META, 'pass', { role: name }), facts: base });
  },
};

/** An inline policy that allows exactly these outcomes' actions on their resources. */
function inline(outcomes: readonly ActionOutcome[]): Record<string, unknown> {
  const byResource = new Map<string, Set<string>>();
  for (const o of outcomes) {
    const set = byResource.get(o.resource) ?? new Set<string>();
    set.add(o.action);
    byResource.set(o.resource, set);
  }
  return {
    Version: '2012-10-17',
    Statement: [...byResource].map(([resource, actions]) => ({ Effect: 'Allow', Action: [...actions], Resource: resource })),
  };
}
