/**
 * Message lookup: a Text `{key, params}` becomes a sentence in one language. A key missing in Japanese falls back
 * to English; a key missing in both shows the key and its params, so that nothing is lost.
 */
import type { Lang, Messages, Text } from '../model/types.ts';

/** Every message of every source, merged: per language, key → template with {param} placeholders. */
export type MessageTable = Messages;

/** A message defined twice with different templates: a mistake that the meta-test reports. */
export interface MessageConflict {
  readonly lang: Lang;
  readonly key: string;
  readonly templates: readonly [string, string];
}

/** Merges message sources into one table; for a key defined twice, the first definition wins. */
export function mergeMessages(...sources: readonly Messages[]): MessageTable {
  const en: Record<string, string> = {};
  const ja: Record<string, string> = {};
  for (const source of sources) {
    for (const [key, template] of Object.entries(source.en)) if (!Object.hasOwn(en, key)) en[key] = template;
    for (const [key, template] of Object.entries(source.ja)) if (!Object.hasOwn(ja, key)) ja[key] = template;
  }
  return { en, ja };
}

/** The keys that two sources define with different templates. */
export function messageConflicts(...sources: readonly Messages[]): MessageConflict[] {
  const conflicts: MessageConflict[] = [];
  for (const lang of ['en', 'ja'] as const) {
    const seen = new Map<string, string>();
    for (const source of sources) {
      for (const [key, template] of Object.entries(source[lang])) {
        const earlier = seen.get(key);
        if (earlier === undefined) seen.set(key, template);
        else if (earlier !== template) conflicts.push({ lang, key, templates: [earlier, template] });
      }
    }
  }
  return conflicts;
}

/** The template for a key in a language, falling back to English; undefined when neither has it. */
export function templateOf(key: string, lang: Lang, table: MessageTable): string | undefined {
  if (Object.hasOwn(table[lang], key)) return table[lang][key];
  if (Object.hasOwn(table.en, key)) return table.en[key];
  return undefined;
}

/** Fills {param} placeholders; a placeholder without a value stays as written so that the gap is visible. */
export function fill(template: string, params: Text['params']): string {
  if (!params) return template;
  return template.replace(/\{([A-Za-z0-9_.-]+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/**
 * Parameters whose values are code words (a job type, a key's use, a category id) rather than names: each value
 * is shown through its label `param.<name>.<value>` (`category.<id>` for categories) when the table has one.
 */
const LABELLED_PARAMS = new Set(['job', 'use', 'category', 'purpose', 'inferred']);

function labelledParams(params: Text['params'], lang: Lang, table: MessageTable): Text['params'] {
  if (!params) return params;
  let out: Record<string, string | number> | undefined;
  for (const [name, value] of Object.entries(params)) {
    if (!LABELLED_PARAMS.has(name) || typeof value !== 'string') continue;
    const key = name === 'category' ? `category.${value}` : `param.${name}.${value}`;
    const label = templateOf(key, lang, table);
    if (label !== undefined) (out ??= { ...params })[name] = label;
  }
  return out ?? params;
}

/** Resolves a Text in a language. */
export function translateWith(text: Text, lang: Lang, table: MessageTable): string {
  const template = templateOf(text.key, lang, table);
  if (template !== undefined) return fill(template, labelledParams(text.params, lang, table));
  const params = Object.entries(text.params ?? {});
  if (params.length === 0) return text.key;
  return `${text.key} (${params.map(([name, value]) => `${name}=${String(value)}`).join(', ')})`;
}

/** A label by key, or the fallback when no language has the key (used for optional labels such as facts). */
export function labelOr(key: string, lang: Lang, table: MessageTable, fallback: string): string {
  return templateOf(key, lang, table) ?? fallback;
}
