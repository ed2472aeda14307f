/**
 * Placeholder resolution for profile templates ({partition}, {region}, {account}, {resource}, {destinationVault}, {key}).
 */
import type { ContextValue } from '../lambdas/policy/types.ts';
import type { TemplateVars } from './types.ts';

const TOKEN = /\{(partition|region|account|resource|destinationVault|key)\}/g;

/** Resolves a template; undefined when a placeholder it uses has no value. */
export function resolveTemplate(template: string, vars: TemplateVars): string | undefined {
  let unresolved = false;
  const out = template.replace(TOKEN, (_, name: keyof TemplateVars) => {
    const value = vars[name];
    if (value === undefined) unresolved = true;
    return value ?? '';
  });
  return unresolved ? undefined : out;
}

/** Resolves the string values of a request context; undefined when one cannot be resolved. */
export function resolveContext(
  context: Readonly<Record<string, ContextValue>> | undefined,
  vars: TemplateVars,
): Record<string, ContextValue> | undefined {
  const out: Record<string, ContextValue> = {};
  for (const [key, value] of Object.entries(context ?? {})) {
    if (typeof value !== 'string') {
      out[key] = value;
      continue;
    }
    const resolved = resolveTemplate(value, vars);
    if (resolved === undefined) return undefined;
    out[key] = resolved;
  }
  return out;
}

/** The partition of an ARN ("aws" when it is not an ARN). */
export function partitionOf(arn: string | undefined): string {
  const part = arn?.startsWith('arn:') ? arn.split(':')[1] : undefined;
  return part || 'aws';
}
