/**
 * The email form, published through SNS: the text form without colour as the body, and a subject that meets
 * SNS's rule (no line breaks or control characters, less than 100 characters) in printable ASCII only. The
 * subject is always English: a Japanese headline cannot be written in ASCII.
 * @see https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
 */
import type { Diagnosis, Lang } from '../model/types.ts';
import { objectOf } from './model.ts';
import { renderTextWith } from './render-text.ts';
import { type MessageTable, labelOr, translateWith } from './translate.ts';

/** An email: an SNS-safe subject and a plain-text body. */
export interface EmailMessage {
  readonly subject: string;
  readonly body: string;
}

/** SNS's limit on Subject: "less than 100 characters long". */
export const EMAIL_SUBJECT_MAX = 99;
const PREFIX = '[backup-doctor] ';

/** Printable ASCII only, one line, spaces collapsed. */
function asciiLine(s: string): string {
  return s
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Cuts ASCII text to `max` characters, ending with "..." when cut. */
function cut(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 3).trimEnd()}...`;
}

/** The last segment of an ARN: the role, vault or resource name. */
function shortName(arn: string): string {
  const tail = arn.slice(arn.lastIndexOf(':') + 1);
  return tail.slice(tail.lastIndexOf('/') + 1) || arn;
}

/**
 * The subject: the English headline when it is plain ASCII, else "[backup-doctor] <category>: <object>", which
 * is ASCII by construction (ARNs and category labels are).
 */
export function emailSubject(diagnosis: Diagnosis, table: MessageTable): string {
  const headline = translateWith(diagnosis.headline, 'en', table).replace(/[\r\n\t]+/g, ' ').trim();
  if (/^[\x20-\x7e]+$/.test(headline)) return cut(asciiLine(PREFIX + headline), EMAIL_SUBJECT_MAX);
  const category = labelOr(`category.${diagnosis.category}`, 'en', table, diagnosis.category);
  // Only the characters an AWS resource name may hold: anything else in a hostile name is dropped.
  const object = shortName(objectOf(diagnosis.event)).replace(/[^\w.:/+=,@-]/g, '');
  const fallback = asciiLine(`${PREFIX}${category}${object ? `: ${object}` : ''}`);
  return cut(/^[\x20-\x7e]+$/.test(fallback) ? fallback : `${PREFIX}${diagnosis.category}`, EMAIL_SUBJECT_MAX);
}

/** SNS takes messages up to 256 KiB; the body stays below that with room for the envelope. */
export const EMAIL_BODY_MAX_BYTES = 200_000;

/** Cuts a body at a line boundary to a byte budget, saying that it was cut. */
function boundBody(body: string, mark: string): string {
  if (Buffer.byteLength(body, 'utf8') <= EMAIL_BODY_MAX_BYTES) return body;
  const lines: string[] = [];
  let bytes = Buffer.byteLength(`…\n${mark}\n`, 'utf8');
  for (const line of body.split('\n')) {
    const size = Buffer.byteLength(`${line}\n`, 'utf8');
    if (bytes + size > EMAIL_BODY_MAX_BYTES) break;
    lines.push(line);
    bytes += size;
  }
  return `${lines.join('\n')}\n…\n${mark}\n`;
}

/** The email of a diagnosis: subject in English, body in the chosen language. */
export function emailMessageWith(diagnosis: Diagnosis, lang: Lang, table: MessageTable): EmailMessage {
  const body = renderTextWith(diagnosis, { lang, color: false }, table);
  return {
    subject: emailSubject(diagnosis, table),
    body: boundBody(body, translateWith({ key: 'label.truncated' }, lang, table)),
  };
}
