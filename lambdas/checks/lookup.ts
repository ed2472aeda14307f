/**
 * Evidence look-ups shared by the checks: find a fact by ARN/name and the gaps recorded about it.
 */
import type { Evidence, Gap, KeyFacts, RoleFacts, VaultFacts } from '../core/types.ts';

/** The gaps recorded about a subject (ARN or name), optionally for one API action. */
export function gapsFor(evidence: Evidence, subject: string | undefined, action?: string): Gap[] {
  if (!subject) return [];
  return evidence.gaps.filter((g) => g.subject === subject && (action === undefined || g.action === action));
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
  const name = ref.startsWith('arn:') ? ref.slice(ref.indexOf(':backup-vault:') + ':backup-vault:'.length) : ref;
  return vaults[ref] ?? vaults[name] ?? Object.values(vaults).find((v) => v.arn === ref || v.name === name);
}

/** The last path segment of an ARN: the role name of a role ARN, the key id of a key ARN. */
export function arnName(arn: string): string {
  const tail = arn.slice(arn.lastIndexOf(':') + 1);
  return tail.slice(tail.lastIndexOf('/') + 1);
}

/** The account id of an ARN, when it has one. */
export function arnAccount(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts[4] || undefined;
}
