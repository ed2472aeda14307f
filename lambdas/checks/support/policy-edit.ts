/**
 * Policy documents rewritten for a fix: statements added to a key policy or a trust policy, everything else kept
 * as it is, so that the command that writes the document back changes only what the finding is about.
 */
import type { PolicyDocument, PolicyStatement } from '../../model/types.ts';

/** The statements of a policy document as a list (a single statement object becomes a list of one). */
export function statementsOf(doc: PolicyDocument): readonly PolicyStatement[] {
  return Array.isArray(doc.Statement) ? (doc.Statement as readonly PolicyStatement[]) : [doc.Statement as PolicyStatement];
}

/** The policy with statements added before and after its own, keeping its Id and Version (2012-10-17 when unset). */
export function policyWith(
  current: PolicyDocument,
  added: { readonly before?: readonly PolicyStatement[]; readonly after?: readonly PolicyStatement[] },
): PolicyDocument {
  return {
    Version: current.Version ?? '2012-10-17',
    ...(current.Id ? { Id: current.Id } : {}),
    Statement: [...(added.before ?? []), ...statementsOf(current), ...(added.after ?? [])],
  };
}
