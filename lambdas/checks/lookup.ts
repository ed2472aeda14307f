/**
 * Evidence look-ups shared by the checks: find a fact by ARN/name and the gaps recorded about it, and read the
 * parts of an ARN.
 */
import type { CheckContext, Evidence, Gap, KeyFacts, RoleFacts, VaultFacts } from '../core/types.ts';

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

/** The last path segment of an ARN: the role name of a role ARN, the key id of a key ARN. */
export function arnName(arn: string): string {
  const tail = arn.slice(arn.lastIndexOf(':') + 1);
  return tail.slice(tail.lastIndexOf('/') + 1);
}

/** The account id of an ARN, when it has one. */
export function arnAccount(arn: string): string | undefined {
  return arn.split(':')[4] || undefined;
}

/** The region of an ARN, when it has one. */
export function arnRegion(arn: string | undefined): string | undefined {
  return arn?.split(':')[3] || undefined;
}

/** The name of a backup vault from its ARN (`arn:aws:backup:<region>:<account>:backup-vault:<name>`). */
export function vaultNameFromArn(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const marker = ':backup-vault:';
  const i = arn.indexOf(marker);
  return i >= 0 ? arn.slice(i + marker.length) : undefined;
}

/** The path of a role ARN ("/service-role/" for arn:aws:iam::1:role/service-role/X), "/" when it has none. */
export function rolePath(arn: string): string {
  const resource = arn.slice(arn.indexOf(':role/') + ':role/'.length);
  const slash = resource.lastIndexOf('/');
  return slash < 0 ? '/' : `/${resource.slice(0, slash + 1)}`;
}

/**
 * Whether a role is AWS Backup's service-linked role, which a job cannot be started with: by its path (as IAM
 * reported it, else from the ARN) or by its name.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/using-service-linked-roles.html
 */
export function isBackupServiceLinkedRole(roleArn: string, path: string = rolePath(roleArn)): boolean {
  return path === '/aws-service-role/backup.amazonaws.com/' || arnName(roleArn) === 'AWSServiceRoleForBackup';
}

/** The default service role that AWS Backup creates, in an account. */
export function defaultServiceRoleArn(account: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${account}:role/service-role/AWSBackupDefaultServiceRole`;
}
