/**
 * The group notices, in every form a diagnosis is published in: the summary ("+N more jobs, same cause") and the
 * resolved notice. Email subjects say the kind of message, the account and the region; AWS Chatbot threads them
 * under the group's fingerprint, with the group's first diagnosis.
 */
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import type { Lang, Text } from '../model/types.ts';
import { DIAGNOSIS_ID_ATTRIBUTE, DIAGNOSIS_MESSAGE_TYPE, MESSAGE_TYPE_ATTRIBUTE, truncateBytes } from '../publish/sns-message.ts';
import { subjectLine } from '../report/subject.ts';
import { escapeSlack, truncateMrkdwn, truncatePlain } from '../report/mrkdwn.ts';
import { threadIdOf } from '../report/render-chatbot.ts';
import { type MessageTable, translateWith } from '../report/translate.ts';
import { type GroupRecord, SUMMARY_RESOURCES_SHOWN, laterCount } from './model.ts';

/** The kinds of message a group sends. */
export type MessageKind = 'new' | 'summary' | 'resolved';

/** The message attribute that says which kind of message it is. */
export const MESSAGE_KIND_ATTRIBUTE = 'backup-doctor-kind';

/** One notice, rendered: a title, lines of body, and the resources listed. */
interface Notice {
  readonly kind: Exclude<MessageKind, 'new'>;
  readonly title: string;
  readonly lines: readonly string[];
  readonly resources: readonly string[];
  readonly more: string | undefined;
}

const minute = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** Only characters an ARN or an AWS name may hold, for the subject. */
const asciiName = (s: string): string => s.replace(/[^\w.:/+=,@-]/g, '');

/** The subject: "[backup-doctor] <Kind>, <account> <region>: <rest>" (report/subject.ts builds every subject). */
export function groupSubject(kind: MessageKind, account: string, region: string, rest: string, table: MessageTable, lang: Lang = 'en'): string {
  return subjectLine({ kind: translateWith({ key: `group.kind.${kind}` }, lang, table), account, region, text: rest });
}

/** What the failures counted on their job record alone relied on: the object read for an earlier diagnosis. */
function reuseLines(g: GroupRecord, t: (text: Text) => string): string[] {
  if (!g.reused || g.reused.count === 0) return [];
  const e = g.reused.evidence;
  const kind = t({ key: `group.object.${e.kind}` });
  return [
    t({ key: 'group.summary.reused', params: { count: g.reused.count, kind, object: e.object, at: minute(e.readAt), job: e.job } }),
    e.version
      ? t({ key: 'group.summary.reusedVersion', params: { version: e.version, digest: e.digest } })
      : t({ key: 'group.summary.reusedDigest', params: { digest: e.digest } }),
  ];
}

function summaryNotice(g: GroupRecord, lang: Lang, table: MessageTable): Notice {
  const t = (text: Text): string => translateWith(text, lang, table);
  const count = laterCount(g);
  const shown = g.laterResources.slice(0, SUMMARY_RESOURCES_SHOWN);
  const hidden = g.laterResources.length - shown.length;
  return {
    kind: 'summary',
    title: t({ key: 'group.summary.title', params: { count, headline: t(g.cause.headline) } }),
    lines: [
      t({ key: 'group.summary.lead', params: { first: minute(g.openedAt) } }),
      t({ key: 'group.summary.span', params: { from: minute(g.openedAt), to: minute(g.lastAt) } }),
      ...(g.cause.object ? [t({ key: 'group.summary.object', params: { object: g.cause.object } })] : []),
      ...reuseLines(g, t),
    ],
    resources: shown,
    more: hidden > 0 ? t({ key: 'group.summary.moreResources', params: { count: hidden } }) : undefined,
  };
}

function resolvedNotice(g: GroupRecord, lang: Lang, table: MessageTable): Notice {
  const t = (text: Text): string => translateWith(text, lang, table);
  const by = g.resolvedBy ?? { resource: '', job: '', at: g.lastAt };
  return {
    kind: 'resolved',
    title: t({ key: 'group.resolved.title', params: { headline: t(g.cause.headline) } }),
    lines: [
      t({ key: 'group.resolved.lead', params: { resource: by.resource, at: minute(by.at), job: by.job } }),
      t({ key: 'group.resolved.count', params: { opened: minute(g.openedAt), count: laterCount(g) + 1 } }),
      ...(g.cause.object ? [t({ key: 'group.summary.object', params: { object: g.cause.object } })] : []),
    ],
    resources: [],
    more: undefined,
  };
}

