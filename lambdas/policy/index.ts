/**
 * backup-doctor's IAM policy evaluator: decides on policy structure (never by regex over JSON) and answers
 * `inconclusive`, with the reason, for anything it cannot evaluate faithfully.
 */
export { normalizeStatements } from './normalize.ts';
export type { NormalizedCondition, NormalizedPrincipal, NormalizedStatement } from './normalize.ts';
export { evaluateAccess, evaluateIdentity, evaluateResourcePolicy, evaluateTrust } from './evaluate.ts';
export type { AccessInput, AccessRequest, ContextValue, Decision, EvalResult } from './types.ts';
