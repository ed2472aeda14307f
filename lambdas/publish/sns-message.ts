/**
 * One SNS message per diagnosis, with a body per subscription protocol (`MessageStructure: 'json'`): email
 * subscribers read plain text, the Slack queue receives the Block Kit payload, and AWS Chatbot (an HTTPS
 * subscription) receives a custom notification. Pure: the renderers' outputs come in as strings.
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-send-custom-platform-specific-payloads-mobile-devices.html
 * @see https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html
 */
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import type { Diagnosis } from '../model/types.ts';
import { SUBJECT_MAX, fitSubject, subjectLine, subjectSafe } from '../report/subject.ts';

/** SNS's limit on a whole message, in bytes. */
export const SNS_MAX_MESSAGE_BYTES = 256 * 1024;
/** SNS's limit on a subject: UTF-8 text, no line breaks or control characters, under 100 characters. */
export const SNS_MAX_SUBJECT_CHARS = SUBJECT_MAX;

/** The message attribute that marks a diagnosis (the Slack subscription's filter policy selects on it). */
export const MESSAGE_TYPE_ATTRIBUTE = 'backup-doctor-type';
/** The value of MESSAGE_TYPE_ATTRIBUTE on a diagnosis. */
export const DIAGNOSIS_MESSAGE_TYPE = 'diagnosis';
/** The message attribute that carries the diagnosis id (delivered to the Slack queue as an SQS attribute). */
export const DIAGNOSIS_ID_ATTRIBUTE = 'diagnosis-id';

/** The rendered forms of one diagnosis. */
export interface RenderedDiagnosis {
  readonly email: { readonly subject: string; readonly body: string };
  /** A Slack Block Kit payload, as JSON text. */
  readonly slack: string;
  /** An AWS Chatbot custom notification, as JSON text. */
  readonly chatbot: string;
}

const ELLIPSIS = '...';

/**
 * The last check before Publish: a subject SNS accepts (one line, no control characters, ≤ 99 characters), or
 * `fallback` when nothing is left of it. The subjects themselves are built by report/subject.ts.
 */
export function snsSubject(subject: string, fallback: string): string {
  return fitSubject(subjectSafe(subject) || subjectSafe(fallback));
}

/** A subject built from the diagnosis' ids alone, for a diagnosis whose email has no subject. */
export function fallbackSubject(diagnosis: Diagnosis): string {
  const e = diagnosis.event;
  return subjectLine({ account: e.account, region: e.region, text: `${e.kind} ${e.state} (${diagnosis.category}) ${e.jobId ?? e.ecs?.taskArn ?? e.id}` });
}

const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Cuts text to at most `maxBytes` UTF-8 bytes on a character boundary, marking the cut. */
export function truncateBytes(text: string, maxBytes: number, marker = `\n${ELLIPSIS}`): string {
  if (byteLength(text) <= maxBytes) return text;
  const budget = Math.max(0, maxBytes - byteLength(marker));
  let out = '';
  let used = 0;
  for (const ch of text) {
    const n = byteLength(ch);
    if (used + n > budget) break;
    out += ch;
    used += n;
  }
  return out + marker;
}

/** The minimal Slack payload used when the full one would not fit in the SNS message. */
function slackFallback(subject: string): string {
  return JSON.stringify({ text: subject });
}

/**
 * The minimal Chatbot notification used when the full one would not fit in the SNS message. `content.description`
 * is required: Chatbot drops a custom notification without it.
 */
function chatbotFallback(id: string, subject: string): string {
  return JSON.stringify({ version: '1.0', source: 'custom', id, content: { description: subject } });
}

/**
 * Builds the SNS Publish input for one diagnosis. The whole message stays within 256 KiB: the email text is cut
 * first, then an oversized Slack or Chatbot payload is replaced by its headline alone.
 */
export function buildSnsPublish(topicArn: string, diagnosis: Diagnosis, rendered: RenderedDiagnosis): PublishCommandInput {
  const id = diagnosis.event.id;
  const subject = snsSubject(rendered.email.subject, fallbackSubject(diagnosis));
  // The structured message escapes each body as a JSON string; keep room for the escaping and the envelope.
  const reserve = 4 * 1024;
  const fit = (s: string, max: number, fallback: string): string => (byteLength(JSON.stringify(s)) <= max ? s : fallback);
  const slack = fit(rendered.slack, 96 * 1024, slackFallback(subject));
  const chatbot = fit(rendered.chatbot, 32 * 1024, chatbotFallback(id, subject));
  const left = SNS_MAX_MESSAGE_BYTES - reserve - byteLength(JSON.stringify(slack)) - byteLength(JSON.stringify(chatbot));
  // The body appears twice (default and email); JSON escaping can double a character's size.
  const email = truncateBytes(rendered.email.body, Math.floor(left / 4));
  const message = JSON.stringify({ default: email, email, sqs: slack, https: chatbot });
  return {
    TopicArn: topicArn,
    Subject: subject,
    MessageStructure: 'json',
    Message: message,
    MessageAttributes: {
      [MESSAGE_TYPE_ATTRIBUTE]: { DataType: 'String', StringValue: DIAGNOSIS_MESSAGE_TYPE },
      [DIAGNOSIS_ID_ATTRIBUTE]: { DataType: 'String', StringValue: id },
    },
  };
}
