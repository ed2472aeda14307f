/**
 * Organization deployments: the diagnoser reads each event in the member account it came from, through that
 * account's inspection role. `organizationCollector` builds the collection step the handler uses.
 */
import { STSClient } from '@aws-sdk/client-sts';
import type { Evidence, FailureEvent } from '../model/types.ts';
import type { CollectOptions } from '../evidence/index.ts';
import { type Clients, type ClientsConfig, createClients } from '../evidence/clients.ts';
import { type CredentialsCacheOptions, MemberCredentials } from '../evidence/credentials.ts';
import type { EvidenceCache } from '../evidence/cache.ts';
import { OrganizationAccess } from './access.ts';
import { collectInOrganization } from './collect.ts';
import type { OrganizationConfig } from './config.ts';

export { OrganizationAccess } from './access.ts';
export { collectInOrganization, eventAccount } from './collect.ts';
export { DEFAULT_STACK_SET_NAME, MEMBER_ROLE_NAME, ORGANIZATION_ID, organizationConfig } from './config.ts';
export type { OrganizationConfig } from './config.ts';
export { deployCommand, organizationMessages, REFUSED_CHECK_ID, withAccountAccess } from './diagnosis.ts';

/** What the organization's collection step is built from; everything but the config is optional. */
export interface OrganizationCollectorDeps {
  /** The function's own clients in its own region. */
  readonly clients: Clients;
  readonly cache: EvidenceCache;
  /** The function's region: other regions get clients of their own. */
  readonly region?: string;
  readonly sts?: STSClient;
  readonly makeClients?: (config: ClientsConfig) => Clients;
  readonly credentials?: CredentialsCacheOptions;
}

/** The collection step of an organization deployment, plus its access (for tests and metrics). */
export function organizationCollector(
  config: OrganizationConfig,
  deps: OrganizationCollectorDeps,
): {
  readonly access: OrganizationAccess;
  readonly credentials: MemberCredentials;
  collect(event: FailureEvent, opts: Omit<CollectOptions, 'cache' | 'accounts'>): Promise<Evidence>;
} {
  const makeClients = deps.makeClients ?? createClients;
  const credentials = new MemberCredentials(deps.sts ?? new STSClient({}), config, deps.credentials);
  // The function's own clients in other regions (its own account's events from there): one set per region.
  const regional = new Map<string, Clients>();
  const ownClients = (region: string | undefined): Clients => {
    if (region === undefined || region === deps.region) return deps.clients;
    let clients = regional.get(region);
    if (!clients) regional.set(region, (clients = makeClients({ region })));
    return clients;
  };
  const access = new OrganizationAccess({ centralAccount: config.centralAccount, credentials, ownClients, makeClients });
  return {
    access,
    credentials,
    collect: (event, opts) => collectInOrganization(event, access, config, { ...opts, cache: deps.cache }),
  };
}
