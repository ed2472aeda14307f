/**
 * ecs-passrole: the principal that launched the task (RunTask, StartTask, CreateService or UpdateService, from
 * CloudTrail) may pass the infrastructure role to Amazon ECS: iam:PassRole with iam:PassedToService
 * ecs.amazonaws.com. Without CloudTrail evidence this is a hint, never a verdict.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/infrastructure_IAM_role.html
 */
import type { Check, CheckContext, Finding, RoleFacts, TrailRecord } from '../../model/types.ts';
import { facts, fail, inconclusive, msg, pass, pretty, shellJson } from '../support/finding.ts';
import { gapsFor, undecidedGap } from '../support/lookup.ts';
import { arnAccount, arnName } from '../../model/arn.ts';
import { decideForRole, roleIdentity } from '../support/iam-role-access.ts';
import { factMessages } from '../../model/fact-labels.ts';
import { ECS_SERVICE, INFRA_ROLE_DOCS, infraRoleArnOf, volumeConfigGap } from '../support/ecs-context.ts';
import { passRolePolicy } from '../support/ecs-documents.ts';

const META = { id: 'ecs-passrole', category: 'iam-permission' } as const;
const FACTS = factMessages(['callerArn', 'launchCall', 'passedToService']);
const LAUNCH_CALLS = ['RunTask', 'StartTask', 'CreateService', 'UpdateService'];

/** The launch calls CloudTrail recorded for the task, newest first. */
function launchCalls(trail: readonly TrailRecord[] | undefined): TrailRecord[] {
  return (trail ?? [])
    .filter((r) => LAUNCH_CALLS.includes(r.eventName))
    .sort((a, b) => Date.parse(b.eventTime) - Date.parse(a.eventTime));
}

function deniedPassRole(r: TrailRecord): boolean {
  return /^(?:Client\.)?AccessDenied/i.test(r.errorCode ?? '') && /\biam:PassRole\b/i.test(r.errorMessage ?? '');
}

/** The IAM principal behind a CloudTrail userArn: the user, or the role of an assumed-role session. */
function callerFacts(ctx: CheckContext, userArn: string): RoleFacts | undefined {
  const roles = ctx.evidence.roles ?? {};
  if (roles[userArn]) return roles[userArn];
  const session = /^arn:[^:]+:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(userArn);
  if (!session) return undefined;
  const [, account, name] = session;
  return Object.values(roles).find((r) => r.name === name && arnAccount(r.arn) === account);
}

/**
 * The IAM identity that holds the policies of a CloudTrail caller: the role behind an assumed-role session (its
 * policies are the role's, not the session's), else the user or role the ARN names.
 */
function callerName(callerArn: string): string {
  return /:assumed-role\/([^/]+)\//.exec(callerArn)?.[1] ?? arnName(callerArn);
}

