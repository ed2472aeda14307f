import { describe, expect, it } from 'vitest';
import { classifyEvent } from '../../../lambdas/catalog/index.ts';
import { externalKnownError } from '../../../lambdas/checks/external/external-known-error.ts';
import type { FailureEvent } from '../../../lambdas/model/types.ts';
import { externalEvidence } from '../../../lambdas/evidence/external.ts';

const NOW = new Date('2026-11-20T10:00:00Z');

function event(text: string, source?: 'aks' | 'ack'): FailureEvent {
  return {
    kind: 'external',
    origin: 'cli',
    id: 'generic:1',
    state: 'FAILED',
    statusMessage: text,
    resourceArn: 'applicationbackup/nightly',
    external: { cloud: source === 'aks' ? 'azure' : 'alibaba', format: 'generic', ...(source ? { source } : {}), resource: 'applicationbackup/nightly', cluster: 'c-prod' },
    raw: {},
  };
}

function run(e: FailureEvent) {
  return externalKnownError.run({ event: e, evidence: externalEvidence(e, NOW), classification: classifyEvent(e), now: NOW });
}

describe('external-known-error', () => {
  it('fails with the catalog entry\'s category, cause, remedy, commands and docs', () => {
    const f = run(event('HBRError: check HBR vault error', 'ack'));
    expect(f).toMatchObject({ verdict: 'fail', category: 'iam-permission', subject: 'c-prod#ack-hbr-vault-check-failed' });
    expect(f.title.key).toBe('catalog.ack-hbr-vault-check-failed.title');
    expect(f.fix?.docs).toMatch(/^https:\/\/www\.alibabacloud\.com\//);
    const withCommands = run(event('hbr task finished with unexpected status: FAILED, errMsg ClientNotExist', 'ack'));
    expect(withCommands.fix?.command).toContain('kubectl -n csdr get pod -lapp=hbr-client');
    expect(withCommands.fix?.command).toMatch(/^# seeds\/002_/);
  });

  it('names a user-error code the catalog does not know, and keeps it unknown', () => {
    const f = run(event('UserErrorBrandNewThing: something', 'aks'));
    expect(f).toMatchObject({ verdict: 'fail', category: 'unknown' });
    expect(f.title.params?.['code']).toBe('UserErrorBrandNewThing');
  });

  it('does not apply when nothing in the catalog matches', () => {
    expect(run(event('a message no catalog knows', 'ack')).verdict).toBe('not-applicable');
  });
});
