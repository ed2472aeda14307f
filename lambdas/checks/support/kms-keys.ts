/**
 * The KMS keys a job touches: the resource's own key, the vault's key and, for a copy, the destination vault's
 * key, with what could not be read about them.
 */
import type { CheckContext, Gap, KeyFacts } from '../../model/types.ts';
import { gapsFor, gapsOrNotCollected, keyOf, vaultOf } from './lookup.ts';
import { arnAccount } from '../../model/arn.ts';
import { accountOf, jobTypeOf, resourceArnOf } from './iam-job.ts';

/** What a key is used for in the job. */
export type KeyUse = 'resource' | 'vault' | 'destination-vault';

/** One key the job touches; `key` is absent when it could not be read. */
export interface KeyInPlay {
  readonly use: KeyUse;
  readonly ref: string;
  readonly key?: KeyFacts;
}

/** The keys of the job, and the gaps that keep us from knowing all of them. */
export function keysInPlay(ctx: CheckContext): { readonly keys: readonly KeyInPlay[]; readonly missing: readonly Gap[] } {
  const keys: KeyInPlay[] = [];
  const missing: Gap[] = [];
  const add = (use: KeyUse, ref: string) => {
    if (keys.some((k) => k.ref === ref && k.use === use)) return;
    const key = keyOf(ctx.evidence, ref);
    keys.push(key ? { use, ref, key } : { use, ref });
  };

  const resourceArn = resourceArnOf(ctx);
  if (resourceArn && jobTypeOf(ctx) !== 'restore') {
    const resource = ctx.evidence.resources?.[resourceArn];
    if (resource?.encryptionKeyArn) add('resource', resource.encryptionKeyArn);
    else if (!resource) missing.push(...gapsOrNotCollected(ctx, resourceArn, `the encryption settings of ${resourceArn}`));
  }

  const job = jobTypeOf(ctx);
  const vaultRef =
    job === 'copy'
      ? (ctx.event.sourceVaultArn ?? ctx.event.vaultArn ?? ctx.event.vaultName ?? ctx.evidence.job?.vaultName)
      : (ctx.event.vaultArn ?? ctx.event.vaultName ?? ctx.evidence.job?.vaultName);
  if (vaultRef) {
    const vault = vaultOf(ctx.evidence, vaultRef);
    if (vault?.encryptionKeyArn) add('vault', vault.encryptionKeyArn);
    else if (!vault) missing.push(...gapsOrNotCollected(ctx, vaultRef, `backup:DescribeBackupVault ${vaultRef}`));
  }

  if (job === 'copy' && ctx.event.destinationVaultArn) {
    const ref = ctx.event.destinationVaultArn;
    const vault = vaultOf(ctx.evidence, ref);
    if (vault?.encryptionKeyArn) add('destination-vault', vault.encryptionKeyArn);
    else if (!vault) missing.push(...gapsOrNotCollected(ctx, ref, `backup:DescribeBackupVault ${ref}`));
  }
  return { keys, missing };
}

/** The gaps for a key in play that could not be described (kms:DescribeKey). */
export function keyNotDescribed(ctx: CheckContext, k: KeyInPlay): Gap[] {
  return gapsOrNotCollected(ctx, k.ref, `kms:DescribeKey ${k.ref}`);
}

/** The gaps for a key whose key policy could not be read (kms:GetKeyPolicy). */
export function keyPolicyNotRead(ctx: CheckContext, key: KeyFacts): Gap[] {
  return gapsOrNotCollected(ctx, key.arn, `kms:GetKeyPolicy ${key.arn}`);
}

/** The account that owns a key (from its ARN), falling back to the job's account. */
export function keyAccount(ctx: CheckContext, k: KeyInPlay): string | undefined {
  return arnAccount(k.key?.arn ?? k.ref) ?? accountOf(ctx);
}

/** Whether the key lives in another account than the job, so that GetKeyPolicy cannot read it. */
export function isCrossAccount(ctx: CheckContext, k: KeyInPlay): boolean {
  const account = accountOf(ctx);
  const owner = arnAccount(k.key?.arn ?? k.ref);
  const recorded = gapsFor(ctx.evidence, k.key?.arn ?? k.ref).some((g) => g.why === 'cross-account');
  return recorded || (account !== undefined && owner !== undefined && owner !== account);
}

/** Whether a grant on the key gives the principal this operation ("kms:Decrypt" is granted as Decrypt). */
export function grantAllows(key: KeyFacts, principalArn: string, action: string): boolean {
  const op = action.slice(action.indexOf(':') + 1);
  return (key.grants ?? []).some((g) => g.granteePrincipal === principalArn && g.operations.includes(op));
}
