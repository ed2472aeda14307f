import { describe, expect, it } from 'vitest';
import { diagnose } from '../../lambdas/pipeline/index.ts';
import { loadScenarios } from '../../lambdas/cli/scenarios.ts';

const scenarios = loadScenarios();

describe('demo scenarios', () => {
  it('bundles one scenario for each case of the seeds', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(8);
    // External scenarios share one check (the catalog reader); each covers another catalog entry.
    expect(new Set(scenarios.map((s) => (s.expect.checkId === 'external-known-error' ? s.id : `${s.expect.checkId}|${JSON.stringify(s.expect.facts ?? {})}`))).size).toBe(scenarios.length);
  });

  it.each(scenarios.map((s) => [s.id, s] as const))('diagnoses %s with the expected top finding', (_id, scenario) => {
    // Act
    const diagnosis = diagnose(scenario.event, scenario.evidence, { now: scenario.now, agentProfiles: scenario.agentProfiles });

    // Assess
    const top = diagnosis.findings[0];
    expect(top?.verdict).toBe('fail');
    expect(top?.checkId).toBe(scenario.expect.checkId);
    expect(diagnosis.category).toBe(scenario.expect.category);
    expect(top?.fix?.command ?? top?.fix?.snippet).toBeTruthy();
    for (const [name, value] of Object.entries(scenario.expect.facts ?? {})) {
      expect(top?.facts.find((f) => f.name === name)?.value, `fact ${name}`).toBe(value);
    }
  });

  it.each(scenarios.filter((s) => s.expect.changedBy).map((s) => [s.id, s] as const))('names who changed the object at fault in %s', (_id, scenario) => {
    const diagnosis = diagnose(scenario.event, scenario.evidence, { now: scenario.now, agentProfiles: scenario.agentProfiles });

    const latest = diagnosis.changes?.[0]?.latest[0];
    expect(diagnosis.changes?.[0]?.outcome).toBe('changed');
    expect(latest).toMatchObject(scenario.expect.changedBy ?? {});
    // "The day before": the change came before the failure, within a day.
    const before = Date.parse(scenario.event.time ?? '') - Date.parse(latest?.eventTime ?? '');
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(86_400_000 * 2);
  });

  it('diagnoses every scenario without an error finding', () => {
    for (const scenario of scenarios) {
      const diagnosis = diagnose(scenario.event, scenario.evidence, { now: scenario.now, agentProfiles: scenario.agentProfiles });
      expect(diagnosis.findings.filter((f) => f.verdict === 'error'), scenario.id).toEqual([]);
    }
  });
});
