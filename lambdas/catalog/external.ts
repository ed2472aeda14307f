/**
 * The catalogs of Kubernetes backup failures outside AWS: Azure Backup for AKS and Alibaba Cloud ACK Backup
 * Center. Each entry is data (the vendor's code or message, the cause, the remedy with its exact commands and
 * where they come from, the category and the docs), and the matcher here reads a text against them.
 */
import type { Category, Classification, Messages } from '../model/types.ts';
import { ackEntries } from './rules/ack.ts';
import { aksEntries } from './rules/aks.ts';
import type { CatalogHint, CatalogSample } from './types.ts';
import { normalise } from './unwrap.ts';

export type { ExternalCommand, ExternalEntry, ExternalSource } from './types.ts';
import type { ExternalEntry, ExternalSource } from './types.ts';

/** Every external entry, once. */
export const EXTERNAL_ENTRIES: readonly ExternalEntry[] = [...aksEntries, ...ackEntries];

/** The answer for an AKS code in the vendor's user-error form that no entry knows: still unknown, but named. */
export const USER_ERROR_RULE_ID = 'aks-user-error-uncatalogued';

// Azure Backup names user-side errors UserError<Something> (DppUserError..., AzureWorkloadUserError...).
const USER_ERROR_CODE = /\b([A-Za-z]{0,40}UserError[A-Z][A-Za-z0-9]{2,120})\b/;

const CODE_PATTERNS = new Map<string, RegExp>(
  EXTERNAL_ENTRIES.filter((e) => e.code !== undefined).map((e) => [e.id, new RegExp(`(?:^|[^A-Za-z0-9])${e.code}(?:$|[^A-Za-z0-9])`, 'i')]),
);

/** True when the entry matches the text (its code as a whole word, or its pattern). */
export function entryMatches(entry: ExternalEntry, text: string): boolean {
  const code = CODE_PATTERNS.get(entry.id);
  if (code?.test(text)) return true;
  return entry.pattern?.test(text) ?? false;
}

/** An entry by id. */
export function externalEntry(id: string): ExternalEntry | undefined {
  return EXTERNAL_ENTRIES.find((e) => e.id === id);
}

/** Reads the source field of a classify input or an event: aks, ack, or undefined for anything else. */
export function externalSourceOf(source: string | undefined): ExternalSource | undefined {
  const s = source?.trim().toLowerCase();
  return s === 'aks' || s === 'ack' ? s : undefined;
}

// Texts arrive as whole log lines or JSON bodies; the patterns read the first 64 KiB, which holds every message.
const MAX_TEXT = 65_536;

/**
 * Classifies a text from AKS or ACK (or, without a source, from either). The code of the vendor's own
 * user-error form that no entry knows stays `unknown`, with a hint that names it as such.
 */
export function classifyExternal(rawText: string, source?: ExternalSource, code?: string): Classification {
  const text = normalise(`${code ?? ''} ${rawText ?? ''}`.slice(0, MAX_TEXT));
  let best: ExternalEntry | undefined;
  for (const entry of EXTERNAL_ENTRIES) {
    if (source !== undefined && entry.source !== source) continue;
    if (entryMatches(entry, text) && (!best || entry.confidence > best.confidence)) best = entry;
  }
  if (best) {
    return { category: best.category, ruleId: best.id, confidence: best.confidence, suspects: ['external-known-error'], hint: { key: `catalog.${best.id}.hint` } };
  }
  if (source !== 'ack' && USER_ERROR_CODE.test(text)) {
    return { category: 'unknown', ruleId: USER_ERROR_RULE_ID, confidence: 0, suspects: ['external-known-error'], hint: { key: `catalog.${USER_ERROR_RULE_ID}.hint` } };
  }
  return { category: 'unknown', ruleId: 'unknown', confidence: 0, suspects: [] };
}

/** The user-error code named in a text, for the "not in the catalog" finding. */
export function userErrorCode(text: string): string | undefined {
  return USER_ERROR_CODE.exec(text.slice(0, MAX_TEXT))?.[1];
}

/** Every text of the external catalogs, keyed `catalog.<id>.<hint|title|cause|remedy>`, in every language. */
export function externalMessages(): Messages {
  const en: Record<string, string> = {
    [`catalog.${USER_ERROR_RULE_ID}.hint`]: 'A user-side error that the catalog does not know: read the code and the message as sent.',
    [`catalog.${USER_ERROR_RULE_ID}.title`]: 'A user-side error the catalog does not know ({code}): {object}',
  };
  const ja: Record<string, string> = {
    [`catalog.${USER_ERROR_RULE_ID}.hint`]: 'カタログにないユーザー側のエラーです。送られてきたコードとメッセージをそのまま確認してください。',
    [`catalog.${USER_ERROR_RULE_ID}.title`]: 'カタログにないユーザー側のエラー ({code}): {object}',
  };
  for (const e of EXTERNAL_ENTRIES) {
    en[`catalog.${e.id}.hint`] = e.cause.en;
    ja[`catalog.${e.id}.hint`] = e.cause.ja;
    en[`catalog.${e.id}.title`] = `${e.title.en}: {object}`;
    ja[`catalog.${e.id}.title`] = `${e.title.ja}: {object}`;
    en[`catalog.${e.id}.remedy`] = e.remedy.en;
    ja[`catalog.${e.id}.remedy`] = e.remedy.ja;
  }
  return { en, ja };
}