/** The command that adds the PassRole statement to the caller: a user, or the role behind a session. */
function grantCommand(callerArn: string | undefined, roleArn: string): string {
  const doc = shellJson(passRolePolicy(roleArn));
  const name = `pass-${arnName(roleArn)}-to-ecs`;
  if (callerArn && /:user\//.test(callerArn)) {
    return `aws iam put-user-policy --user-name ${arnName(callerArn)} --policy-name ${name} --policy-document ${doc}`;
  }
  const session = callerArn ? /:assumed-role\/([^/]+)\//.exec(callerArn)?.[1] : undefined;
  const role = session ?? (callerArn && /:role\//.test(callerArn) ? arnName(callerArn) : '<caller-role-name>');
  return `aws iam put-role-policy --role-name ${role} --policy-name ${name} --policy-document ${doc}`;
}

/** ecs-passrole. */
export const ecsPassrole: Check = {
  ...META,
  appliesTo: ['ecs-volume-attachment'],
  docs: INFRA_ROLE_DOCS,
  messages: {
    en: {
      ...FACTS.en,
      'ecs-passrole.fail': '{caller} may not pass infrastructure role {role} to Amazon ECS (iam:PassRole)',
      'ecs-passrole.failTrail':
        'CloudTrail recorded {call} by {caller} at {time} failing with {code}: {message}. Without iam:PassRole on {role} for ecs.amazonaws.com, ECS cannot use the role for the volume.',
      'ecs-passrole.failPolicy':
        'None of the policies of {caller} allows iam:PassRole on {role} with iam:PassedToService ecs.amazonaws.com ({decision}), so ECS cannot use the role for the volume.',
      'ecs-passrole.fix':
        'Allow the caller to pass exactly this role to Amazon ECS: add the statement below (the one the ECS documentation publishes) to {caller}, then launch the task again.',
      'ecs-passrole.pass': '{caller} may pass infrastructure role {role} to Amazon ECS',
      'ecs-passrole.noRole': 'Could not check iam:PassRole: the infrastructure role of the volume is not known',
      'ecs-passrole.noTrail':
        'Could not check who launched the task: no CloudTrail record of the launch call. If the caller lacks iam:PassRole on {role} for ecs.amazonaws.com, ECS cannot use the role; the statement below grants it',
      'ecs-passrole.noCaller':
        'Could not read the policies of {caller}, who launched the task, to check iam:PassRole on {role}',
      'ecs-passrole.undecided': 'Could not decide whether {caller} may pass infrastructure role {role} to Amazon ECS',
    },
    ja: {
      ...FACTS.ja,
      'ecs-passrole.fail': '{caller} はインフラストラクチャロール {role} を Amazon ECS に渡せません (iam:PassRole)',
      'ecs-passrole.failTrail':
        'CloudTrail に {caller} による {call} ({time}) が {code} で失敗した記録があります: {message}。ecs.amazonaws.com に対する {role} の iam:PassRole がないと、ECS はボリュームにこのロールを使用できません。',
      'ecs-passrole.failPolicy':
        '{caller} のどのポリシーも、iam:PassedToService が ecs.amazonaws.com の場合の {role} に対する iam:PassRole を許可していません ({decision})。そのため ECS はボリュームにこのロールを使用できません。',
      'ecs-passrole.fix':
        '呼び出し元がこのロールだけを Amazon ECS に渡せるようにしてください。以下のステートメント (ECS のドキュメントに記載されたもの) を {caller} に追加し、タスクを再度起動します。',
      'ecs-passrole.pass': '{caller} はインフラストラクチャロール {role} を Amazon ECS に渡せます',
      'ecs-passrole.noRole': 'ボリュームのインフラストラクチャロールが不明なため、iam:PassRole を確認できませんでした',
      'ecs-passrole.noTrail':
        'タスクを起動した呼び出しの CloudTrail 記録がないため、誰が起動したかを確認できませんでした。呼び出し元に ecs.amazonaws.com に対する {role} の iam:PassRole がない場合、ECS はロールを使用できません。以下のステートメントで許可できます',
      'ecs-passrole.noCaller': 'タスクを起動した {caller} のポリシーを読み取れなかったため、{role} の iam:PassRole を確認できませんでした',
      'ecs-passrole.undecided': '{caller} がインフラストラクチャロール {role} を Amazon ECS に渡せるか判断できませんでした',
    },
  },
  run(ctx: CheckContext): Finding {
    const roleArn = infraRoleArnOf(ctx);
    if (!roleArn) return inconclusive(META, { title: msg(META, 'noRole'), missing: volumeConfigGap(ctx) });
    const role = arnName(roleArn);
    const calls = launchCalls(ctx.evidence.trail);
    const denied = calls.find(deniedPassRole);
    const call = denied ?? calls[0];
    const callerArn = call?.userArn;
    const caller = callerArn ? callerName(callerArn) : '-';
    const fix = (who: string, holder?: RoleFacts) => ({
      summary: msg(META, 'fix', { caller: who }),
      command: grantCommand(callerArn, roleArn),
      snippet: pretty(passRolePolicy(roleArn)),
      docs: INFRA_ROLE_DOCS,
      // A role whose policies the evidence holds: the change can be tried on a copy first.
      ...(holder && /:role\//.test(holder.arn)
        ? {
            patch: {
              kind: 'role-inline-policy' as const,
              roleArn: holder.arn,
              policyName: `pass-${arnName(roleArn)}-to-ecs`,
              document: passRolePolicy(roleArn),
              needs: [{ principal: holder.arn, actions: ['iam:PassRole'], resources: [roleArn] }],
            },
          }
        : {}),
    });
    const base = facts({
      roleArn,
      callerArn,
      launchCall: call ? `${call.eventName} ${call.eventTime}${call.errorCode ? ` (${call.errorCode})` : ''}` : undefined,
      passedToService: ECS_SERVICE,
    });

    const decideFor = (who: RoleFacts) =>
      decideForRole(who, roleIdentity(ctx, who), {
        action: 'iam:PassRole',
        resource: roleArn,
        principal: who.arn,
        context: { 'iam:PassedToService': ECS_SERVICE },
      });
    if (denied) {
      const holder = callerArn ? callerFacts(ctx, callerArn) : undefined;
      // The denial is history: when the caller's policies now allow the call, it was fixed since.
      if (holder && decideFor(holder).decision === 'allowed') {
        return pass(META, { title: msg(META, 'pass', { caller, role }), facts: base });
      }
      return fail(META, {
        title: msg(META, 'fail', { caller, role }),
        detail: msg(META, 'failTrail', {
          call: denied.eventName,
          caller,
          time: denied.eventTime,
          code: denied.errorCode ?? '-',
          message: (denied.errorMessage ?? '').slice(0, 300),
          role,
        }),
        facts: base,
        fix: fix(caller, holder),
        confidence: 0.95,
        subject: holder?.arn ?? callerArn ?? roleArn,
      });
    }
    if (!call || !callerArn) {
      const task = ctx.event.ecs?.taskArn;
      const trailGaps = gapsFor(ctx.evidence, task, 'cloudtrail:LookupEvents');
      return inconclusive(META, {
        title: msg(META, 'noTrail', { role }),
        facts: base,
        missing:
          trailGaps.length > 0
            ? trailGaps
            : [{ what: `the CloudTrail record of the call that launched ${task ?? 'the task'}`, ...(task ? { subject: task } : {}), action: 'cloudtrail:LookupEvents', why: 'not-collected' }],
        fix: fix('<caller>'),
      });
    }
    // A launch call that succeeded proves nothing: ECS reports a missing PassRole on the volume attachment later.
    const principal = callerFacts(ctx, callerArn);
    if (!principal) {
      return inconclusive(META, {
        title: msg(META, 'noCaller', { caller, role }),
        facts: base,
        missing: [{ what: `the policies of ${callerArn}`, subject: callerArn, why: 'not-collected' }],
        fix: fix(caller),
      });
    }
    const identity = roleIdentity(ctx, principal);
    const outcome = decideForRole(principal, identity, {
      action: 'iam:PassRole',
      resource: roleArn,
      principal: principal.arn,
      context: { 'iam:PassedToService': ECS_SERVICE },
    });
    if (outcome.decision === 'allowed') return pass(META, { title: msg(META, 'pass', { caller, role }), facts: base });
    if (outcome.decision === 'inconclusive') {
      return inconclusive(META, {
        title: msg(META, 'undecided', { caller, role }),
        facts: base,
        missing:
          identity.missing.length > 0
            ? identity.missing
            : [undecidedGap(`iam:PassRole for ${principal.arn}`, principal.arn, outcome.reasons)],
        fix: fix(caller),
      });
    }
    return fail(META, {
      title: msg(META, 'fail', { caller, role }),
      detail: msg(META, 'failPolicy', { caller, role, decision: outcome.decision }),
      facts: base,
      fix: fix(caller, principal),
      confidence: 0.85,
      subject: principal.arn,
    });
  },
};
