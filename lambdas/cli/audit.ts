/**
 * `backup-doctor audit [--offline SNAPSHOT.json] [--profiles DIR] [--format text|json|slack|chatbot] [--lang en|ja]`
 * and `backup-doctor snapshot --audit > SNAPSHOT.json`: the checks that explain a failure, run before one happens.
 */
import { runAudit } from '../audit/run.ts';
import { renderAudit } from '../audit/render.ts';
import type { Evidence } from '../core/types.ts';
import type { Io } from './main.ts';
import { formatOption, langOption, parseOptions } from './main.ts';
import { loadSnapshot, UsageError } from './io.ts';
import { PROFILES_OPTION, profilesOption } from './profiles-option.ts';

const AUDIT_OPTIONS = { ...PROFILES_OPTION, audit: { type: 'boolean' } } as const;

/** Runs the audit on a snapshot, or live (read-only) with the caller's credentials. */
export async function auditCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, AUDIT_OPTIONS);
  if (positionals.length > 0) throw new UsageError(`audit takes no file argument (got "${positionals[0]}"); use --offline SNAPSHOT.json`);
  const format = formatOption(values.format);
  const lang = langOption(values.lang);
  const agentProfiles = profilesOption((values as { profiles?: string }).profiles);
  const now = values.now !== undefined ? new Date(values.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new UsageError(`--now must be an ISO-8601 time (got "${values.now}")`);
  const evidence = values.offline !== undefined ? loadSnapshot(values.offline) : await liveAuditSnapshot(io, now);
  io.stdout.write(renderAudit(runAudit(evidence, { now, agentProfiles }), format, lang));
  return 0;
}

/** `snapshot --audit`: records what the audit reads, as an account snapshot on stdout. */
export async function auditSnapshotCommand(args: readonly string[], io: Io): Promise<number> {
  const { positionals } = parseOptions(args, AUDIT_OPTIONS);
  if (positionals.length > 0) throw new UsageError('snapshot --audit takes no EVENT.json');
  const evidence = await liveAuditSnapshot(io, new Date());
  io.stdout.write(`${JSON.stringify(evidence, null, 2)}\n`);
  return 0;
}

async function liveAuditSnapshot(io: Io, now: Date): Promise<Evidence> {
  const { collectAuditEvidence } = await import('../evidence/audit.ts');
  const { createClients } = await import('../evidence/index.ts');
  const region = io.env?.AWS_REGION ?? io.env?.AWS_DEFAULT_REGION;
  io.stderr.write(`backup-doctor: reading backup plans, selections, vaults, keys and roles in ${region ?? '?'} (read-only)…\n`);
  const evidence = await collectAuditEvidence(createClients(region ? { region } : {}), { now, deadline: Date.now() + 10 * 60_000, ...(region ? { region } : {}) });
  if (evidence.gaps.length > 0) io.stderr.write(`backup-doctor: ${evidence.gaps.length} item(s) could not be read; the audit says which\n`);
  return evidence;
}
