/**
 * ecs-role-propagation: the infrastructure role was created or changed minutes before the attachment failed.
 * IAM changes take time to propagate, and ECS reports the same "unable to assume" reason until they have; the
 * documented remedy is to wait a few minutes and launch again.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshoot-ebs-volumes-scenarios.html
 */
import type { Check, CheckContext, Finding } from '../../model/types.ts';
import { facts, fail, msg, notApplicable, pass } from '../support/finding.ts';
import { STATUS_REASONS_DOCS, failureTimeOf, infraRoleArnOf, retryCommand, volumeConfigGap } from '../support/ecs-context.ts';
import { factMessages } from '../../model/fact-labels.ts';
import { roleAtHand, roleNotRead } from '../support/role-findings.ts';

const META = { id: 'ecs-role-propagation', category: 'iam-trust' } as const;
const FACTS = factMessages(['roleCreated', 'roleChanged', 'minutesBefore', 'failureTime']);

/** How recent a change must be to count as still propagating. */
export const PROPAGATION_WINDOW_MINUTES = 10;

/** Categories whose status reasons a propagation delay can explain (the role could not be used). */
const IAM_CATEGORIES = new Set(['iam-trust', 'iam-permission', 'unknown']);

/** ecs-role-propagation. */
export const ecsRolePropagation: Check = {
  ...META,
  appliesTo: ['ecs-volume-attachment'],
  docs: STATUS_REASONS_DOCS,
  messages: {
    en: {
      ...FACTS.en,
      'ecs-role-propagation.failCreated':
        'Infrastructure role {role} was created {minutes} minute(s) before the failure: IAM was still propagating it',
      'ecs-role-propagation.failChanged':
        'Infrastructure role {role} was changed {minutes} minute(s) before the failure: IAM was still propagating the change',
      'ecs-role-propagation.failDetail':
        'Role {role} was created or last changed at {changed}, and the attachment failed at {failed}. ECS reports that it cannot assume a role while IAM changes are still propagating, even when the role is correct.',
      'ecs-role-propagation.fix':
        'Wait a few minutes, then launch the task again (command below). If the same reason comes back, the trust policy or the permissions of {role} are wrong: see the other findings.',
      'ecs-role-propagation.pass': 'Infrastructure role {role} was last changed well before the failure ({changed})',
      'ecs-role-propagation.noRole': 'Could not check the age of the role: the infrastructure role of the volume is not known',
      'ecs-role-propagation.notRead': 'Could not read when infrastructure role {role} was created or changed',
      'ecs-role-propagation.otherCause': 'The status reason does not point to the infrastructure role',
      'ecs-role-propagation.roleMissing': 'Infrastructure role {role} does not exist',
    },
    ja: {
      ...FACTS.ja,
      'ecs-role-propagation.failCreated':
        'インフラストラクチャロール {role} は失敗の {minutes} 分前に作成されたため、IAM での反映が完了していませんでした',
      'ecs-role-propagation.failChanged':
        'インフラストラクチャロール {role} は失敗の {minutes} 分前に変更されたため、IAM での変更の反映が完了していませんでした',
      'ecs-role-propagation.failDetail':
        'ロール {role} は {changed} に作成または最終変更され、アタッチは {failed} に失敗しました。IAM の変更が反映されるまでの間は、ロールが正しくても ECS はロールを引き受けられないと報告します。',
      'ecs-role-propagation.fix':
        '数分待ってから、タスクを再度起動してください (下記のコマンド)。同じ理由で失敗する場合は、{role} の信頼ポリシーまたは権限が誤っています。他の検出結果を確認してください。',
      'ecs-role-propagation.pass': 'インフラストラクチャロール {role} の最終変更は失敗より十分前です ({changed})',
      'ecs-role-propagation.noRole': 'ボリュームのインフラストラクチャロールが不明なため、ロールの作成・変更時刻を確認できませんでした',
      'ecs-role-propagation.notRead': 'インフラストラクチャロール {role} の作成・変更時刻を読み取れませんでした',
      'ecs-role-propagation.otherCause': 'ステータス理由はインフラストラクチャロールの問題を示していません',
      'ecs-role-propagation.roleMissing': 'インフラストラクチャロール {role} は存在しません',
    },
  },
  run(ctx: CheckContext): Finding {
    if (!IAM_CATEGORIES.has(ctx.classification.category)) {
      return notApplicable(META, { title: msg(META, 'otherCause') });
    }
    const at = roleAtHand(META, ctx, infraRoleArnOf(ctx), volumeConfigGap(ctx));
    if (at.stop) return at.stop;
    const { arn, name, role } = at;
    const failed = failureTimeOf(ctx);
    const times = [
      { kind: 'created' as const, at: role?.createDate },
      { kind: 'changed' as const, at: role?.lastModified },
    ]
      .filter((t): t is { kind: 'created' | 'changed'; at: string } => t.at !== undefined && !Number.isNaN(Date.parse(t.at)))
      .map((t) => ({ kind: t.kind, at: new Date(t.at) }))
      // Only changes up to the failure matter; a later change cannot have caused it.
      .filter((t) => t.at.getTime() <= failed.getTime())
      .sort((a, b) => b.at.getTime() - a.at.getTime());
    if (!role || (role.createDate === undefined && role.lastModified === undefined)) {
      return roleNotRead(META, ctx, at, `iam:GetRole ${arn} (CreateDate)`);
    }
    const latest = times[0];
    const minutes = latest ? Math.floor((failed.getTime() - latest.at.getTime()) / 60_000) : undefined;
    const base = facts({
      roleArn: arn,
      roleCreated: role.createDate,
      roleChanged: role.lastModified,
      failureTime: failed.toISOString(),
      minutesBefore: minutes,
    });
    if (!latest || minutes === undefined || minutes >= PROPAGATION_WINDOW_MINUTES) {
      return pass(META, {
        title: msg(META, 'pass', { role: name, changed: latest?.at.toISOString() ?? role.lastModified ?? role.createDate ?? '-' }),
        facts: base,
      });
    }
    return fail(META, {
      title: msg(META, latest.kind === 'created' ? 'failCreated' : 'failChanged', { role: name, minutes }),
      detail: msg(META, 'failDetail', { role: name, changed: latest.at.toISOString(), failed: failed.toISOString() }),
      facts: base,
      fix: {
        summary: msg(META, 'fix', { role: name }),
        command: retryCommand(ctx),
        docs: STATUS_REASONS_DOCS,
      },
      confidence: 0.75,
      subject: arn,
    });
  },
};
