/**
 * The one builder of email subjects, for a diagnosis and for a group notice:
 * "[backup-doctor] <Kind>, <account> <region>: <text>" (the kind only for group notices).
 *
 * SNS's Publish takes the subject as it is and checks it. Its API reference now reads: "Subjects must be UTF-8
 * text with no line breaks or control characters, and less than 100 characters long." Earlier versions required
 * ASCII text beginning with a letter, number or punctuation mark; that is gone, so a Japanese mail has a Japanese
 * subject. The subject still begins with "[", so it also meets the old rule's first character.
 * @see https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
 * @see https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/sns/aws.sdk.kotlin.services.sns.model/-publish-request/subject.html
 */

/** SNS's limit on Subject: "less than 100 characters long". */
export const SUBJECT_MAX = 99;
export const SUBJECT_PREFIX = '[backup-doctor]';
const ELLIPSIS = '...';

/**
 * One line that SNS accepts: line breaks and tabs become spaces; control characters, bidirectional controls and
 * other invisible format characters are dropped (they would garble a mail client's list); spaces collapse.
 */
export function subjectSafe(s: string): string {
  return s
    .replace(/[\r\n\t\u2028\u2029\u0085]+/g, ' ')
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/gu, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Cuts a subject to SNS's limit, ending with "...": after a word when one ends near the limit, else at a character. */
export function fitSubject(s: string): string {
  if (s.length <= SUBJECT_MAX) return s;
  let out = '';
  for (const ch of s) {
    if (out.length + ch.length > SUBJECT_MAX - ELLIPSIS.length) break;
    out += ch;
  }
  const space = out.lastIndexOf(' ');
  const word = s[out.length] === ' ' || space < out.length - 20 ? out : out.slice(0, space);
  return `${word.trimEnd()}${ELLIPSIS}`;
}

/** Only the characters an AWS account id or region holds: a hostile value is dropped, not shown. */
const idOnly = (s: string | undefined): string => (s ?? '').replace(/[^\w-]/g, '');

/** The subject of a mail: the prefix, the kind (group notices), where it happened, and the text. */
export function subjectLine(parts: { readonly kind?: string; readonly account?: string; readonly region?: string; readonly text: string }): string {
  const kind = parts.kind ? subjectSafe(parts.kind) : '';
  const where = [idOnly(parts.account), idOnly(parts.region)].filter(Boolean).join(' ');
  const head = `${SUBJECT_PREFIX} ${kind}${kind && where ? ', ' : ''}${where}`.trimEnd();
  const text = subjectSafe(parts.text);
  return fitSubject(text ? `${head}${kind || where ? ':' : ''} ${text}` : head);
}
