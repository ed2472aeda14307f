/**
 * iam-agent-role-profile: when AWS denies a call of a role that runs an agent (an HA cluster's recovery kit, a
 * fencing agent), the role is checked against every action of the profile version it is bound to, not only the
 * denied one: the diagnosis lists all that is missing at once, with the version that introduced each action.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
 */
import type { Check, CheckContext, Finding } from '../../model/types.ts';
import { PROFILE_TAG, type AgentProfile } from '../../../profiles/agent-profiles.ts';
import { facts, fail, inconclusive, msg, notApplicable, pass, pretty, shellJson } from '../support/finding.ts';
import { arnName } from '../../model/arn.ts';
import { decodeAuthorizationCommand } from '../../model/shell.ts';
import { roleOf } from '../support/lookup.ts';
import { roleNotRead } from '../support/role-findings.ts';
import {
  agentPolicy,
  anyInferred,
  bindingsOf,
  byRequirement,
  evaluateAgent,
  profilesOf,
  type AgentActionOutcome,
  type AgentVerdict,
} from '../support/iam-agent-role.ts';
import { roleIdentity } from '../support/iam-role-access.ts';
import { factMessages } from '../../model/fact-labels.ts';

const DOCS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html';
const META = { id: 'iam-agent-role-profile', category: 'iam-permission' } as const;
const FACTS = factMessages(['roleArn', 'deniedCall', 'caller', 'boundProfiles', 'bindingSource', 'profileSource', 'decodeCommand', 'conditionalActions']);

/**
 * The parameters that name what a role lacks: the actions, the versions that need them, their purposes and
 * whether the list is inferred. Values are language-neutral or have `param.<name>.<value>` labels.
 */
export function verdictParams(v: AgentVerdict, lacking: readonly AgentActionOutcome[]): Record<string, string | number> {
  const groups = byRequirement(lacking);
  return {
    agent: `${v.profile.id}@${v.version}`,
    count: new Set(lacking.map((o) => o.needed.action)).size,
    actions: [...new Set(lacking.map((o) => o.needed.action))].join(', '),
    since: [...new Set(groups.map((g) => g.requirement.since))].join(', '),
    purpose: [...new Set(groups.map((g) => g.requirement.purpose.en))].join('; '),
    inferred: anyInferred(lacking) ? 'inferred' : 'documented',
  };
}


/** The fix for actions a role lacks: an inline policy with exactly those actions. */
export function agentFix(roleName: string, profile: AgentProfile, lacking: readonly AgentActionOutcome[]): { command: string; snippet: string } {
  const policy = agentPolicy(lacking);
  return {
    command: `aws iam put-role-policy --role-name ${roleName} --policy-name ${profile.id}-permissions --policy-document ${shellJson(policy)}`,
    snippet: pretty(policy),
  };
}

