/**
 * Test helpers for the backup checks: events built from the AWS documentation samples in test/fixtures/events and
 * small evidence snapshots (synthetic account facts).
 */
import { COMMON_MESSAGES } from '../../../lambdas/report/messages.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CheckContext, Evidence, FailureEvent, Finding, Messages, Text } from '../../../lambdas/model/types.ts';

/** An AWS sample event from test/fixtures/events, parsed (provenance: test/fixtures/events/SOURCES.md). */
export function sample(file: string): { detail: Record<string, unknown>; account: string; region: string; time: string } {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../../fixtures/events/${file}`, import.meta.url)), 'utf8'));
}

function unquote(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  return text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
}

/** The EXPIRED backup job sample (bk-002: "there was a running job for the same resource"), as a FailureEvent. */
export function expiredBackupEvent(overrides: Partial<FailureEvent> = {}): FailureEvent {
  const raw = sample('backup-job-expired.json');
  const d = raw.detail as Record<string, any>;
  return {
    kind: 'backup-job',
    origin: 'eventbridge',
    id: d.backupJobId,
    jobId: d.backupJobId,
    account: raw.account,
    region: raw.region,
    time: raw.time,
    state: d.state,
    statusMessage: unquote(d.statusMessage),
    resourceArn: d.resourceArn,
    resourceType: d.resourceType,
    roleArn: d.iamRoleArn,
    vaultArn: d.backupVaultArn,
    vaultName: d.backupVaultName,
    plan: {
      planId: d.createdBy.backupPlanId,
      planArn: d.createdBy.backupPlanArn,
      planVersion: d.createdBy.backupPlanVersion,
      ruleId: d.createdBy.backupPlanRuleId,
    },
    creationDate: d.creationDate,
    startBy: d.startBy,
    completionDate: d.completionDate,
    raw,
    ...overrides,
  };
}

/** The FAILED copy job sample, as a FailureEvent. */
export function failedCopyEvent(overrides: Partial<FailureEvent> = {}): FailureEvent {
  const raw = sample('copy-job-failed.json');
  const d = raw.detail as Record<string, any>;
  return {
    kind: 'copy-job',
    origin: 'eventbridge',
    id: d.copyJobId,
    jobId: d.copyJobId,
    account: raw.account,
    region: raw.region,
    time: raw.time,
    state: d.state,
    statusMessage: d.statusMessage,
    resourceArn: d.resourceArn,
    resourceType: d.resourceType,
    roleArn: d.iamRoleArn,
    sourceVaultArn: d.sourceBackupVaultArn,
    destinationVaultArn: d.destinationBackupVaultArn,
    creationDate: d.creationDate,
    completionDate: d.completionDate,
    raw,
    ...overrides,
  };
}

/** The FAILED restore job sample, as a FailureEvent. */
export function failedRestoreEvent(overrides: Partial<FailureEvent> = {}): FailureEvent {
  const raw = sample('restore-job-failed.json');
  const d = raw.detail as Record<string, any>;
  return {
    kind: 'restore-job',
    origin: 'eventbridge',
    id: d.restoreJobId,
    jobId: d.restoreJobId,
    account: raw.account,
    region: raw.region,
    state: d.status,
    statusMessage: d.statusMessage,
    resourceType: d.resourceType,
    roleArn: d.iamRoleArn,
    creationDate: d.creationDate,
    raw,
    ...overrides,
  };
}

/** An evidence snapshot with no gaps, plus the given facts. */
export function evidence(facts: Partial<Evidence> = {}): Evidence {
  return { schemaVersion: 1, gaps: [], ...facts };
}

/** A check context at a fixed time. */
export function context(event: FailureEvent, ev: Evidence, now = '2026-11-21T06:00:00Z'): CheckContext {
  return {
    event,
    evidence: ev,
    now: new Date(now),
    classification: { category: 'unknown', ruleId: 'unknown', confidence: 0, suspects: [] },
  };
}

/** Keys missing from either language, and {placeholders} a text uses without a parameter, for one finding. */
export function textProblems(messages: Messages, finding: Finding): string[] {
  const texts: Text[] = [finding.title, ...(finding.detail ? [finding.detail] : []), ...(finding.fix ? [finding.fix.summary] : [])];
  const problems: string[] = [];
  for (const lang of ['en', 'ja'] as const) {
    for (const text of texts) {
      const template = messages[lang][text.key];
      if (template === undefined) {
        problems.push(`${lang} lacks ${text.key}`);
        continue;
      }
      for (const m of template.matchAll(/\{([A-Za-z]+)\}/g)) {
        if (!(m[1]! in (text.params ?? {}))) problems.push(`${lang} ${text.key} has no {${m[1]}}`);
      }
    }
    // Fact labels may come from the check itself or from the common labels every report shares.
    for (const fact of finding.facts) {
      const key = `fact.${fact.name}`;
      if (messages[lang][key] === undefined && COMMON_MESSAGES[lang][key] === undefined) {
        problems.push(`${lang} lacks ${key}`);
      }
    }
  }
  return problems;
}
