/**
 * Diagnoses → what the command prints. Text is one block per diagnosis; json, slack and chatbot are one JSON
 * document (the diagnosis itself for one, an array for several); jsonl is one JSON line per diagnosis; email is
 * the subject and the body, as the topic's email subscribers receive them.
 */
import type { Diagnosis, Lang } from '../model/types.ts';
import { emailMessage, render } from '../pipeline/report.ts';
import type { Format } from './options.ts';

/** How to print. */
export interface OutputOptions {
  readonly format: Format;
  readonly lang: Lang;
  readonly color: boolean;
  /** Print a JSON array even for one diagnosis (the demo always has several). */
  readonly alwaysArray?: boolean;
}

const withNewline = (s: string): string => (s.endsWith('\n') ? s : `${s}\n`);

/** Renders the diagnoses in one format, ending with a newline (nothing for none). */
export function renderDiagnoses(diagnoses: readonly Diagnosis[], opts: OutputOptions): string {
  if (diagnoses.length === 0) return '';
  const { format, lang } = opts;
  switch (format) {
    case 'text':
      return diagnoses.map((d) => withNewline(render(d, { format: 'text', lang, color: opts.color }))).join('');
    case 'email':
      return diagnoses
        .map((d) => {
          const email = emailMessage(d, lang);
          return `Subject: ${email.subject}\n\n${withNewline(email.body)}`;
        })
        .join('\n');
    case 'jsonl':
      return diagnoses.map((d) => `${JSON.stringify(JSON.parse(render(d, { format: 'json', lang })))}\n`).join('');
    case 'json':
    case 'slack':
    case 'chatbot': {
      if (diagnoses.length === 1 && !opts.alwaysArray) return withNewline(render(diagnoses[0] as Diagnosis, { format, lang }));
      const documents = diagnoses.map((d) => JSON.parse(render(d, { format, lang })) as unknown);
      return `${JSON.stringify(documents, null, 2)}\n`;
    }
  }
}
