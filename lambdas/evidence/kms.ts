/**
 * KMS: a key's state and manager (DescribeKey), its key policy (GetKeyPolicy) and grants (ListGrants).
 * GetKeyPolicy is not callable across accounts, so a key of another account leaves a `cross-account` gap.
 */
import { DescribeKeyCommand, GetKeyPolicyCommand, ListGrantsCommand } from '@aws-sdk/client-kms';
import type { GrantFacts, KeyFacts, KeyState } from '../model/types.ts';
import { decodePolicy } from './decode.ts';
import type { Reader, Scope } from './read.ts';
import { accountOf, cachedRead, compact, isOtherAccount, isOtherRegion, iso, ownerScope } from './read.ts';

/** A key as read, plus the alias it was reached through. */
export interface KeyRead {
  readonly facts: KeyFacts;
  /** The reference given (alias or key id) when it differs from the key ARN. */
  readonly alias?: string;
}

function isAlias(ref: string): boolean {
  return ref.startsWith('alias/') || ref.includes(':alias/');
}

async function readPolicyAndGrants(
  scope: Scope,
  reader: Reader,
  keyArn: string,
): Promise<{ policy?: KeyFacts['policy']; grants?: GrantFacts[] }> {
  const kms = scope.clients.kms;
  const policySpec = { action: 'kms:GetKeyPolicy', subject: keyArn };
  const [raw, grants] = await Promise.all([
    isOtherAccount(scope, keyArn)
      ? (reader.gap(policySpec, 'cross-account', `key policy of account ${accountOf(keyArn)} cannot be read`), undefined)
      : reader.read(policySpec, async (abortSignal) => {
          const out = await kms.send(new GetKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default' }), { abortSignal });
          return out.Policy;
        }),
    reader.read({ action: 'kms:ListGrants', subject: keyArn }, async (abortSignal) => {
      const out = await kms.send(new ListGrantsCommand({ KeyId: keyArn, Limit: 100 }), { abortSignal });
      return (out.Grants ?? []).map((g) =>
        compact({
          grantId: g.GrantId,
          granteePrincipal: g.GranteePrincipal,
          retiringPrincipal: g.RetiringPrincipal,
          operations: g.Operations ?? [],
          constraints: g.Constraints,
        }),
      );
    }),
  ]);
  const policy = decodePolicy(raw);
  if (raw !== undefined && policy === undefined) reader.gap(policySpec, 'error', 'unparseable key policy');
  return compact({ policy, grants });
}

async function readKey(scope: Scope, reader: Reader, ref: string): Promise<KeyRead | undefined> {
  const describe = (abortSignal: AbortSignal) => scope.clients.kms.send(new DescribeKeyCommand({ KeyId: ref }), { abortSignal });
  // A key ARN or id can be read in one round; an alias needs DescribeKey first to learn the key ARN.
  const direct = !isAlias(ref) && ref.startsWith('arn:');
  const [described, extra] = await Promise.all([
    reader.attempt(describe),
    direct ? readPolicyAndGrants(scope, reader, ref) : undefined,
  ]);
  if (!described.ok) {
    if (described.why === 'not-found') {
      // GetKeyPolicy and ListGrants fail the same way for a missing key: the state says it all.
      for (let i = reader.gaps.length - 1; i >= 0; i--) if (reader.gaps[i]?.why === 'not-found') reader.gaps.splice(i, 1);
      return { facts: { arn: ref, state: 'Missing' } };
    }
    reader.gap({ action: 'kms:DescribeKey', subject: ref }, described.why, described.detail);
    return undefined;
  }
  const m = described.value.KeyMetadata;
  const arn = m?.Arn ?? ref;
  const rest = extra ?? (await readPolicyAndGrants(scope, reader, arn));
  const facts: KeyFacts = compact({
    arn,
    keyId: m?.KeyId,
    state: (m?.KeyState ?? 'Unavailable') as KeyState,
    manager: m?.KeyManager,
    origin: m?.Origin,
    deletionDate: iso(m?.DeletionDate),
    aliases: isAlias(ref) ? [ref] : undefined,
    ...rest,
  });
  return compact({ facts, alias: arn !== ref ? ref : undefined });
}

/**
 * Reads a key by ARN, key id or alias (cached per reference). NotFoundException is the fact `state: Missing`.
 * @see https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html
 */
export async function collectKey(scope: Scope, ref: string): Promise<KeyRead | undefined> {
  const owner = await ownerScope(scope, ref);
  if (owner && 'scope' in owner) return collectKey(owner.scope, ref);
  if (owner) {
    scope.reader.gap({ action: 'kms:GetKeyPolicy', subject: ref }, 'cross-account', owner.detail);
    return undefined;
  }
  if (isOtherRegion(scope, ref)) {
    scope.reader.gap({ action: 'kms:DescribeKey', subject: ref }, 'not-collected', `key in another region than ${scope.region}`);
    return undefined;
  }
  return cachedRead(scope.cache, scope.reader, `key:${ref}`, { action: 'kms:DescribeKey', subject: ref }, (r) =>
    readKey(scope, r, ref),
  );
}
