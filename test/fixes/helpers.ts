/**
 * Demo scenarios with one document swapped, for the tests of proven fixes, and a way to read the document that a
 * shown command writes.
 */
import { loadScenarios, type Scenario } from '../../lambdas/cli/scenarios.ts';
import type { Evidence, PolicyDocument } from '../../lambdas/model/types.ts';

let cache: Scenario[] | undefined;

/** A bundled scenario by directory name. */
export function scenario(id: string): Scenario {
  cache ??= loadScenarios();
  const s = cache.find((x) => x.id === id);
  if (!s) throw new Error(`no scenario ${id}`);
  return s;
}

/** The evidence with one role's trust policy replaced. */
export function withTrust(evidence: Evidence, roleArn: string, trust: PolicyDocument): Evidence {
  const role = evidence.roles![roleArn]!;
  return { ...evidence, roles: { ...evidence.roles, [roleArn]: { ...role, trustPolicy: trust } } };
}

/** The evidence with one key's policy replaced. */
export function withKeyPolicy(evidence: Evidence, keyArn: string, policy: PolicyDocument): Evidence {
  const key = evidence.keys![keyArn]!;
  return { ...evidence, keys: { ...evidence.keys, [keyArn]: { ...key, policy } } };
}

/** The JSON document in the last single-quoted word of a command (how the fixes pass documents). */
export function documentOfCommand(command: string): unknown {
  const m = /'((?:[^']|'\\'')*)'\s*$/.exec(command);
  if (!m) return undefined;
  return JSON.parse(m[1]!.replaceAll(`'\\''`, `'`));
}
