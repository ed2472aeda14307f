/**
 * kms-key-state: the keys the job uses (the resource's key, the vault's key and a copy's destination vault key)
 * are enabled. Disabled, pending deletion, pending import, unavailable or missing keys make the job fail.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
 */
import type { Check, CheckContext, Finding, KeyState } from '../../model/types.ts';
import { fail, facts, inconclusive, msg, notApplicable, pass } from '../support/finding.ts';
import { factMessages } from '../../model/fact-labels.ts';
import { type KeyInPlay, keyNotDescribed, keysInPlay } from '../support/kms-keys.ts';

const DOCS = 'https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html';
const FACTS = factMessages(['key', 'keyRole', 'keyState', 'keyManager', 'deletionDate', 'daysUntilDeletion', 'keysChecked']);
const META = { id: 'kms-key-state', category: 'kms-key-state' } as const;

const FAILING: Partial<Record<KeyState, string>> = {
  Disabled: 'disabled',
  PendingDeletion: 'pendingDeletion',
  PendingReplicaDeletion: 'pendingDeletion',
  PendingImport: 'pendingImport',
  Unavailable: 'unavailable',
  Missing: 'missing',
};

function fixCommand(state: KeyState, arn: string): string | undefined {
  switch (state) {
    case 'Disabled':
      return `aws kms enable-key --key-id ${arn}`;
    case 'PendingDeletion':
    case 'PendingReplicaDeletion':
      return `aws kms cancel-key-deletion --key-id ${arn}\naws kms enable-key --key-id ${arn}`;
    case 'PendingImport':
      return [
        `aws kms get-parameters-for-import --key-id ${arn} --wrapping-algorithm RSAES_OAEP_SHA_256 --wrapping-key-spec RSA_2048`,
        `aws kms import-key-material --key-id ${arn} --encrypted-key-material fileb://EncryptedKeyMaterial.bin --import-token fileb://ImportToken.bin --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE`,
      ].join('\n');
    case 'Unavailable':
      return 'aws kms connect-custom-key-store --custom-key-store-id <custom-key-store-id>';
    default:
      return undefined;
  }
}

/** Whole days from `now` until `date` (0 once it has passed), rounded up: a key deleted in 30 hours has 2 days left. */
export function daysLeft(date: string, now: Date): number {
  return Math.max(0, Math.ceil((Date.parse(date) - now.getTime()) / 86_400_000));
}

