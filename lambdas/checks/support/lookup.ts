/**
 * Evidence look-ups shared by the checks: find a fact by ARN/name and the gaps recorded about it, and read the
 * parts of an ARN.
 */
import type { CheckContext, Evidence, Gap, KeyFacts, RoleFacts, VaultFacts } from '../../model/types.ts';
import { vaultNameFromArn } from '../../model/arn.ts';

/** The gaps recorded about a subject (ARN or name), optionally for one API action. */
export function gapsFor(evidence: Evidence, subject: string | undefined, action?: string): Gap[] {
  if (!subject) return [];
  return evidence.gaps.filter((g) => g.subject === subject && (action === undefined || g.action === action));
}

/** The gaps recorded about a subject, or one saying that `what` was not collected. */
export function gapsOrNotCollected(ctx: CheckContext, subject: string | undefined, what: string, action?: string): Gap[] {
  const found = gapsFor(ctx.evidence, subject, action);
  if (found.length > 0) return found;
  return [{ what, ...(subject ? { subject } : {}), ...(action ? { action } : {}), why: 'not-collected' }];
}

/** A gap for a decision the policy evaluator could not make, with its reasons (cut to 300 characters). */
export function undecidedGap(what: string, subject: string, reasons: readonly string[]): Gap {
  return { what, subject, why: 'not-collected', detail: reasons.join('; ').slice(0, 300) };
}

/** The gaps without repeats of the same what, subject and why, in their first order. */
export function dedupeGaps(gaps: readonly Gap[]): Gap[] {
  const seen = new Set<string>();
  return gaps.filter((g) => {
    const k = `${g.what}|${g.subject ?? ''}|${g.why}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The region of the failure: the event's, else the one the evidence was collected in. */
export function regionOf(ctx: CheckContext): string | undefined {
  return ctx.event.region ?? ctx.evidence.region;
}

/** The role with this ARN, when it was read. */
export function roleOf(evidence: Evidence, arn: string | undefined): RoleFacts | undefined {
  return arn ? evidence.roles?.[arn] : undefined;
}

/** The key with this ARN, key id or alias, when it was read. */
export function keyOf(evidence: Evidence, ref: string | undefined): KeyFacts | undefined {
  if (!ref) return undefined;
  const keys = evidence.keys ?? {};
  const direct = keys[ref] ?? keys[evidence.aliases?.[ref] ?? ''];
  if (direct) return direct;
  return Object.values(keys).find((k) => k.keyId === ref || k.arn.endsWith(`/${ref}`) || k.aliases?.includes(ref));
}

/** The vault with this name or ARN, when it was read. */
export function vaultOf(evidence: Evidence, ref: string | undefined): VaultFacts | undefined {
  if (!ref) return undefined;
  const vaults = evidence.vaults ?? {};
  const name = vaultNameFromArn(ref) ?? ref;
  return vaults[ref] ?? vaults[name] ?? Object.values(vaults).find((v) => v.arn === ref || v.name === name);
}

