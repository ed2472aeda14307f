/**
 * Proves fixes before they are shown: each fix that carries a patch is applied to a copy of the evidence and the
 * checks run again. It is shown only if its check then passes, no other check turns to fail, and the documents
 * before and after compare as safe (see safety.ts). Otherwise the command and document are withheld and the fix
 * says in words what to change and why no command is given.
 */
import type { Check, CheckContext, EvidencePatch, Finding, Fix, FixVerification, Messages, Text } from '../model/types.ts';
import { runChecks } from '../checks/runner.ts';
import { applyPatch, documentsOf } from './patch.ts';
import { compareDocuments } from './safety.ts';

/** AWS CLI commands that rewrite a policy document or a role's set of policies. */
export const EDITS_POLICY =
  /\baws (?:iam (?:put-role-policy|put-user-policy|put-group-policy|update-assume-role-policy|attach-role-policy|attach-user-policy|create-policy-version)|kms put-key-policy)\b/;

/** Verdicts a check may not turn to because of a fix. */
const BROKEN = new Set<Finding['verdict']>(['fail', 'error']);

/** Proves one patch: the verification, with the reasons it failed when it did. */
export function provePatch(ctx: CheckContext, finding: Finding, patch: EvidencePatch, before: readonly Finding[], checks: readonly Check[]): FixVerification {
  let after;
  try {
    after = applyPatch(ctx.evidence, patch);
  } catch (err) {
    return { verified: false, against: [], reasons: [err instanceof Error ? err.message : String(err)] };
  }
  const rerun = runChecks({ ...ctx, evidence: after }, checks);
  const reasons: string[] = [];
  const self = rerun.find((r) => r.checkId === finding.checkId);
  if (self?.verdict !== 'pass') reasons.push(`${finding.checkId} still reports ${self?.verdict ?? 'nothing'} after the change`);
  for (const r of rerun) {
    const was = before.find((b) => b.checkId === r.checkId);
    if (r.checkId !== finding.checkId && was && !BROKEN.has(was.verdict) && BROKEN.has(r.verdict)) {
      reasons.push(`${r.checkId} turns from ${was.verdict} to ${r.verdict}`);
    }
  }
  const docs = documentsOf(ctx.evidence, patch);
  const safety = compareDocuments(docs.before, docs.after, patch);
  reasons.push(...safety.broken.map((b) => `the change ${b}`));
  for (const w of safety.widened.slice(0, 3)) {
    const context = Object.entries(w.context).map(([k, v]) => `${k}=${v}`).join(', ');
    reasons.push(`the change allows ${w.principal} ${w.action} on ${w.resource}${context ? ` with ${context}` : ''}, which was not allowed before and is not needed`);
  }
  const against = [finding.checkId, ...rerun.filter((r) => r.checkId !== finding.checkId && r.verdict !== 'not-applicable').map((r) => r.checkId)];
  return reasons.length === 0 ? { verified: true, against } : { verified: false, against, reasons };
}

/** The words of a fix that could not be proven: what to change, and why no command is given. */
function unprovenFix(fix: Fix, patch: EvidencePatch, verification: FixVerification): Fix {
  const reason = verification.reasons?.[0] ?? '-';
  const who = patch.needs.map((n) => n.principal).join(', ') || '-';
  const actions = [...new Set(patch.needs.flatMap((n) => n.actions))].join(', ') || '-';
  const summary: Text =
    patch.kind === 'trust-policy'
      ? { key: 'fixes.unproven.trust', params: { role: patch.roleArn, principal: who, reason } }
      : patch.kind === 'key-policy'
        ? { key: 'fixes.unproven.key', params: { key: patch.keyArn, principal: who, actions, reason } }
        : { key: 'fixes.unproven.role', params: { role: patch.roleArn, actions, reason } };
  return { summary, ...(fix.docs ? { docs: fix.docs } : {}), verification };
}

/**
 * The findings with every patch-carrying fix proven: a proven fix keeps its command and carries its verification;
 * one that is not proven loses its command and document and says why.
 */
export function proveFixes(ctx: CheckContext, findings: readonly Finding[], checks: readonly Check[]): Finding[] {
  return findings.map((f) => {
    const patch = f.fix?.patch;
    if (!f.fix) return f;
    if (f.verdict !== 'fail' || !patch) {
      if (!f.fix.command || !EDITS_POLICY.test(f.fix.command)) return f;
      // A command that rewrites a policy is shown only when proven: here there is no failing check to prove it
      // against, or the evidence does not hold the policy it changes.
      const reason = fixMessages.en[f.verdict !== 'fail' ? 'fixes.reason.undecided' : 'fixes.reason.noPolicy'] ?? '-';
      const { command: _withheld, patch: _patch, ...rest } = f.fix;
      return { ...f, fix: { ...rest, verification: { verified: false, against: [], reasons: [reason] } } };
    }
    const verification = provePatch(ctx, f, patch, findings, checks);
    if (verification.verified) return { ...f, fix: { ...f.fix, verification } };
    return { ...f, fix: unprovenFix(f.fix, patch, verification) };
  });
}

/** The texts of fixes that could not be proven. */
export const fixMessages: Messages = {
  en: {
    'fixes.withheld': 'No command is given: {reason}.',
    // Reasons a command is withheld: the JSON keeps the English sentence; people read it in their language.
    'fixes.reason.undecided': 'the check could not decide, so no change can be proven against it',
    'fixes.reason.noPolicy': 'the evidence does not hold the policy the command changes',
    'fixes.unproven.trust':
      'Change the trust policy of {role} so that {principal} may call sts:AssumeRole, keeping every Deny statement and every condition of the other statements. No command is given because the change found could not be proven safe on a copy of the evidence: {reason}.',
    'fixes.unproven.key':
      'Change the key policy of {key} so that it allows {principal} {actions}, keeping every Deny statement and every condition. No command is given because the change found could not be proven safe on a copy of the evidence: {reason}.',
    'fixes.unproven.role':
      'Give role {role} {actions} in a policy of its own, without wildcards. No command is given because the change found could not be proven safe on a copy of the evidence: {reason}.',
  },
  ja: {
    'fixes.withheld': 'コマンドは示していません: {reason}。',
    'fixes.reason.undecided': 'チェックで判定できなかったため、変更を確かめる対象がありません',
    'fixes.reason.noPolicy': '証拠に、コマンドが変更するポリシーが含まれていません',
    'fixes.unproven.trust':
      '{role} の信頼ポリシーを変更し、{principal} が sts:AssumeRole を呼び出せるようにしてください。Deny ステートメントとほかのステートメントの条件はすべて残してください。見つかった変更を証拠のコピーで安全と確認できなかったため、コマンドは示していません: {reason}。',
    'fixes.unproven.key':
      '{key} のキーポリシーを変更し、{principal} に {actions} を許可してください。Deny ステートメントと条件はすべて残してください。見つかった変更を証拠のコピーで安全と確認できなかったため、コマンドは示していません: {reason}。',
    'fixes.unproven.role':
      'ロール {role} に {actions} を、ワイルドカードを使わない専用のポリシーで許可してください。見つかった変更を証拠のコピーで安全と確認できなかったため、コマンドは示していません: {reason}。',
  },
};
