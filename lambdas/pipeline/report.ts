/**
 * The product's reports: one message table merged from every source (the common texts, each check's, the
 * catalog's, the pipeline's and the retry advice's), and the renderers bound to it.
 */
import { AGENT_PROFILE_MESSAGES } from '../checks/support/iam-agent-labels.ts';
import { AUDIT_MESSAGES } from '../audit/messages.ts';
import { catalogMessages } from '../catalog/index.ts';
import { CHECKS } from '../checks/registry.ts';
import { pipelineMessages } from './index.ts';
import { organizationMessages } from '../organization/diagnosis.ts';
import { scheduleMessages } from '../schedule/advice.ts';
import { TRUST_MESSAGES } from '../checks/support/trust.ts';
import { fixMessages } from '../fixes/prove.ts';
import type { Diagnosis, Lang, Messages, Text } from '../model/types.ts';
import {
  COMMON_MESSAGES,
  type EmailMessage,
  emailMessageWith,
  type Format,
  type MessageTable,
  mergeMessages,
  chatMessages,
  linkMessages,
  renderChatbotWith,
  renderChatSlackWith,
  renderChatTextWith,
  renderJsonWith,
  renderSlackWith,
  renderTextWith,
  translateWith,
} from '../report/index.ts';

export type { EmailMessage, Format, MessageTable } from '../report/index.ts';

/** Options of every renderer. `table` replaces the merged table (tests use their own). */
export interface RenderOptions {
  readonly lang: Lang;
  readonly color?: boolean;
  readonly table?: MessageTable;
}

/** A named source of messages, for the meta-test that looks for gaps and conflicts. */
export interface MessageSource {
  readonly origin: string;
  readonly messages: Messages;
}

/** Every message source: the common texts, each check's, and the catalog's hints. */
export function messageSources(): MessageSource[] {
  return [
    { origin: 'report', messages: COMMON_MESSAGES },
    ...CHECKS.map((check) => ({ origin: `check ${check.id}`, messages: check.messages })),
    { origin: 'catalog', messages: catalogMessages() },
    { origin: 'pipeline', messages: pipelineMessages },
    { origin: 'organization', messages: organizationMessages },
    { origin: 'schedule', messages: scheduleMessages },
    { origin: 'agent profiles', messages: AGENT_PROFILE_MESSAGES },
    { origin: 'audit', messages: AUDIT_MESSAGES },
    { origin: 'fixes', messages: fixMessages },
    { origin: 'trust', messages: TRUST_MESSAGES },
    { origin: 'chat', messages: chatMessages },
    { origin: 'links', messages: linkMessages },
  ];
}

let cached: MessageTable | undefined;

/** The merged message table (built once). */
export function messageTable(): MessageTable {
  cached ??= mergeMessages(...messageSources().map((s) => s.messages));
  return cached;
}

/**
 * Resolves a Text: `{param}` placeholders filled, ja falling back to en, and a key that no language has shown as
 * the key with its params.
 */
export function translate(text: Text, lang: Lang, table: MessageTable = messageTable()): string {
  return translateWith(text, lang, table);
}

/** The terminal form; ANSI colour only when `color` is true. */
export function renderText(diagnosis: Diagnosis, opts: RenderOptions): string {
  return renderTextWith(diagnosis, { lang: opts.lang, color: opts.color ?? false }, opts.table ?? messageTable());
}

/** The machine form: the Diagnosis with every text resolved next to its key, and the raw event. */
export function renderJson(diagnosis: Diagnosis, opts: RenderOptions): string {
  return renderJsonWith(diagnosis, opts.lang, opts.table ?? messageTable());
}

/** The JSON string of a Slack incoming-webhook payload (Block Kit). */
export function renderSlack(diagnosis: Diagnosis, opts: RenderOptions): string {
  return renderSlackWith(diagnosis, opts.lang, opts.table ?? messageTable());
}

/** The short chat form as a Slack incoming-webhook payload (headline, cause, fix command, console links, details). */
export function renderChatSlack(diagnosis: Diagnosis, opts: RenderOptions): string {
  return renderChatSlackWith(diagnosis, opts.lang, opts.table ?? messageTable());
}

/** The short chat form as plain text. */
export function renderChatText(diagnosis: Diagnosis, opts: RenderOptions): string {
  return renderChatTextWith(diagnosis, opts.lang, opts.table ?? messageTable());
}

/** The JSON string of an AWS Chatbot custom notification. */
export function renderChatbot(diagnosis: Diagnosis, opts: RenderOptions): string {
  return renderChatbotWith(diagnosis, opts.lang, opts.table ?? messageTable());
}

/** The email: a subject SNS accepts (report/subject.ts) and the text form without colour as the body. */
export function emailMessage(diagnosis: Diagnosis, lang: Lang, table: MessageTable = messageTable()): EmailMessage {
  return emailMessageWith(diagnosis, lang, table);
}

/** The email, with the common renderer options. */
export function renderEmail(diagnosis: Diagnosis, opts: RenderOptions): EmailMessage {
  return emailMessage(diagnosis, opts.lang, opts.table ?? messageTable());
}

/** Renders a diagnosis in one format; for 'email' this is the body (see emailMessage for the subject). */
export function render(diagnosis: Diagnosis, opts: RenderOptions & { readonly format: Format }): string {
  switch (opts.format) {
    case 'text':
      return renderText(diagnosis, opts);
    case 'json':
      return renderJson(diagnosis, opts);
    case 'slack':
      return renderSlack(diagnosis, opts);
    case 'chatbot':
      return renderChatbot(diagnosis, opts);
    case 'email':
      return renderEmail(diagnosis, opts).body;
  }
}
