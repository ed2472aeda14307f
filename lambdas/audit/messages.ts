/**
 * The audit's own check ids and texts (en, ja): the findings only the audit makes (bound roles, upgrade
 * forecasts, completion-window forecasts) and the words of its reports.
 */
import type { Messages } from '../model/types.ts';

/** The audit-only finding ids. */
export const AUDIT_META = {
  agentNow: { id: 'audit-agent-role', category: 'iam-permission' },
  agentUpgrade: { id: 'audit-agent-upgrade', category: 'iam-permission' },
  window: { id: 'audit-completion-window', category: 'completion-window' },
} as const;

/** The audit's texts. */
export const AUDIT_MESSAGES: Messages = {
  en: {
    'audit-agent-role.now': 'Role {role} lacks {count} action(s) that {agent} needs ({inferred}): {actions}',
    'audit-agent-role.nowDetail': 'Needed since {since}: {purpose} ({inferred}). The agent fails when it calls them, typically at failover.',
    'audit-agent-role.fix': 'Add an inline policy to {role} that allows exactly the missing actions (below).',
    'audit-agent-upgrade.title': 'Upgrading {role} from {current} to {version} needs {count} more action(s) ({inferred}): {actions}',
    'audit-agent-upgrade.fix': 'Before upgrading to {version}, add these actions to {role} (policy below).',
    'audit-completion-window.title': '{over} of the last {total} jobs of rule {rule} would not have fit its {window}-minute completion window (longest: {longest} minutes)',
    'audit-completion-window.pass': 'The recent jobs of rule {rule} fit its completion window',
    'audit-completion-window.fix': 'Lengthen the completion window of rule {rule} to at least {minutes} minutes.',
    'audit.title': 'backup-doctor audit of account {account} in {region}',
    'audit.summary': '{count} finding(s)',
    'audit.none': 'No finding: every plan rule, copy action, selection, key and bound role checked is fine.',
    'audit.scope': 'About',
    'audit.gaps': 'Could not check',
    'audit.counted': 'Checked: {rules} plan rule(s), {copyActions} copy action(s), {selections} selection(s), {keys} role-vault key use(s), {windows} completion window(s), {boundRoles} bound role(s)',
    'audit.new': 'New findings',
    'audit.resolved': 'Resolved since the last audit',
    'audit.changes': 'backup-doctor audit of account {account}: {new} new, {resolved} resolved',
    'audit.notice.new': '{count} new finding(s) in the audit of account {account} ({region})',
    'audit.notice.resolved': '{count} finding(s) resolved in the audit of account {account} ({region})',
    'audit.notice.cause.schedule': 'Found by the scheduled audit that started at {at}.',
    'audit.notice.cause.change': 'Found by the audit that ran after {call} at {at}.',
    'audit.notice.carried': '{count} earlier finding(s) could not be checked again and stay open until an audit can read them.',
    'audit.notice.moreGaps': '… and {count} more',
    'audit.notice.moreFindings': '… and {count} more finding(s): run backup-doctor audit for the full list',
    'audit.notice.subject.new': 'audit, {count} new finding(s)',
    'audit.notice.subject.resolved': 'audit, {count} finding(s) resolved',
  },
  ja: {
    'audit-agent-role.now': 'ロール {role} には {agent} に必要なアクションが {count} 個不足しています ({inferred}): {actions}',
    'audit-agent-role.nowDetail': '{since} から必要: {purpose} ({inferred})。エージェントがこれらを呼び出すとき (多くはフェイルオーバー時) に失敗します。',
    'audit-agent-role.fix': '不足しているアクションだけを許可するインラインポリシー (下記) を {role} に追加してください。',
    'audit-agent-upgrade.title': '{role} を {current} から {version} に更新するには、さらに {count} 個のアクションが必要です ({inferred}): {actions}',
    'audit-agent-upgrade.fix': '{version} に更新する前に、これらのアクションを {role} に追加してください (下記のポリシー)。',
    'audit-completion-window.title': 'ルール {rule} の直近 {total} 件のジョブのうち {over} 件は、{window} 分の完了ウィンドウに収まりませんでした (最長 {longest} 分)',
    'audit-completion-window.pass': 'ルール {rule} の直近のジョブは完了ウィンドウに収まっています',
    'audit-completion-window.fix': 'ルール {rule} の完了ウィンドウを {minutes} 分以上に延ばしてください。',
    'audit.title': 'backup-doctor 監査: アカウント {account} ({region})',
    'audit.summary': '検出 {count} 件',
    'audit.none': '検出はありません。確認したプランのルール、コピーアクション、選択、キー、紐付けたロールはすべて問題ありません。',
    'audit.scope': '対象',
    'audit.gaps': '確認できなかったもの',
    'audit.counted': '確認した対象: プランのルール {rules} 件、コピーアクション {copyActions} 件、リソースの選択 {selections} 件、ロールとボールトのキーの組 {keys} 件、完了ウィンドウ {windows} 件、紐付けたロール {boundRoles} 件',
    'audit.new': '新しい検出',
    'audit.resolved': '前回の監査から解消したもの',
    'audit.changes': 'backup-doctor 監査 (アカウント {account}): 新規 {new} 件、解消 {resolved} 件',
    'audit.notice.new': 'アカウント {account} ({region}) の監査で新しい検出が {count} 件あります',
    'audit.notice.resolved': 'アカウント {account} ({region}) の監査で {count} 件の検出が解消しました',
    'audit.notice.cause.schedule': '{at} に開始した定期監査で見つかりました。',
    'audit.notice.cause.change': '{at} の {call} の後に実行した監査で見つかりました。',
    'audit.notice.carried': '以前の検出のうち {count} 件は再確認できませんでした。読み取れるようになるまで未解決のまま扱います。',
    'audit.notice.moreGaps': '… ほか {count} 件',
    'audit.notice.moreFindings': '… ほか {count} 件の検出があります。すべては backup-doctor audit で確認してください',
    'audit.notice.subject.new': '監査、新しい検出 {count} 件',
    'audit.notice.subject.resolved': '監査、解消 {count} 件',
  },
};
