/**
 * The contract of our own IAM policy evaluator. It decides on structure, never by regex over JSON, and answers
 * `inconclusive` (with the reason) for anything it cannot evaluate faithfully, never `allowed`.
 */
import type { PolicyDocument } from '../model/types.ts';

/** The outcome of evaluating one request. */
export type Decision = 'allowed' | 'implicit-deny' | 'explicit-deny' | 'inconclusive';

/** A condition-key value as a request carries it. */
export type ContextValue = string | boolean | number | readonly string[];

/** The request being evaluated. */
export interface AccessRequest {
  /** e.g. "kms:Decrypt". */
  readonly action: string;
  /** The resource ARN, or "*". */
  readonly resource: string;
  /**
   * Who asks: an IAM ARN (role, assumed-role session, user, account root "arn:aws:iam::123456789012:root")
   * or a service principal ("backup.amazonaws.com").
   */
  readonly principal: string;
  /** Condition keys present in the request (aws:SourceAccount, kms:ViaService, iam:PassedToService, ...). */
  readonly context?: Readonly<Record<string, ContextValue>>;
}

/** The result, with what decided it. */
export interface EvalResult {
  readonly decision: Decision;
  /** Sids (or "#<index>") of the statements that decided it. */
  readonly statements: readonly string[];
  /** For inconclusive: what could not be evaluated (an unknown operator or condition key, ...). */
  readonly reasons: readonly string[];
}

/** Everything that takes part in a same-account decision for a principal acting on a resource. */
export interface AccessInput {
  readonly request: AccessRequest;
  /** The principal's identity policies (managed and inline). */
  readonly identityPolicies: readonly PolicyDocument[];
  /** The principal's permissions boundary, when it has one. */
  readonly boundary?: PolicyDocument;
  /** The resource's own policy: a KMS key policy, a role trust policy, a bucket policy. */
  readonly resourcePolicy?: PolicyDocument;
  /**
   * `kms-key`: an identity policy grants nothing on the key unless the key policy enables IAM (a statement that
   * allows the account root). `generic`: the usual same-account union of identity and resource policies.
   */
  readonly resourceKind?: 'kms-key' | 'generic';
  /** The account that owns the resource (for "arn:aws:iam::<account>:root" statements). */
  readonly resourceAccount?: string;
}
