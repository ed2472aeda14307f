/**
 * Credentials for reading another account of the organization: sts:AssumeRole of that account's inspection role,
 * cached per account until shortly before the credentials expire. The cache is bounded (least recently used
 * accounts are dropped first) and single-flight: concurrent diagnoses of one account share one AssumeRole call.
 * An account that refuses the role (AccessDenied: the role is not deployed there, or does not trust this
 * diagnoser) is remembered for a short while, so that a storm of failures in that account costs one STS call.
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { GapReason } from '../model/types.ts';
import { errorDetail, gapReasonOf } from './errors.ts';

/** The role to assume in every member account. */
export interface MemberRoleConfig {
  /** The inspection role's name: the same in every account (the member template creates it). */
  readonly roleName: string;
  /** The sts:ExternalId the role's trust policy requires. */
  readonly externalId: string;
  /** The ARN partition: aws, aws-cn, aws-us-gov. */
  readonly partition?: string;
  /** The session name, seen in the member account's CloudTrail. */
  readonly sessionName?: string;
  /** Requested session length, in seconds (900 to the role's maximum). */
  readonly durationSeconds?: number;
}

/** The outcome of getting an account's credentials. */
export type AccountCredentials =
  | { readonly ok: true; readonly roleArn: string; readonly credentials: AwsCredentialIdentity }
  | { readonly ok: false; readonly roleArn: string; readonly why: GapReason; readonly detail?: string };

/** Options of the credentials cache. The clock is injected so that expiry can be tested without waiting. */
export interface CredentialsCacheOptions {
  /** At most this many accounts are held (1,000 by default). */
  readonly maxAccounts?: number;
  /** Credentials are renewed this long before they expire, in ms (5 minutes by default). */
  readonly refreshMarginMs?: number;
  /** How long a refusal (AccessDenied) is remembered, in ms (1 minute by default). */
  readonly refusalTtlMs?: number;
  readonly clock?: () => number;
}

interface Entry {
  /** Epoch ms after which the entry is not used. */
  readonly until: number;
  readonly value: Promise<AccountCredentials>;
}

const DEFAULT_DURATION_SECONDS = 900;

/** The inspection role's ARN in an account. */
export function memberRoleArn(config: MemberRoleConfig, account: string): string {
  return `arn:${config.partition ?? 'aws'}:iam::${account}:role/${config.roleName}`;
}

/** Per-account credentials of the member role, bounded and single-flight. */
export class MemberCredentials {
  private readonly entries = new Map<string, Entry>();
  private readonly maxAccounts: number;
  private readonly refreshMarginMs: number;
  private readonly refusalTtlMs: number;
  private readonly clock: () => number;
  /** AssumeRole calls made (successful or not): what the cache saves is visible in tests and logs. */
  assumeRoleCalls = 0;

  constructor(
    private readonly sts: STSClient,
    private readonly config: MemberRoleConfig,
    options: CredentialsCacheOptions = {},
  ) {
    this.maxAccounts = options.maxAccounts ?? 1_000;
    this.refreshMarginMs = options.refreshMarginMs ?? 5 * 60_000;
    this.refusalTtlMs = options.refusalTtlMs ?? 60_000;
    this.clock = options.clock ?? Date.now;
  }

  /** The number of accounts held. */
  get size(): number {
    return this.entries.size;
  }

  /** The role's credentials in `account`, from the cache while they are fresh. */
  get(account: string, abortSignal?: AbortSignal): Promise<AccountCredentials> {
    const now = this.clock();
    const hit = this.entries.get(account);
    if (hit && hit.until > now) {
      // Most recently used last: the first key is always the one to drop.
      this.entries.delete(account);
      this.entries.set(account, hit);
      return hit.value;
    }
    if (hit) this.entries.delete(account);

    const value = this.assume(account, abortSignal);
    // Until the answer is known, concurrent callers share it; then the entry lives as long as the answer allows.
    const pending: Entry = { until: Number.POSITIVE_INFINITY, value };
    this.entries.set(account, pending);
    value.then(
      (result) => {
        if (this.entries.get(account) !== pending) return;
        const until = this.untilOf(result);
        if (until <= this.clock()) this.entries.delete(account);
        else this.entries.set(account, { until, value });
      },
      () => {
        if (this.entries.get(account) === pending) this.entries.delete(account);
      },
    );
    while (this.entries.size > this.maxAccounts) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return value;
  }

  /** A credential provider for SDK clients: renews through this cache, throws when the role cannot be assumed. */
  provider(account: string): () => Promise<AwsCredentialIdentity> {
    return async () => {
      const result = await this.get(account);
      if (!result.ok) throw new Error(`Cannot assume ${result.roleArn}: ${result.detail ?? result.why}`);
      return result.credentials;
    };
  }

  private untilOf(result: AccountCredentials): number {
    if (!result.ok) return result.why === 'access-denied' ? this.clock() + this.refusalTtlMs : 0;
    const expires = result.credentials.expiration?.getTime();
    return expires === undefined ? 0 : expires - this.refreshMarginMs;
  }

  private async assume(account: string, abortSignal?: AbortSignal): Promise<AccountCredentials> {
    const roleArn = memberRoleArn(this.config, account);
    this.assumeRoleCalls += 1;
    try {
      const out = await this.sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: this.config.sessionName ?? 'backup-doctor',
          ExternalId: this.config.externalId,
          DurationSeconds: this.config.durationSeconds ?? DEFAULT_DURATION_SECONDS,
        }),
        abortSignal ? { abortSignal } : {},
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) {
        return { ok: false, roleArn, why: 'error', detail: 'AssumeRole returned no credentials' };
      }
      return {
        ok: true,
        roleArn,
        credentials: {
          accessKeyId: c.AccessKeyId,
          secretAccessKey: c.SecretAccessKey,
          ...(c.SessionToken !== undefined ? { sessionToken: c.SessionToken } : {}),
          ...(c.Expiration !== undefined ? { expiration: c.Expiration } : {}),
        },
      };
    } catch (err) {
      // The collection's deadline passed: a timeout, not kept, like any read that ran out of time.
      if (abortSignal?.aborted) return { ok: false, roleArn, why: 'timeout', detail: 'the diagnosis ran out of time' };
      const why = gapReasonOf(err);
      if (why === undefined) throw err;
      return { ok: false, roleArn, why, detail: errorDetail(err) };
    }
  }
}
