/**
 * The command on live credentials: which account and region it reads (--profile, --region), a check that the
 * credentials belong to the event's account before anything is read, and jobs read by id. Read-only throughout:
 * STS GetCallerIdentity, Backup Describe*Job, then the collectors' own reads.
 */
import type { Evidence, FailureEvent } from '../model/types.ts';
import { parseInput } from '../events/index.ts';
import { describedJob, jobEvent, type JobType } from './job.ts';
import { type Io, oneLine } from './options.ts';
import type { AgentProfile } from '../../profiles/agent-profiles.ts';

/** Where to read: both optional, the SDK's default chain fills the rest. */
export interface LiveOptions {
  readonly profile?: string;
  readonly region?: string;
}

/** The caller behind the credentials. */
interface Caller {
  readonly account: string;
  readonly arn: string;
}

const CREDENTIALS_ERRORS = new Set(['CredentialsProviderError', 'ProviderError', 'TokenProviderError']);

/** The profile, as the messages name it. */
const whose = (live: LiveOptions): string => (live.profile === undefined ? 'the default credentials' : `profile "${live.profile}"`);

/** Reads the account with the caller's credentials, checking the account once per region. */
export class LiveReader {
  private readonly callers = new Map<string, Promise<Caller>>();

  constructor(
    private readonly io: Io,
    private readonly live: LiveOptions,
  ) {}

  /** The region to read for an event: --region, else the event's, else the environment's. */
  regionFor(event?: FailureEvent): string | undefined {
    return this.live.region ?? event?.region ?? this.io.env?.['AWS_REGION'] ?? this.io.env?.['AWS_DEFAULT_REGION'];
  }

  /** Who the credentials are (STS GetCallerIdentity); a missing or broken credential is one clear line. */
  caller(region: string | undefined): Promise<Caller> {
    const key = region ?? '';
    let caller = this.callers.get(key);
    if (caller === undefined) {
      caller = this.identify(region);
      this.callers.set(key, caller);
    }
    return caller;
  }

  private async identify(region: string | undefined): Promise<Caller> {
    const { STSClient, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
    const sts = new STSClient({
      ...(region !== undefined ? { region } : {}),
      ...(this.live.profile !== undefined ? { profile: this.live.profile } : {}),
      maxAttempts: 2,
    });
    try {
      const out = await sts.send(new GetCallerIdentityCommand({}));
      if (out.Account === undefined) throw new Error('STS GetCallerIdentity returned no account');
      return { account: out.Account, arn: out.Arn ?? '?' };
    } catch (err) {
      const name = (err as { name?: string }).name ?? '';
      if (CREDENTIALS_ERRORS.has(name)) {
        throw new Error(`no usable AWS credentials (${whose(this.live)}): ${oneLine(err)}. Use --profile NAME, or --offline SNAPSHOT.json to diagnose without an account`, { cause: err });
      }
      throw new Error(`cannot tell whose credentials these are (${whose(this.live)}): STS GetCallerIdentity failed: ${oneLine(err)}`, { cause: err });
    } finally {
      sts.destroy();
    }
  }

  /** Fails, in one line, when the credentials are for another account than the event's. */
  async checkAccount(event: FailureEvent): Promise<Caller> {
    const caller = await this.caller(this.regionFor(event));
    if (event.account !== undefined && event.account !== caller.account) {
      throw new Error(
        `${whose(this.live)} are for account ${caller.account}, but the event is from account ${event.account}: ` +
          `use --profile with credentials for ${event.account} (nothing was read)`,
      );
    }
    return caller;
  }

  /** Collects the evidence for an event, after the account check; progress goes to stderr. */
  async evidence(event: FailureEvent, now: Date, agentProfiles?: readonly AgentProfile[]): Promise<Evidence> {
    await this.checkAccount(event);
    const region = this.regionFor(event);
    const { collectEvidence, createClients, followUpReads } = await import('../evidence/index.ts');
    this.io.stderr.write(`backup-doctor: reading account ${event.account ?? '?'} in ${region ?? '?'} (read-only)…\n`);
    const clients = createClients({ ...(region !== undefined ? { region } : {}), ...(this.live.profile !== undefined ? { profile: this.live.profile } : {}) });
    const deadline = Date.now() + 60_000;
    const collected = await collectEvidence(event, clients, { now, deadline, ...(agentProfiles ? { agentProfiles } : {}) });
    // Who changed the objects at fault: CloudTrail's last 90 days (read-only, within the same minute).
    const { withFollowUps } = await import('../pipeline/follow-up.ts');
    const { changes } = followUpReads(clients, { now, deadline });
    const evidence = await withFollowUps(event, collected, { changes }, { now, ...(agentProfiles ? { agentProfiles } : {}) });
    if (evidence.gaps.length > 0) {
      this.io.stderr.write(`backup-doctor: ${evidence.gaps.length} item(s) could not be read; the diagnosis says which\n`);
    }
    return evidence;
  }

  /**
   * Reads a job by id (Describe{Backup,Copy,Restore}Job) and returns the event it stands for, exactly as the
   * job's EventBridge event would parse. A job that is not a failure is returned too; the caller decides.
   */
  async job(type: JobType, id: string): Promise<FailureEvent> {
    const region = this.regionFor();
    const caller = await this.caller(region);
    const backup = await import('@aws-sdk/client-backup');
    const client = new backup.BackupClient({
      ...(region !== undefined ? { region } : {}),
      ...(this.live.profile !== undefined ? { profile: this.live.profile } : {}),
    });
    let output: Record<string, unknown>;
    try {
      const command =
        type === 'backup'
          ? new backup.DescribeBackupJobCommand({ BackupJobId: id })
          : type === 'copy'
            ? new backup.DescribeCopyJobCommand({ CopyJobId: id })
            : new backup.DescribeRestoreJobCommand({ RestoreJobId: id });
      output = { ...((await client.send(command as never)) as unknown as Record<string, unknown>) };
    } catch (err) {
      const name = (err as { name?: string }).name;
      const where = `account ${caller.account} in ${region ?? 'the default region'}`;
      if (name === 'ResourceNotFoundException') {
        throw new Error(`no ${type} job ${id} in ${where} (use --region, or --job-type if it is not a ${type} job)`, { cause: err });
      }
      throw new Error(`cannot read ${type} job ${id} in ${where}: ${oneLine(err)}`, { cause: err });
    } finally {
      client.destroy();
    }
    delete output['$metadata'];
    const described = describedJob(output);
    if (described === undefined) throw new Error(`the answer to Describe${type[0]?.toUpperCase()}${type.slice(1)}Job holds no job ${id}`);
    const outcome = parseInput(jobEvent(described.type, described.job, { account: caller.account, ...(region !== undefined ? { region } : {}) }));
    if (!outcome.ok || outcome.events[0] === undefined) throw new Error(`${type} job ${id}: ${outcome.ok ? 'no event' : outcome.error}`);
    return outcome.events[0];
  }
}
