/**
 * The reads that several evidence areas need (roles, keys, vaults, resources), each made at most once per
 * collection whichever area asks first. What they found is handed over once, as one part of the evidence.
 */
import type { Evidence, KeyFacts, ResourceFacts, RoleFacts, VaultFacts } from '../model/types.ts';
import * as backup from './backup.ts';
import * as iam from './iam.ts';
import * as kms from './kms.ts';
import type { Scope } from './read.ts';
import * as resource from './resource.ts';

/** The part of the evidence that the shared reads fill. */
export type SharedPart = Pick<Evidence, 'roles' | 'keys' | 'aliases' | 'vaults' | 'resources'>;

/** Drops an empty record, so that an area that read nothing adds no field. */
export function nonEmpty<T extends object>(record: T): T | undefined {
  return Object.keys(record).length > 0 ? record : undefined;
}

export class SharedReads {
  private readonly roles = new Map<string, Promise<RoleFacts | undefined>>();
  private readonly keys = new Map<string, Promise<kms.KeyRead | undefined>>();
  private readonly vaults = new Map<string, Promise<VaultFacts | undefined>>();
  private readonly resources = new Map<string, Promise<ResourceFacts | undefined>>();

  constructor(private readonly scope: Scope) {}

  /** The role, with the given actions simulated (the actions of the first request for the role). */
  role(arn: string | undefined, actions: readonly string[]): Promise<unknown> {
    return once(this.roles, arn, (a) => iam.collectRole(this.scope, a, actions));
  }

  /** A key by ARN, key id or alias. */
  key(ref: string | undefined): Promise<unknown> {
    return once(this.keys, ref === '' ? undefined : ref, (r) => kms.collectKey(this.scope, r));
  }

  /** A vault by name or ARN, then its encryption key. */
  vault(ref: string | undefined): Promise<unknown> {
    if (ref === undefined || ref === '') return Promise.resolve();
    return once(this.vaults, backup.vaultNameOf(ref), async () => {
      const facts = await backup.collectVault(this.scope, ref);
      if (facts) await this.key(facts.encryptionKeyArn);
      return facts;
    });
  }

  /** A protected resource, then the keys it is encrypted with. */
  resource(arn: string | undefined, type: string | undefined): Promise<unknown> {
    return once(this.resources, arn, async (a) => {
      const read = await resource.collectResource(this.scope, a, type);
      if (!read) return undefined;
      await Promise.all(read.keyRefs.map((k) => this.key(k)));
      return read.facts;
    });
  }

  /** What the reads found, once every read started has settled. */
  async part(): Promise<SharedPart> {
    const settled = async <T extends object>(reads: Map<string, Promise<T | undefined>>): Promise<T[]> => {
      const values: (T | undefined)[] = await Promise.all(reads.values());
      return values.filter((v): v is T => v !== undefined);
    };
    const roles: Record<string, RoleFacts> = {};
    for (const [arn, read] of this.roles) {
      const facts = await read;
      if (facts) roles[arn] = facts;
    }
    const keys: Record<string, KeyFacts> = {};
    const aliases: Record<string, string> = {};
    for (const read of await settled(this.keys)) {
      keys[read.facts.arn] = read.facts;
      if (read.alias !== undefined) aliases[read.alias] = read.facts.arn;
    }
    const vaults: Record<string, VaultFacts> = {};
    for (const facts of await settled(this.vaults)) vaults[facts.name] = facts;
    const resources: Record<string, ResourceFacts> = {};
    for (const [arn, read] of this.resources) {
      const facts = await read;
      if (facts) resources[arn] = facts;
    }
    return {
      ...(nonEmpty(roles) ? { roles } : {}),
      ...(nonEmpty(keys) ? { keys } : {}),
      ...(nonEmpty(aliases) ? { aliases } : {}),
      ...(nonEmpty(vaults) ? { vaults } : {}),
      ...(nonEmpty(resources) ? { resources } : {}),
    };
  }
}

/** The read of `id`, started on the first request and shared by every later one. */
function once<T>(reads: Map<string, Promise<T>>, id: string | undefined, read: (id: string) => Promise<T>): Promise<T | undefined> {
  if (id === undefined) return Promise.resolve(undefined);
  let pending = reads.get(id);
  if (pending === undefined) {
    pending = read(id);
    reads.set(id, pending);
  }
  return pending;
}
