/**
 * Evidence in an organization deployment: an event of a member account is read in that account, with the
 * credentials of its inspection role, and never with the central account's own. An account that refuses the
 * role leaves evidence that says so (and which StackSet deploys the role) instead of reading anything.
 */
import type { Evidence, FailureEvent } from '../model/types.ts';
import { type CollectOptions, collectEvidence, defaultEvidenceCache } from '../evidence/index.ts';
import { memberRoleArn } from '../evidence/credentials.ts';
import { accountOf } from '../evidence/read.ts';
import type { OrganizationAccess } from './access.ts';
import type { OrganizationConfig } from './config.ts';

/** The account an event happened in: its own field, else the account of the ARNs it names. */
export function eventAccount(event: FailureEvent): string | undefined {
  return event.account ?? accountOf(event.roleArn) ?? accountOf(event.resourceArn) ?? accountOf(event.vaultArn);
}

/** Reads the evidence of one failure in the account it happened in. */
export async function collectInOrganization(
  event: FailureEvent,
  access: OrganizationAccess,
  config: OrganizationConfig,
  opts: CollectOptions,
): Promise<Evidence> {
  const account = eventAccount(event);
  const region = event.region ?? opts.region;
  const cache = opts.cache ?? defaultEvidenceCache;
  const common = { ...opts, accounts: access, ...(region !== undefined ? { region } : {}) };
  if (account === undefined || account === config.centralAccount) {
    return collectEvidence(event, access.ownClients(region), common);
  }

  const remaining = opts.deadline - Date.now();
  const reach =
    remaining > 0
      ? await access.clientsIn(account, region, AbortSignal.timeout(remaining))
      : ({ ok: false, roleArn: memberRoleArn(config, account), why: 'timeout' } as const);
  if (!reach.ok) {
    const refused = reach.why === 'access-denied';
    return {
      schemaVersion: 1,
      account,
      ...(region !== undefined ? { region } : {}),
      capturedAt: opts.now.toISOString(),
      readAs: {
        account,
        roleArn: reach.roleArn,
        outcome: refused ? 'refused' : 'failed',
        stackSetName: config.stackSetName,
        ...(config.roleRegion !== undefined ? { roleRegion: config.roleRegion } : {}),
        ...(reach.detail !== undefined ? { detail: reach.detail } : {}),
      },
      gaps: [
        {
          what: `sts:AssumeRole ${reach.roleArn}`,
          subject: reach.roleArn,
          action: 'sts:AssumeRole',
          why: reach.why,
          ...(reach.detail !== undefined ? { detail: reach.detail } : {}),
        },
      ],
    };
  }
  // Key ids, aliases and vault names repeat across accounts: each account has its own namespace in the cache.
  const evidence = await collectEvidence(event, reach.clients, { ...common, cache: cache.within(account) });
  return {
    ...evidence,
    readAs: { account, roleArn: reach.roleArn ?? memberRoleArn(config, account), outcome: 'assumed', stackSetName: config.stackSetName },
  };
}
