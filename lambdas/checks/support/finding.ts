/**
 * Small constructors for findings, so that every check reports in the same shape.
 */
import { shellArg } from '../../model/shell.ts';
import type { Category, Check, Fact, Finding, Fix, Gap, Text } from '../../model/types.ts';

/** Builds a Text for a check's own message `<check id>.<name>`. */
export function msg(check: Pick<Check, 'id'>, name: string, params?: Record<string, string | number>): Text {
  return params ? { key: `${check.id}.${name}`, params } : { key: `${check.id}.${name}` };
}

/** Facts from a plain record; undefined values are left out. */
export function facts(record: Record<string, string | number | boolean | undefined | null>): Fact[] {
  const out: Fact[] = [];
  for (const [name, value] of Object.entries(record)) {
    if (value === undefined || value === null) continue;
    out.push({ name, value: String(value) });
  }
  return out;
}

interface Base {
  readonly title: Text;
  readonly detail?: Text;
  readonly facts?: readonly Fact[];
}

function base(check: Pick<Check, 'id' | 'category'>, category?: Category) {
  return { checkId: check.id, category: category ?? check.category };
}

/** The check found the cause (or a cause). */
export function fail(
  check: Pick<Check, 'id' | 'category'>,
  f: Base & { readonly fix: Fix; readonly confidence?: number; readonly category?: Category; readonly subject?: string },
): Finding {
  return {
    ...base(check, f.category),
    verdict: 'fail',
    title: f.title,
    ...(f.detail ? { detail: f.detail } : {}),
    facts: f.facts ?? [],
    fix: f.fix,
    confidence: f.confidence ?? 0.9,
    ...(f.subject ? { subject: f.subject } : {}),
  };
}

/** The check looked and found nothing wrong. */
export function pass(check: Pick<Check, 'id' | 'category'>, f: Base): Finding {
  return { ...base(check), verdict: 'pass', title: f.title, ...(f.detail ? { detail: f.detail } : {}), facts: f.facts ?? [] };
}

/** The check does not apply to this failure (wrong job type, no key involved, ...). */
export function notApplicable(check: Pick<Check, 'id' | 'category'>, f: Base): Finding {
  return {
    ...base(check),
    verdict: 'not-applicable',
    title: f.title,
    ...(f.detail ? { detail: f.detail } : {}),
    facts: f.facts ?? [],
  };
}

/** The check could not decide: `missing` says what could not be read and why. */
export function inconclusive(
  check: Pick<Check, 'id' | 'category'>,
  f: Base & { readonly missing: readonly Gap[]; readonly fix?: Fix },
): Finding {
  return {
    ...base(check),
    verdict: 'inconclusive',
    title: f.title,
    ...(f.detail ? { detail: f.detail } : {}),
    facts: f.facts ?? [],
    missing: f.missing,
    ...(f.fix ? { fix: f.fix } : {}),
  };
}

/** Pretty-printed JSON for a fix snippet. */
export function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** A JSON document (object or array) as one quoted word of a POSIX shell command line. */
export function shellJson(value: object): string {
  return shellArg(JSON.stringify(value));
}
