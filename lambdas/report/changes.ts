/**
 * "Who changed it" and the encoded authorization message, in one language: the changes of each object at fault
 * (who, when, from where, what: a policy's added and removed statements) and what STS decoded, or the command
 * that decodes it. Every output format lays out this one view.
 */
import type { AuthorizationReport, ChangeSummary, Diagnosis, Lang, Messages, ObjectChanges } from '../model/types.ts';
import { type MessageTable, translateWith } from './translate.ts';

/** One change in one language. */
export interface ResolvedChange {
  /** "2026-11-19 09:12:44 UTC UpdateAssumeRolePolicy by arn:aws:iam::…:user/alice". */
  readonly head: string;
  /** Through whom and from where, one line each. */
  readonly context: readonly string[];
  /** The statements added ("+ …") and removed ("- …"), or the request's parameters. */
  readonly what: readonly string[];
  /** Said before `what` when the document before the change is unknown. */
  readonly note?: string;
}

/** The changes of one object in one language. */
export interface ResolvedObjectChanges {
  readonly subject: string;
  readonly outcome: ObjectChanges['outcome'];
  /** The object and the outcome in one sentence. */
  readonly summary: string;
  readonly changes: readonly ResolvedChange[];
  /** "… and N earlier changes", "the look-up stopped early". */
  readonly notes: readonly string[];
}

/** The encoded authorization message in one language. */
export interface ResolvedAuthorization {
  /** What STS decoded, or why it was not decoded. */
  readonly text: string;
  readonly command: string;
  readonly decoded: boolean;
}

const utc = (value: string): string => {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
};

function resolveChange(c: ChangeSummary, t: (key: string, params?: Record<string, string | number>) => string): ResolvedChange {
  const context: string[] = [];
  if (c.issuer) context.push(t('changes.issuer', { issuer: c.issuer }));
  if (c.invokedBy) context.push(t('changes.invokedBy', { service: c.invokedBy }));
  if (c.sourceIp || c.userAgent) context.push(t('changes.from', { ip: c.sourceIp ?? '?', agent: c.userAgent ?? '?' }));
  const what: string[] = [];
  let note: string | undefined;
  if (c.diff) {
    if (c.diff.policyName) context.push(t('changes.policy', { name: c.diff.policyName }));
    if (!c.diff.beforeKnown) note = t('changes.beforeUnknown');
    for (const line of c.diff.added) what.push(`${c.diff.beforeKnown ? '+' : '='} ${line}`);
    for (const line of c.diff.removed) what.push(`- ${line}`);
    if (c.diff.beforeKnown && c.diff.added.length === 0 && c.diff.removed.length === 0) what.push(t('changes.sameStatements'));
    else if (c.diff.beforeKnown && c.diff.unchanged > 0) what.push(t('changes.unchangedStatements', { count: c.diff.unchanged }));
  } else if (c.parameters) {
    what.push(c.parameters);
  }
  return {
    head: t('changes.head', { time: utc(c.eventTime), event: c.eventName, who: c.who }),
    context,
    what,
    ...(note !== undefined ? { note } : {}),
  };
}

/** The changes of the diagnosis' objects at fault, in one language (undefined when none were looked up). */
export function resolveChanges(diagnosis: Diagnosis, lang: Lang, table: MessageTable): ResolvedObjectChanges[] | undefined {
  if (!diagnosis.changes) return undefined;
  const t = (key: string, params?: Record<string, string | number>): string => translateWith(params ? { key, params } : { key }, lang, table);
  return diagnosis.changes.map((o) => {
    const object = t('changes.object', { kind: t(`changes.kind.${o.kind}`), subject: o.subject });
    const count = o.latest.length + o.more;
    const summary =
      o.outcome === 'changed'
        ? t('changes.changed', { object, count })
        : o.outcome === 'unchanged'
          ? t('changes.unchanged', { object, since: o.since ? utc(o.since) : '?' })
          : o.outcome === 'not-allowed'
            ? t('changes.notAllowed', { object })
            : t('changes.notRead', { object, detail: o.detail ?? '?' });
    const notes: string[] = [];
    if (o.more > 0) notes.push(t('changes.more', { count: o.more }));
    if (o.incomplete) notes.push(t('changes.incomplete', { detail: o.detail ?? '?' }));
    return { subject: o.subject, outcome: o.outcome, summary, changes: o.latest.map((c) => resolveChange(c, t)), notes };
  });
}

/** The encoded authorization message in one language (undefined when the failure carries none). */
export function resolveAuthorization(a: AuthorizationReport | undefined, lang: Lang, table: MessageTable): ResolvedAuthorization | undefined {
  if (!a) return undefined;
  const t = (key: string, params?: Record<string, string | number>): string => translateWith(params ? { key, params } : { key }, lang, table);
  const d = a.decoded;
  if (d) {
    const params = { action: d.action ?? '?', resource: d.resource ?? '?', principal: d.principalArn ?? '?', count: d.matchedStatements ?? 0 };
    const key = d.allowed ? 'authorization.allowed' : d.explicitDeny ? 'authorization.explicitDeny' : 'authorization.implicitDeny';
    return { text: t(key, params), command: a.command, decoded: true };
  }
  const why = a.notDecodedBecause ?? 'not-enabled';
  const text =
    why === 'not-enabled'
      ? t('authorization.notEnabled')
      : why === 'truncated'
        ? t('authorization.truncated')
        : t('authorization.gap', { reason: t(`gap.${why}`) });
  return { text, command: a.command, decoded: false };
}