/** kms-key-state. */
export const kmsKeyState: Check = {
  ...META,
  appliesTo: ['backup-job', 'copy-job', 'restore-job'],
  docs: DOCS,
  messages: {
    en: {
      ...FACTS.en,
      'kms-key-state.disabled': 'KMS key {key} ({use} key) is disabled',
      'kms-key-state.pendingDeletion': 'KMS key {key} ({use} key) is pending deletion: deleted on {date}, {days} day(s) from now',
      'kms-key-state.pendingDeletionUndated': 'KMS key {key} ({use} key) is pending deletion',
      'kms-key-state.pendingImport': 'KMS key {key} ({use} key) has no key material (pending import)',
      'kms-key-state.unavailable': 'KMS key {key} ({use} key) is unavailable: its custom key store is disconnected',
      'kms-key-state.missing': 'KMS key {key} ({use} key) does not exist',
      'kms-key-state.detail':
        'A KMS key can be used for cryptographic operations only while it is Enabled; AWS Backup and the service that holds the resource cannot encrypt or decrypt with key {key}, which is {state}.',
      'kms-key-state.fix.disabled': 'Enable the key, then run the job again.',
      'kms-key-state.fix.pendingDeletion':
        'Cancel the scheduled deletion before {date} (this leaves the key Disabled), enable it, then run the job again.',
      'kms-key-state.fix.pendingDeletionUndated':
        'Cancel the scheduled deletion (this leaves the key Disabled), enable it, then run the job again. A multi-Region primary key waits for its replicas to be deleted first: cancel the deletion of the replicas as well.',
      'kms-key-state.fix.pendingImport':
        'Import the key material again: download the wrapping key and import token, wrap your key material with it, and import it; then run the job again.',
      'kms-key-state.fix.unavailable': 'Connect the custom key store again, then run the job again.',
      'kms-key-state.fix.missing':
        'The key was deleted and cannot be recovered. Data encrypted only under it cannot be decrypted; use another key for new backups (for a vault, create a new vault with an existing key and point the backup plan at it).',
      'kms-key-state.pass': 'Every KMS key the job uses is enabled ({count})',
      'kms-key-state.none': 'The job uses no KMS key that could be identified',
      'kms-key-state.notRead': 'Could not read the state of every KMS key the job uses',
    },
    ja: {
      ...FACTS.ja,
      'kms-key-state.disabled': 'KMS キー {key} ({use}用のキー) が無効になっています',
      'kms-key-state.pendingDeletion': 'KMS キー {key} ({use}用のキー) は削除保留中です。{date} に削除されます (あと {days} 日)',
      'kms-key-state.pendingDeletionUndated': 'KMS キー {key} ({use}用のキー) は削除保留中です',
      'kms-key-state.pendingImport': 'KMS キー {key} ({use}用のキー) にキーマテリアルがありません (インポート保留中)',
      'kms-key-state.unavailable': 'KMS キー {key} ({use}用のキー) は使用できません。カスタムキーストアが切断されています',
      'kms-key-state.missing': 'KMS キー {key} ({use}用のキー) が存在しません',
      'kms-key-state.detail':
        'KMS キーは有効 (Enabled) な間だけ暗号化操作に使用できます。キー {key} は {state} の状態のため、AWS Backup もリソースのサービスもこのキーで暗号化や復号ができません。',
      'kms-key-state.fix.disabled': 'キーを有効にしてから、ジョブを再実行してください。',
      'kms-key-state.fix.pendingDeletion':
        '{date} より前に削除のスケジュールをキャンセルし (キャンセル後のキーは無効の状態です)、キーを有効にしてから、ジョブを再実行してください。',
      'kms-key-state.fix.pendingDeletionUndated':
        '削除のスケジュールをキャンセルし (キャンセル後のキーは無効の状態です)、キーを有効にしてから、ジョブを再実行してください。マルチリージョンのプライマリキーはレプリカの削除を待っているため、レプリカの削除もキャンセルしてください。',
      'kms-key-state.fix.pendingImport':
        'キーマテリアルを再度インポートしてください。ラッピングキーとインポートトークンを取得し、キーマテリアルをラップしてインポートしたうえで、ジョブを再実行します。',
      'kms-key-state.fix.unavailable': 'カスタムキーストアを再接続してから、ジョブを再実行してください。',
      'kms-key-state.fix.missing':
        'キーは削除されており、復旧できません。このキーだけで暗号化されたデータは復号できません。新しいバックアップには別のキーを使用してください (ボールトの場合は、既存のキーで新しいボールトを作成し、バックアッププランの保存先をそのボールトに変更します)。',
      'kms-key-state.pass': 'ジョブが使用する KMS キーはすべて有効です ({count} 個)',
      'kms-key-state.none': 'ジョブが使用する KMS キーを特定できませんでした',
      'kms-key-state.notRead': 'ジョブが使用する KMS キーの状態をすべては読み取れませんでした',
    },
  },
  run(ctx: CheckContext): Finding {
    const { keys, missing } = keysInPlay(ctx);
    const gaps = [...missing];
    const checked: string[] = [];
    let failing: { k: KeyInPlay; state: KeyState } | undefined;
    for (const k of keys) {
      if (!k.key) {
        gaps.push(...keyNotDescribed(ctx, k));
        continue;
      }
      checked.push(`${k.key.arn} (${k.use}): ${k.key.state}${k.key.manager === 'AWS' ? ', AWS managed' : ''}`);
      if (!failing && FAILING[k.key.state]) failing = { k, state: k.key.state };
    }
    const listed = facts({ keysChecked: checked.length > 0 ? checked.join('; ') : undefined });
    if (failing) {
      const { k, state } = failing;
      const key = k.key!;
      // DescribeKey gives DeletionDate only in PendingDeletion (a primary key waiting for its replicas has none).
      const dated = FAILING[state] === 'pendingDeletion' && key.deletionDate !== undefined;
      const name = FAILING[state] === 'pendingDeletion' && !dated ? 'pendingDeletionUndated' : FAILING[state]!;
      const date = key.deletionDate ?? '';
      const days = dated ? daysLeft(date, ctx.now) : undefined;
      const command = fixCommand(state, key.arn);
      return fail(META, {
        title: msg(META, name, { key: key.arn, use: k.use, ...(dated ? { date, days: days! } : {}) }),
        detail: msg(META, 'detail', { key: key.arn, state }),
        facts: [
          ...facts({ key: key.arn, keyRole: k.use, keyState: state, keyManager: key.manager, deletionDate: key.deletionDate, daysUntilDeletion: days }),
          ...listed,
        ],
        fix: { summary: msg(META, `fix.${name}`, dated ? { date } : {}), ...(command ? { command } : {}), docs: DOCS },
        subject: key.arn,
        confidence: 0.9,
      });
    }
    if (gaps.length > 0) return inconclusive(META, { title: msg(META, 'notRead'), facts: listed, missing: gaps });
    if (keys.length === 0) return notApplicable(META, { title: msg(META, 'none') });
    return pass(META, { title: msg(META, 'pass', { count: keys.length }), facts: listed });
  },
};
