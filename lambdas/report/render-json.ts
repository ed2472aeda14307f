/**
 * The machine form: the Diagnosis as it is, with every Text also resolved in the chosen language (key, params
 * and text side by side) and the raw event last under `event.raw`.
 */
import { jsonSafe } from './unsafe.ts';
import type { Diagnosis, Lang } from '../model/types.ts';
import { buildReport, resolveFinding, resolveText } from './model.ts';
import type { MessageTable } from './translate.ts';

/** The version of the JSON form; bumped when a field changes meaning or disappears. */
export const REPORT_JSON_VERSION = 1;

/** The JSON form as an object (for callers that embed it). */
export function reportObject(diagnosis: Diagnosis, lang: Lang, table: MessageTable): Record<string, unknown> {
  const report = buildReport(diagnosis, lang, table);
  const { raw, ...event } = diagnosis.event;
  const { hint, ...classification } = diagnosis.classification;
  return {
    version: REPORT_JSON_VERSION,
    lang,
    generatedAt: diagnosis.generatedAt,
    fingerprint: diagnosis.fingerprint,
    headline: report.headline,
    category: report.category,
    classification: {
      ...classification,
      categoryLabel: report.t(`category.${classification.category}`),
      ...(hint ? { hint: resolveText(hint, lang, table) } : {}),
    },
    event: { ...event, kindLabel: report.kindLabel, stateLabel: report.stateLabel, raw },
    findings: diagnosis.findings.map((f) => resolveFinding(f, lang, table)),
    nextSteps: report.nextSteps,
    gaps: report.gaps,
    links: report.links,
  };
}

/** Renders the JSON form, pretty-printed. */
export function renderJsonWith(diagnosis: Diagnosis, lang: Lang, table: MessageTable): string {
  return `${jsonSafe(JSON.stringify(reportObject(diagnosis, lang, table), null, 2))}\n`;
}