/** The texts of "who changed it" and of the encoded authorization message. */
export const changeMessages: Messages = {
  en: {
    'section.changes': 'Who changed it (CloudTrail, last 90 days)',
    'section.authorization': 'Encoded authorization message',
    'changes.kind.role': 'role',
    'changes.kind.key': 'KMS key',
    'changes.kind.vault': 'backup vault',
    'changes.kind.plan': 'backup plan',
    'changes.object': '{kind} {subject}',
    'changes.changed': 'The {object} was changed {count} time(s) in the last 90 days; the latest first:',
    'changes.unchanged': 'No change to the {object} in the last 90 days (CloudTrail event history since {since}).',
    'changes.notAllowed':
      'Who changed the {object} is not known: the look-up was not allowed (backup-doctor needs cloudtrail:LookupEvents).',
    'changes.notRead': 'Who changed the {object} is not known: the look-up failed ({detail}).',
    'changes.head': '{time}  {event} by {who}',
    'changes.issuer': 'a session of role {issuer}',
    'changes.invokedBy': 'through {service}',
    'changes.from': 'from {ip} with {agent}',
    'changes.policy': 'policy {name}',
    'changes.beforeUnknown': 'The document before this change is not known (no earlier change of it in the window); it now reads:',
    'changes.sameStatements': 'The statements are the same as before (only formatting or the version changed).',
    'changes.unchangedStatements': '{count} other statement(s) unchanged',
    'changes.more': '… and {count} earlier change(s).',
    'changes.incomplete': 'The look-up stopped early ({detail}): earlier changes may exist.',
    'authorization.explicitDeny':
      'STS decoded it: an explicit deny refused {action} on {resource} to {principal} ({count} matching statement(s)).',
    'authorization.implicitDeny': 'STS decoded it: no statement allowed {action} on {resource} to {principal} (an implicit deny).',
    'authorization.allowed': 'STS decoded it: the request was allowed ({action} on {resource}).',
    'authorization.notEnabled':
      'Not decoded: this deployment does not allow sts:DecodeAuthorizationMessage (deploy with -c decodeAuthorizationMessages=true). Decode it with:',
    'authorization.truncated': 'AWS cut the message short here: decode the whole message of the CloudTrail record with:',
    'authorization.gap': 'Not decoded ({reason} on sts:DecodeAuthorizationMessage). Decode it with:',
  },
  ja: {
    'section.changes': '変更した人 (CloudTrail、過去 90 日)',
    'section.authorization': 'エンコードされた認可メッセージ',
    'changes.kind.role': 'ロール',
    'changes.kind.key': 'KMS キー',
    'changes.kind.vault': 'バックアップボールト',
    'changes.kind.plan': 'バックアッププラン',
    'changes.object': '{kind} {subject}',
    'changes.changed': '{object} は過去 90 日間に {count} 回変更されました。新しい順に示します:',
    'changes.unchanged': '{object} は過去 90 日間に変更されていません (CloudTrail のイベント履歴、{since} 以降)。',
    'changes.notAllowed':
      '{object} を変更した人はわかりません。検索が許可されていません (backup-doctor には cloudtrail:LookupEvents が必要です)。',
    'changes.notRead': '{object} を変更した人はわかりません。検索に失敗しました ({detail})。',
    'changes.head': '{time}  {event} (実行者: {who})',
    'changes.issuer': 'ロール {issuer} のセッション',
    'changes.invokedBy': '{service} 経由',
    'changes.from': '送信元 {ip}、{agent}',
    'changes.policy': 'ポリシー {name}',
    'changes.beforeUnknown': '変更前のドキュメントはわかりません (期間内にそれ以前の変更がありません)。現在の内容:',
    'changes.sameStatements': 'ステートメントは変更前と同じです (書式またはバージョンのみの変更)。',
    'changes.unchangedStatements': 'ほかの {count} 件のステートメントは変更されていません',
    'changes.more': '… ほかに、それ以前の変更が {count} 件あります。',
    'changes.incomplete': '検索が途中で終わりました ({detail})。それ以前の変更があるかもしれません。',
    'authorization.explicitDeny':
      'STS でデコードしました: 明示的な拒否により、{principal} の {resource} に対する {action} が拒否されました (一致したステートメント {count} 件)。',
    'authorization.implicitDeny':
      'STS でデコードしました: {principal} の {resource} に対する {action} を許可するステートメントがありません (暗黙的な拒否)。',
    'authorization.allowed': 'STS でデコードしました: リクエストは許可されています ({resource} に対する {action})。',
    'authorization.notEnabled':
      'デコードしていません: このデプロイでは sts:DecodeAuthorizationMessage を許可していません (-c decodeAuthorizationMessages=true でデプロイしてください)。次のコマンドでデコードできます:',
    'authorization.truncated': 'ここでは AWS がメッセージを途中で切っています。CloudTrail レコードのメッセージ全体を次のコマンドでデコードしてください:',
    'authorization.gap': 'デコードできませんでした (sts:DecodeAuthorizationMessage で {reason})。次のコマンドでデコードできます:',
  },
};