function emailBody(n: Notice, table: MessageTable, lang: Lang): string {
  const list = n.resources.length > 0 ? [``, translateWith({ key: 'group.summary.resources' }, lang, table), ...n.resources.map((r) => `  - ${r}`)] : [];
  return [n.title, '', ...n.lines, ...list, ...(n.more ? [`  ${n.more}`] : [])].join('\n').concat('\n');
}

function slackPayload(n: Notice, table: MessageTable, lang: Lang): string {
  const emoji = n.kind === 'resolved' ? ':white_check_mark:' : ':repeat:';
  const title = truncateMrkdwn(`${emoji} *${escapeSlack(n.title)}*`, 3000);
  const body = truncateMrkdwn(n.lines.map(escapeSlack).join('\n'), 3000);
  const resources =
    n.resources.length > 0
      ? truncateMrkdwn(
          [`*${escapeSlack(translateWith({ key: 'group.summary.resources' }, lang, table))}*`, ...n.resources.map((r) => `• \`${escapeSlack(r)}\``), ...(n.more ? [escapeSlack(n.more)] : [])].join('\n'),
          3000,
        )
      : undefined;
  const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
  return JSON.stringify({
    text: truncatePlain(n.title, 300),
    blocks: [section(title), section(body), ...(resources ? [section(resources)] : [])],
  });
}

function chatbotPayload(n: Notice, g: GroupRecord, id: string, table: MessageTable, lang: Lang): string {
  const resources =
    n.resources.length > 0
      ? `\n\n*${escapeSlack(translateWith({ key: 'group.summary.resources' }, lang, table))}*\n${n.resources.map((r) => `• ${escapeSlack(r)}`).join('\n')}${n.more ? `\n${escapeSlack(n.more)}` : ''}`
      : '';
  return JSON.stringify({
    version: '1.0',
    source: 'custom',
    id: truncatePlain(id, 200),
    content: {
      textType: 'client-markdown',
      title: truncateMrkdwn(`${n.kind === 'resolved' ? ':white_check_mark:' : ':repeat:'} ${escapeSlack(n.title)}`, 150),
      description: truncateMrkdwn(`${n.lines.map(escapeSlack).join('\n')}${resources}`, 3000),
      keywords: [g.cause.category, n.kind],
    },
    metadata: { threadId: threadIdOf(g.fingerprint), summary: truncateMrkdwn(escapeSlack(n.title), 150) },
  });
}

/** The rendered forms of a group notice. */
export interface RenderedNotice {
  readonly kind: Exclude<MessageKind, 'new'>;
  readonly subject: string;
  readonly email: string;
  readonly slack: string;
  readonly chatbot: string;
}

/** Renders a group's summary or resolved notice. */
export function renderNotice(kind: 'summary' | 'resolved', g: GroupRecord, id: string, lang: Lang, table: MessageTable): RenderedNotice {
  const n = kind === 'summary' ? summaryNotice(g, lang, table) : resolvedNotice(g, lang, table);
  const category = translateWith({ key: `category.${g.cause.category}` }, 'en', table);
  const object = asciiName(g.cause.object.slice(g.cause.object.lastIndexOf('/') + 1));
  const rest =
    kind === 'summary'
      ? `+${laterCount(g)} more jobs, same cause: ${category}${object ? ` (${object})` : ''}`
      : `${category}${object ? ` (${object})` : ''}`;
  return {
    kind,
    subject: groupSubject(kind, g.cause.account, g.cause.region, rest, table),
    email: emailBody(n, table, lang),
    slack: slackPayload(n, table, lang),
    chatbot: chatbotPayload(n, g, id, table, lang),
  };
}

/** The SNS publish of a group notice: the same protocols and attributes as a diagnosis, so Slack gets it too. */
export function buildNoticePublish(topicArn: string, id: string, r: RenderedNotice): PublishCommandInput {
  const email = truncateBytes(r.email, 100 * 1024);
  return {
    TopicArn: topicArn,
    Subject: r.subject,
    MessageStructure: 'json',
    Message: JSON.stringify({ default: email, email, sqs: r.slack, https: r.chatbot }),
    MessageAttributes: {
      [MESSAGE_TYPE_ATTRIBUTE]: { DataType: 'String', StringValue: DIAGNOSIS_MESSAGE_TYPE },
      [MESSAGE_KIND_ATTRIBUTE]: { DataType: 'String', StringValue: r.kind },
      [DIAGNOSIS_ID_ATTRIBUTE]: { DataType: 'String', StringValue: id },
    },
  };
}