/** iam-agent-role-profile. */
export const iamAgentRoleProfile: Check = {
  ...META,
  appliesTo: ['access-denied'],
  docs: DOCS,
  messages: {
    en: {
      ...FACTS.en,
      'iam-agent-role-profile.fail': 'Role {role} lacks {count} action(s) that {agent} needs ({inferred}): {actions}',
      'iam-agent-role-profile.failDetail':
        'AWS denied {denied} to {role}. The profile {agent} needs more than that one action; the role lacks {actions}, needed since {since}: {purpose} ({inferred}).',
      'iam-agent-role-profile.fixMissing': 'Add an inline policy to {role} that allows exactly the missing actions (below).',
      'iam-agent-role-profile.denied': 'An explicit deny keeps role {role} from {actions}, which {agent} needs',
      'iam-agent-role-profile.fixDenied': 'Remove or narrow the Deny statements ({statements}) so that they no longer match: {actions}.',
      'iam-agent-role-profile.boundary': 'The permissions boundary of role {role} blocks {actions}, which {agent} needs',
      'iam-agent-role-profile.fixBoundary': 'Add these actions to the permissions boundary {boundary}, or remove the boundary.',
      'iam-agent-role-profile.elsewhere':
        'The policies of role {role} allow every action {agent} needs, yet AWS denied {denied}: a service control policy, a session policy or a resource policy denies it',
      'iam-agent-role-profile.unbound': 'AWS denied {denied} to role {role}, which is bound to no permission profile',
      'iam-agent-role-profile.fixUnbound':
        'Bind the role to the profile of the agent that uses it (tag {tag} = PROFILE@VERSION), so that every action it lacks is listed at once.',
      'iam-agent-role-profile.unknownProfile': 'Role {role} is bound to {agent}, which no permission profile describes',
      'iam-agent-role-profile.tooOld': 'The profile {agent} has no list for versions before its earliest one',
      'iam-agent-role-profile.badBinding': 'The binding of role {role} cannot be read: {error}',
      'iam-agent-role-profile.undecided': 'Could not decide every action {agent} needs for role {role}',
      'iam-agent-role-profile.pass': 'Role {role} has every action {agent} needs',
      'iam-agent-role-profile.noRole': 'Could not check the denied call: the event names no role',
      'iam-agent-role-profile.notRead': 'Could not read the policies of role {role}',
      'iam-agent-role-profile.roleMissing': 'Role {role} does not exist',
    },
    ja: {
      ...FACTS.ja,
      'iam-agent-role-profile.fail': 'ロール {role} には {agent} に必要なアクションが {count} 個不足しています ({inferred}): {actions}',
      'iam-agent-role-profile.failDetail':
        'AWS は {role} の {denied} を拒否しました。プロファイル {agent} が必要とするのはこの 1 つだけではありません。ロールには {since} から必要な {actions} がありません: {purpose} ({inferred})。',
      'iam-agent-role-profile.fixMissing': '不足しているアクションだけを許可するインラインポリシー (下記) を {role} に追加してください。',
      'iam-agent-role-profile.denied': '明示的な拒否により、ロール {role} は {agent} に必要な {actions} を実行できません',
      'iam-agent-role-profile.fixDenied': 'Deny ステートメント ({statements}) を削除するか、次のアクションに一致しないよう絞り込んでください: {actions}。',
      'iam-agent-role-profile.boundary': 'ロール {role} のアクセス許可の境界が、{agent} に必要な {actions} をブロックしています',
      'iam-agent-role-profile.fixBoundary': 'アクセス許可の境界 {boundary} にこれらのアクションを追加するか、境界を外してください。',
      'iam-agent-role-profile.elsewhere':
        'ロール {role} のポリシーは {agent} に必要なアクションをすべて許可していますが、AWS は {denied} を拒否しました。サービスコントロールポリシー、セッションポリシー、またはリソースポリシーが拒否しています',
      'iam-agent-role-profile.unbound': 'AWS はロール {role} の {denied} を拒否しました。このロールはどの権限プロファイルにも紐付いていません',
      'iam-agent-role-profile.fixUnbound':
        'ロールを使うエージェントのプロファイルに紐付けてください (タグ {tag} = PROFILE@VERSION)。不足しているアクションがまとめて示されます。',
      'iam-agent-role-profile.unknownProfile': 'ロール {role} は {agent} に紐付いていますが、その権限プロファイルはありません',
      'iam-agent-role-profile.tooOld': 'プロファイル {agent} には、最も古い一覧より前のバージョンの一覧がありません',
      'iam-agent-role-profile.badBinding': 'ロール {role} の紐付けを読み取れません: {error}',
      'iam-agent-role-profile.undecided': 'ロール {role} について {agent} に必要なアクションをすべて判定できませんでした',
      'iam-agent-role-profile.pass': 'ロール {role} には {agent} に必要なアクションがすべてあります',
      'iam-agent-role-profile.noRole': '拒否された呼び出しを確認できません: イベントにロールがありません',
      'iam-agent-role-profile.notRead': 'ロール {role} のポリシーを読み取れませんでした',
      'iam-agent-role-profile.roleMissing': 'ロール {role} は存在しません',
    },
  },
  run(ctx: CheckContext): Finding {
    const denied = ctx.event.denied;
    const arn = ctx.event.roleArn;
    if (!arn) return inconclusive(META, { title: msg(META, 'noRole'), missing: [{ what: 'userIdentity.sessionContext.sessionIssuer of the event', why: 'not-collected' }] });
    const name = arnName(arn);
    const role = roleOf(ctx.evidence, arn);
    if (role && !role.exists) return notApplicable(META, { title: msg(META, 'roleMissing', { role: name }) });
    if (!role) return roleNotRead(META, ctx, { arn, name }, `iam:GetRole ${arn}`);
    const deniedAction = denied?.action ?? ctx.event.state;
    const base = facts({
      roleArn: arn,
      deniedCall: denied ? `${denied.action} (${denied.errorCode})` : undefined,
      caller: denied?.principalArn,
      decodeCommand: denied?.encodedMessage ? decodeAuthorizationCommand(denied.encodedMessage) : undefined,
    });
    const found = bindingsOf(role, ctx.profileBindings);
    if (found.errors.length > 0) {
      return inconclusive(META, {
        title: msg(META, 'badBinding', { role: name, error: found.errors[0] as string }),
        facts: base,
        missing: [{ what: `the ${PROFILE_TAG} binding of ${arn}`, subject: arn, why: 'error', detail: found.errors[0] as string }],
      });
    }
    if (found.bindings.length === 0) {
      return inconclusive(META, {
        title: msg(META, 'unbound', { role: name, denied: deniedAction }),
        facts: base,
        missing: [{ what: `a permission profile bound to ${arn} (tag ${PROFILE_TAG})`, subject: arn, why: 'not-found' }],
        fix: {
          summary: msg(META, 'fixUnbound', { tag: PROFILE_TAG }),
          command: `aws iam tag-role --role-name ${name} --tags Key=${PROFILE_TAG},Value=<profile>@<version>`,
          docs: DOCS,
        },
      });
    }
    const identity = roleIdentity(ctx, role);
    const profiles = profilesOf(ctx.agentProfiles);
    const verdicts: AgentVerdict[] = [];
    for (const b of found.bindings) {
      const profile = profiles.find((p) => p.id === b.profileId);
      const agent = `${b.profileId}@${b.version}`;
      if (!profile) {
        return inconclusive(META, {
          title: msg(META, 'unknownProfile', { role: name, agent }),
          facts: base,
          missing: [{ what: `the permission profile ${b.profileId}`, why: 'not-found' }],
        });
      }
      const v = evaluateAgent(role, identity, profile, b.version);
      if (v.tooOld) {
        return inconclusive(META, { title: msg(META, 'tooOld', { agent }), facts: base, missing: [{ what: `a list of ${agent}`, why: 'not-found' }] });
      }
      verdicts.push(v);
    }
    const bound = facts({
      boundProfiles: verdicts.map((v) => `${v.profile.id}@${v.version} (${v.profile.product}: ${v.profile.component})`).join('; '),
      bindingSource: found.source,
      conditionalActions:
        verdicts.flatMap((v) => v.conditional.map((c) => `${c.action} (${c.requirement.when})`)).join(', ') || undefined,
    });
    const all = [...base, ...bound];
    for (const v of verdicts) {
      const lacking = [...v.denied, ...v.boundaryBlocked, ...v.missing];
      const source = facts({ profileSource: [...new Set(lacking.map((o) => `${o.needed.requirement.basis}: ${o.needed.requirement.source}`))].join(' | ') || undefined });
      if (v.denied.length > 0) {
        const p = verdictParams(v, v.denied);
        const statements = [...new Set(v.denied.flatMap((o) => o.outcome.statements))].join(', ') || '-';
        return fail(META, {
          title: msg(META, 'denied', { role: name, ...p }),
          facts: [...all, ...source],
          fix: { summary: msg(META, 'fixDenied', { statements, actions: p.actions as string }), docs: DOCS },
          subject: arn,
        });
      }
      if (v.boundaryBlocked.length > 0) {
        const p = verdictParams(v, v.boundaryBlocked);
        return fail(META, {
          title: msg(META, 'boundary', { role: name, ...p }),
          facts: [...all, ...source],
          fix: { summary: msg(META, 'fixBoundary', { boundary: identity.boundaryName ?? '-' }), snippet: pretty(agentPolicy(v.boundaryBlocked)), docs: DOCS },
          subject: arn,
        });
      }
      if (v.missing.length > 0) {
        const p = verdictParams(v, v.missing);
        return fail(META, {
          title: msg(META, 'fail', { role: name, ...p }),
          detail: msg(META, 'failDetail', { role: name, denied: deniedAction, ...p }),
          facts: [...all, ...source],
          fix: { summary: msg(META, 'fixMissing', { role: name }), ...agentFix(name, v.profile, v.missing), docs: DOCS },
          confidence: 0.95,
          subject: arn,
        });
      }
      if (v.undecided.length > 0) {
        return inconclusive(META, {
          title: msg(META, 'undecided', { role: name, agent: `${v.profile.id}@${v.version}` }),
          facts: all,
          missing: identity.missing.length > 0 ? identity.missing : [{ what: `a decision on ${v.undecided.map((o) => o.needed.action).join(', ')}`, subject: arn, why: 'error' }],
        });
      }
    }
    const agents = verdicts.map((v) => `${v.profile.id}@${v.version}`).join(', ');
    const needed = new Set(verdicts.flatMap((v) => v.outcomes.map((o) => o.needed.action)));
    if (denied && needed.has(denied.action)) {
      // The role's own policies allow it, yet AWS said no: the denial comes from outside the role's policies.
      return inconclusive(META, {
        title: msg(META, 'elsewhere', { role: name, agent: agents, denied: denied.action }),
        facts: all,
        missing: [
          { what: `the service control policies that apply to account ${ctx.event.account ?? '?'}`, action: 'organizations:ListPoliciesForTarget', why: 'not-collected' },
          { what: `the session policy of ${denied.principalArn ?? arn}`, why: 'not-collected' },
        ],
      });
    }
    return pass(META, { title: msg(META, 'pass', { role: name, agent: agents }), facts: all });
  },
};
