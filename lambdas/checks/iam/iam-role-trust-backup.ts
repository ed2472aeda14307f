/**
 * iam-role-trust-backup: the role's trust policy lets backup.amazonaws.com call sts:AssumeRole, with the
 * conditions it sets (aws:SourceAccount is the job's account).
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/iam-service-roles.html
 */
import type { Check, CheckContext, Finding, Gap, PolicyStatement } from '../../core/types.ts';
import { evaluateTrust, normalizeStatements } from '../../policy/index.ts';
import type { ContextValue } from '../../policy/index.ts';
import { factMessages } from '../fact-labels.ts';
import { facts, fail, inconclusive, msg, notApplicable, pass, pretty, shellJson } from '../finding.ts';
import { arnName, gapsOrNotCollected, roleOf } from '../lookup.ts';
import { BACKUP_TRUST_POLICY } from './iam-role-missing.ts';
import { accountOf, notInEvent, roleArnOf } from './job.ts';

const DOCS = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/iam-service-roles.html';
const SERVICE = 'backup.amazonaws.com';
const FACTS = factMessages(['roleArn', 'sourceAccount', 'admittedPrincipals', 'decidingStatements']);
const META = { id: 'iam-role-trust-backup', category: 'iam-trust' } as const;

/** A gap for a decision our evaluator could not make, with its reasons. */
export function undecided(subject: string, what: string, reasons: readonly string[]): Gap {
  return { what, subject, why: 'not-collected', detail: reasons.join('; ').slice(0, 300) };
}

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
    const arn = roleArnOf(ctx);
    if (!arn) return inconclusive(META, { title: msg(META, 'noRole'), missing: [notInEvent('the job role ARN')] });
    const name = arnName(arn);
    const role = roleOf(ctx.evidence, arn);
    if (role && !role.exists) return notApplicable(META, { title: msg(META, 'roleMissing', { role: name }) });
    if (!role?.trustPolicy) {
      return inconclusive(META, {
        title: msg(META, 'notRead', { role: name }),
        facts: facts({ roleArn: arn }),
        missing: gapsOrNotCollected(ctx, arn, `iam:GetRole ${arn} (trust policy)`),
      });
    }
    const trust = role.trustPolicy;
    const account = accountOf(ctx);
    const context: Record<string, ContextValue> = account ? { 'aws:SourceAccount': account } : {};
    const result = evaluateTrust(trust, SERVICE, context);
    const statements = normalizeStatements(trust);
    const admitted = [
      ...new Set(
        statements
          .filter((s) => s.effect === 'Allow' && s.principal)
          .flatMap((s) => [
            ...(s.principal!.wildcard ? ['*'] : []),
            ...s.principal!.service,
            ...s.principal!.aws,
            ...s.principal!.federated,
          ]),
      ),
    ];
    const base = facts({
      roleArn: arn,
      sourceAccount: account,
      admittedPrincipals: admitted.length > 0 ? admitted.join(', ') : '-',
      decidingStatements: result.statements.length > 0 ? result.statements.join(', ') : undefined,
    });
    if (result.decision === 'allowed') return pass(META, { title: msg(META, 'pass', { role: name }), facts: base });
    if (result.decision === 'inconclusive') {
      return inconclusive(META, {
        title: msg(META, 'undecided', { role: name }),
        facts: base,
        missing: [undecided(arn, `the trust policy of ${arn} for ${SERVICE}`, result.reasons)],
      });
    }
    // A condition on a key whose value AWS Backup does not document for AssumeRole (aws:SourceArn, ...) cannot be
    // evaluated faithfully: absent here, it may be present in AWS Backup's real request.
    const supplied = new Set(Object.keys(context).map((k) => k.toLowerCase()));
    const relevant = statements.filter(
      (s) =>
        (s.effect === 'Allow' && s.principal?.service.some((p) => p.toLowerCase() === SERVICE)) ||
        (s.effect === 'Deny' && result.statements.includes(s.id)),
    );
    const unknownKeys = [
      ...new Set(relevant.flatMap((s) => s.conditions.map((c) => c.key)).filter((k) => !supplied.has(k))),
    ];
    if (unknownKeys.length > 0) {
      return inconclusive(META, {
        title: msg(META, 'undecided', { role: name }),
        facts: base,
        missing: [
          undecided(arn, `the trust policy of ${arn} for ${SERVICE}`, [
            `the decision depends on ${unknownKeys.join(', ')}, whose value in AWS Backup's sts:AssumeRole request is not known`,
          ]),
        ],
      });
    }
    const denies = result.decision === 'explicit-deny' ? new Set(result.statements) : new Set<string>();
    const raw: readonly PolicyStatement[] = Array.isArray(trust.Statement)
      ? (trust.Statement as readonly PolicyStatement[])
      : [trust.Statement as PolicyStatement];
    const kept = raw.filter((_, i) => {
      const id = statements[i]?.id;
      return id === undefined || !denies.has(id);
    });
    const fixed = { Version: '2012-10-17', Statement: [...kept, ...BACKUP_TRUST_POLICY.Statement] };
    return fail(META, {
      title: msg(META, 'fail', { role: name }),
      detail:
        result.decision === 'explicit-deny'
          ? msg(META, 'denyDetail', { role: name, statements: result.statements.join(', ') })
          : msg(META, 'failDetail', { role: name, admitted: admitted.length > 0 ? admitted.join(', ') : '-' }),
      facts: base,
      fix: {
        summary: msg(META, 'fix', { role: name }),
        command: `aws iam update-assume-role-policy --role-name ${name} --policy-document ${shellJson(fixed)}`,
        snippet: pretty(fixed),
        docs: DOCS,
      },
      confidence: 0.95,
    });
  },
};
