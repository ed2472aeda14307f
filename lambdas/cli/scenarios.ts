/**
 * The bundled demo scenarios: real-shaped events plus account snapshots, one for each case in the seeds.
 * The demo, the tests and the benchmark all read them from demo/scenarios/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSnapshot } from '../model/snapshot-schema.ts';
import type { Category, Evidence, FailureEvent } from '../model/types.ts';
import { parseInput } from '../events/index.ts';
import { loadAgentProfiles, mergeProfiles, type AgentProfile } from '../../profiles/agent-profiles.ts';

/** What a scenario is expected to show: the top finding's check and category, and key facts. */
export interface ScenarioExpectation {
  readonly category: Category;
  readonly checkId: string;
  /** Fact name → the value the top finding must report. */
  readonly facts?: Readonly<Record<string, string>>;
  /** The latest change of the first object at fault: its call, its caller and the role the session came from. */
  readonly changedBy?: { readonly eventName: string; readonly who: string; readonly issuer?: string };
}

/** One demo scenario. */
export interface Scenario {
  readonly id: string;
  /** The seed document the case comes from (000, 003, ...). */
  readonly seed: string;
  readonly title: { readonly en: string; readonly ja: string };
  /** The fixed "now" of the scenario, so windows and next runs are reproducible. */
  readonly now: Date;
  readonly event: FailureEvent;
  readonly rawEvent: unknown;
  readonly evidence: Evidence;
  readonly expect: ScenarioExpectation;
  /** Agent profiles: the built-in ones plus those of the scenario's `profiles` directory (user-defined). */
  readonly agentProfiles: readonly AgentProfile[];
  /** `webhook`: the demo delivers the event through the signed webhook in-process instead of reading it directly. */
  readonly via?: 'webhook';
}

/** The directory that holds the scenarios. */
export const SCENARIO_DIR = fileURLToPath(new URL('../../demo/scenarios/', import.meta.url));

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Loads every scenario, in directory order. Throws with the scenario's name when one is broken. */
export function loadScenarios(dir: string = SCENARIO_DIR): Scenario[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const base = join(dir, name);
      const meta = readJson(join(base, 'scenario.json')) as {
        seed: string;
        title: { en: string; ja: string };
        now: string;
        expect: ScenarioExpectation;
        profiles?: string;
        via?: 'webhook';
      };
      const rawEvent = readJson(join(base, 'event.json'));
      const parsed = parseInput(rawEvent);
      if (!parsed.ok || parsed.events.length !== 1) {
        throw new Error(`scenario ${name}: event.json does not parse to one event (${parsed.ok ? 'none' : parsed.error})`);
      }
      const snapshot = parseSnapshot(readJson(join(base, 'snapshot.json')));
      if (!snapshot.ok) throw new Error(`scenario ${name}: snapshot.json: ${snapshot.error}`);
      return {
        id: name,
        seed: meta.seed,
        title: meta.title,
        now: new Date(meta.now),
        event: parsed.events[0] as FailureEvent,
        rawEvent,
        evidence: snapshot.evidence,
        expect: meta.expect,
        agentProfiles: mergeProfiles(meta.profiles === undefined ? [] : loadAgentProfiles(join(base, meta.profiles))),
        ...(meta.via === 'webhook' ? { via: 'webhook' as const } : {}),
      };
    });
}
