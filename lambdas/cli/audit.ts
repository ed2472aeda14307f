/**
 * `backup-doctor audit [--offline SNAPSHOT.json] [--profiles DIR] [--format text|json|slack|chatbot] [--lang en|ja]`
 * and `backup-doctor snapshot --audit > SNAPSHOT.json`: the checks that explain a failure, run before one happens.
 */
import { auditObjectsAtFault, runAudit } from '../audit/run.ts';
import { renderAudit } from '../audit/render.ts';
import type { Evidence } from '../model/types.ts';
import type { AuditFormat } from '../audit/render.ts';
import { loadSnapshot } from './io.ts';
import { AUDIT_FORMATS, type Io, langOption, nowOption, parseOptions, str, UsageError } from './options.ts';
import { profilesOption } from './profiles-option.ts';


/** Runs the audit on a snapshot, or live (read-only) with the caller's credentials. */
export async function auditCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions('audit', args);
  if (positionals.length > 0) throw new UsageError(`audit takes no file argument (got "${positionals[0]}"); use --offline SNAPSHOT.json`);
  const format = (str(values['format']) ?? 'text') as AuditFormat;
  if (!(AUDIT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${AUDIT_FORMATS.join(', ')} (got "${format}")`);
  const lang = langOption(values['lang']);
  const agentProfiles = profilesOption(str(values['profiles']));
  const now = nowOption(values['now']);
  const offline = str(values['offline']);
  const evidence = offline !== undefined ? loadSnapshot(offline) : await liveAuditSnapshot(io, now, agentProfiles);
  io.stdout.write(renderAudit(runAudit(evidence, { now, agentProfiles }), format, lang));
  return 0;
}

/** `snapshot --audit`: records what the audit reads, as an account snapshot on stdout. */
export async function auditSnapshotCommand(args: readonly string[], io: Io): Promise<number> {
  const { positionals } = parseOptions('snapshot', args);
  if (positionals.length > 0) throw new UsageError('snapshot --audit takes no EVENT.json');
  const evidence = await liveAuditSnapshot(io, new Date());
  io.stdout.write(`${JSON.stringify(evidence, null, 2)}\n`);
  return 0;
}

async function liveAuditSnapshot(io: Io, now: Date, agentProfiles?: Parameters<typeof runAudit>[1]['agentProfiles']): Promise<Evidence> {
  const { collectAuditEvidence } = await import('../evidence/audit.ts');
  const { createClients } = await import('../evidence/index.ts');
  const region = io.env?.AWS_REGION ?? io.env?.AWS_DEFAULT_REGION;
  io.stderr.write(`backup-doctor: reading backup plans, selections, vaults, keys and roles in ${region ?? '?'} (read-only)…\n`);
  const clients = createClients({ ...(region ? { region } : {}), retryMode: 'adaptive', maxAttempts: 5 });
  const deadline = Date.now() + 10 * 60_000;
  const collected = await collectAuditEvidence(clients, { now, deadline, ...(region ? { region } : {}) });
  // Who changed the objects the findings blame: CloudTrail's last 90 days, recorded in the snapshot.
  const objects = auditObjectsAtFault(runAudit(collected, { now, ...(agentProfiles ? { agentProfiles } : {}) }), collected);
  const { followUpReads } = await import('../evidence/index.ts');
  const looked = objects.length > 0 ? await followUpReads(clients, { now, deadline }).changes(objects) : undefined;
  const evidence: Evidence = looked
    ? { ...collected, changes: { ...(collected.changes ?? {}), ...looked.value }, gaps: [...collected.gaps, ...looked.gaps] }
    : collected;
  if (evidence.gaps.length > 0) io.stderr.write(`backup-doctor: ${evidence.gaps.length} item(s) could not be read; the audit says which\n`);
  return evidence;
}
