/**
 * How the central diagnoser reaches the accounts of its organization: its own account with its own role, every
 * other account through that account's inspection role. Clients are kept per account and region, bounded.
 */
import type { Clients, ClientsConfig } from '../evidence/clients.ts';
import type { MemberCredentials } from '../evidence/credentials.ts';
import type { AccountReach, Reach } from '../evidence/read.ts';

/** Options of the organization's access. */
export interface OrganizationAccessOptions {
  /** The central account: read with `ownClients`. */
  readonly centralAccount: string;
  readonly credentials: MemberCredentials;
  /** The function's own clients in a region. */
  readonly ownClients: (region: string | undefined) => Clients;
  /** Builds clients (createClients in the Lambda). */
  readonly makeClients: (config: ClientsConfig) => Clients;
  /** At most this many member (account, region) client sets are kept (200 by default). */
  readonly maxClientSets?: number;
}

/** The organization's accounts as the collectors reach them. */
export class OrganizationAccess implements AccountReach {
  private readonly clientSets = new Map<string, Clients>();
  private readonly maxClientSets: number;

  constructor(private readonly options: OrganizationAccessOptions) {
    this.maxClientSets = options.maxClientSets ?? 200;
  }

  get centralAccount(): string {
    return this.options.centralAccount;
  }

  /** The number of member client sets held. */
  get clientSetCount(): number {
    return this.clientSets.size;
  }

  /** The function's own clients, for the central account's events. */
  ownClients(region: string | undefined): Clients {
    return this.options.ownClients(region);
  }

  /** Clients in `account` and `region`: the function's own for the central account, else the member role's. */
  async clientsIn(account: string, region: string | undefined, abortSignal?: AbortSignal): Promise<Reach> {
    if (account === this.options.centralAccount) return { ok: true, clients: this.options.ownClients(region) };
    const assumed = await this.options.credentials.get(account, abortSignal);
    if (!assumed.ok) return assumed;
    const key = `${account}|${region ?? ''}`;
    let clients = this.clientSets.get(key);
    if (clients) {
      this.clientSets.delete(key);
    } else {
      clients = this.options.makeClients({
        ...(region !== undefined ? { region } : {}),
        credentials: this.options.credentials.provider(account),
      });
    }
    this.clientSets.set(key, clients);
    while (this.clientSets.size > this.maxClientSets) {
      const oldest = this.clientSets.keys().next().value;
      if (oldest === undefined) break;
      this.clientSets.delete(oldest);
    }
    return { ok: true, clients, roleArn: assumed.roleArn };
  }
}
