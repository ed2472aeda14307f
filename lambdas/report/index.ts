/**
 * Renders a Diagnosis for people and machines, in English and Japanese: text (terminal), JSON, Slack Block Kit,
 * AWS Chatbot custom notification and email. Every renderer takes the message table it resolves texts from; the
 * pipeline's report module merges the table of the whole product and renders with it.
 */
export type { MessageTable } from './translate.ts';
export type { EmailMessage } from './render-email.ts';
export { COMMON_MESSAGES } from './messages.ts';
export { mergeMessages, messageConflicts, translateWith } from './translate.ts';
export { renderChatbotWith } from './render-chatbot.ts';
export { emailMessageWith } from './render-email.ts';
export { renderJsonWith } from './render-json.ts';
export { renderSlackWith } from './render-slack.ts';
export { renderTextWith } from './render-text.ts';

/** The output formats. */
export type Format = 'text' | 'json' | 'slack' | 'chatbot' | 'email';
export { chatMessages, renderChatSlackWith, renderChatTextWith } from './chat.ts';
export { consoleLinks, linkMessages } from './links.ts';
