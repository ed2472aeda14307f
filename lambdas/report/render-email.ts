/**
 * The email form, published through SNS: the text form without colour as the body, and a subject in the mail's
 * language, "[backup-doctor] <account> <region>: <cause headline>", within SNS's rule (report/subject.ts).
 * @see https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
 */
import type { Diagnosis, Lang } from '../model/types.ts';
import { renderTextWith } from './render-text.ts';
import { subjectLine } from './subject.ts';
import { type MessageTable, translateWith } from './translate.ts';

/** An email: an SNS-safe subject and a plain-text body. */
export interface EmailMessage {
  readonly subject: string;
  readonly body: string;
}

export { SUBJECT_MAX as EMAIL_SUBJECT_MAX } from './subject.ts';

/**
 * The subject: where it happened and the cause, in the mail's language. A group's kind ("New") goes first when
 * the mail opens a group. The headline names the object at fault (the role, key or vault), never a stand-in.
 */
export function emailSubject(diagnosis: Diagnosis, lang: Lang, table: MessageTable, kind?: string): string {
  const { account, region } = diagnosis.event;
  return subjectLine({
    ...(kind ? { kind: translateWith({ key: `group.kind.${kind}` }, lang, table) } : {}),
    account,
    region,
    text: translateWith(diagnosis.headline, lang, table),
  });
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

/** The email of a diagnosis: subject and body in the chosen language. */
export function emailMessageWith(diagnosis: Diagnosis, lang: Lang, table: MessageTable): EmailMessage {
  const body = renderTextWith(diagnosis, { lang, color: false }, table);
  return {
    subject: emailSubject(diagnosis, lang, table),
    body: boundBody(body, translateWith({ key: 'label.truncated' }, lang, table)),
  };
}
