/**
 * ecs-kms-key: the KMS key of the task's EBS volume exists and is enabled. ECS validates the key id, ARN or alias
 * asynchronously, so an invalid one surfaces as "IdempotentParameterMismatch"; EBS Volume Notifications name a key
 * that is disabled, pending deletion or pending import.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshoot-ebs-volumes-scenarios.html
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/ebs-cloud-watch-events.html
 */
import type { Check, CheckContext, Finding, Fix, KeyFacts, KeyState } from '../../model/types.ts';
import { fail, facts, inconclusive, msg, notApplicable, pass } from '../support/finding.ts';
import { gapsFor, keyOf } from '../support/lookup.ts';
import { EBS_KMS_DOCS, STATUS_REASONS_DOCS, relaunchCommand, volumeConfigGap, volumeConfigOf } from '../support/ecs-context.ts';
import { factMessages } from '../../model/fact-labels.ts';

const META = { id: 'ecs-kms-key', category: 'kms-key-state' } as const;
const FACTS = factMessages(['keyReference', 'ebsEvent']);
const KMS_STATES_DOCS = 'https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html';

/** The key state an EBS notification's cause names ("... is pending deletion."). */
const CAUSE_STATES: readonly (readonly [RegExp, KeyState])[] = [
  [/\bis disabled\b/i, 'Disabled'],
  [/\bis pending deletion\b/i, 'PendingDeletion'],
  [/\bis pending import\b/i, 'PendingImport'],
  [/\bis pending replica deletion\b/i, 'PendingReplicaDeletion'],
  [/\bis unavailable\b/i, 'Unavailable'],
];

function stateFromCause(cause: string | undefined): KeyState | undefined {
  return cause ? CAUSE_STATES.find(([re]) => re.test(cause))?.[1] : undefined;
}

/** The exact way back to Enabled from a key state. */
function stateFix(state: KeyState, keyArn: string): { readonly name: string; readonly command: string } {
  switch (state) {
    case 'Disabled':
      return { name: 'fixDisabled', command: `aws kms enable-key --key-id ${keyArn}` };
    case 'PendingDeletion':
      // Cancelling the deletion leaves the key Disabled: it must be enabled again.
      return { name: 'fixPendingDeletion', command: `aws kms cancel-key-deletion --key-id ${keyArn}\naws kms enable-key --key-id ${keyArn}` };
    case 'PendingImport':
      return {
        name: 'fixPendingImport',
        command: [
          `aws kms get-parameters-for-import --key-id ${keyArn} --wrapping-algorithm RSAES_OAEP_SHA_256 --wrapping-key-spec RSA_4096`,
          `aws kms import-key-material --key-id ${keyArn} --encrypted-key-material fileb://EncryptedKeyMaterial.bin --import-token fileb://ImportToken.bin --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE`,
        ].join('\n'),
      };
    default:
      return { name: 'fixOther', command: `aws kms describe-key --key-id ${keyArn}` };
  }
}

const STATE_MESSAGES = {
  en: {
    'ecs-kms-key.fixDisabled': 'Enable the key, then launch the task again.',
    'ecs-kms-key.fixPendingDeletion':
      'Cancel the scheduled deletion and enable the key (cancelling leaves it disabled), then launch the task again.',
    'ecs-kms-key.fixPendingImport':
      'Import the key material again (download the wrapping key and import token, wrap the same key material, import it), then launch the task again.',
    'ecs-kms-key.fixOther': 'Wait until the key is usable (a custom key store must be connected), then launch the task again.',
  },
  ja: {
    'ecs-kms-key.fixDisabled': 'キーを有効にしてから、タスクを再度起動してください。',
    'ecs-kms-key.fixPendingDeletion':
      '予定されている削除をキャンセルし、キーを有効にしてください (キャンセル後のキーは無効の状態です)。その後、タスクを再度起動します。',
    'ecs-kms-key.fixPendingImport':
      'キーマテリアルを再度インポートしてください (ラッピングキーとインポートトークンを取得し、同じキーマテリアルをラップしてインポートします)。その後、タスクを再度起動します。',
    'ecs-kms-key.fixOther': 'キーが使用可能になるまで待ってから (カスタムキーストアは接続が必要です)、タスクを再度起動してください。',
  },
};

/** ecs-kms-key. */
export const ecsKmsKey: Check = {
  ...META,
  appliesTo: ['ecs-volume-attachment', 'ebs-volume-notification'],
  docs: STATUS_REASONS_DOCS,
  messages: {
    en: {
      ...FACTS.en,
      ...STATE_MESSAGES.en,
      'ecs-kms-key.missing': 'KMS key {key} in the volume configuration does not exist',
      'ecs-kms-key.missingDetail':
        'The volume configuration names the KMS key {key}, but KMS has no key, alias or ARN by that reference in this account and Region. ECS validates the key asynchronously, so the task first seems to start and then fails with IdempotentParameterMismatch.',
      'ecs-kms-key.fixMissing':
        'Point the volume configuration at an existing customer managed key (kmsKeyId: key ARN, key id or alias), or create the alias for the intended key; then launch the task again.',
      'ecs-kms-key.state': 'KMS key {key} of the volume is {state}',
      'ecs-kms-key.stateDetail':
        'The volume is encrypted with {key}, whose state is {state}. EBS cannot create or attach a volume with a key that is not Enabled.',
      'ecs-kms-key.ebsDetail':
        'EBS reported that {event} of volume {volume} failed: {cause}',
      'ecs-kms-key.pass': 'KMS key {key} of the volume exists and is enabled',
      'ecs-kms-key.recovered': 'KMS key {key} is enabled now; the failure reported it as {state}',
      'ecs-kms-key.noKey': 'The volume names no customer managed KMS key',
      'ecs-kms-key.noConfig': 'Could not check the KMS key: the volume configuration could not be read',
      'ecs-kms-key.notRead': 'Could not read KMS key {key}',
      'ecs-kms-key.ebsNoKey': 'The EBS event names no KMS key',
    },
    ja: {
      ...FACTS.ja,
      ...STATE_MESSAGES.ja,
      'ecs-kms-key.missing': 'ボリューム設定の KMS キー {key} が存在しません',
      'ecs-kms-key.missingDetail':
        'ボリューム設定は KMS キー {key} を指定していますが、このアカウントとリージョンにその参照に一致するキー・エイリアス・ARN はありません。ECS はキーを非同期で検証するため、タスクはいったん起動したように見えた後、IdempotentParameterMismatch で失敗します。',
      'ecs-kms-key.fixMissing':
        'ボリューム設定の kmsKeyId を既存のカスタマーマネージドキー (キー ARN、キー ID、またはエイリアス) に変更するか、意図したキーのエイリアスを作成してください。その後、タスクを再度起動します。',
      'ecs-kms-key.state': 'ボリュームの KMS キー {key} は {state} の状態です',
      'ecs-kms-key.stateDetail':
        'ボリュームは {key} で暗号化されますが、キーの状態は {state} です。EBS は Enabled 以外のキーでボリュームを作成・アタッチできません。',
      'ecs-kms-key.ebsDetail': 'EBS はボリューム {volume} の {event} が失敗したと報告しました: {cause}',
      'ecs-kms-key.pass': 'ボリュームの KMS キー {key} は存在し、有効です',
      'ecs-kms-key.recovered': 'KMS キー {key} は現在有効です。失敗時には {state} と報告されていました',
      'ecs-kms-key.noKey': 'ボリュームはカスタマーマネージド KMS キーを指定していません',
      'ecs-kms-key.noConfig': 'ボリューム設定を読み取れなかったため、KMS キーを確認できませんでした',
      'ecs-kms-key.notRead': 'KMS キー {key} を読み取れませんでした',
      'ecs-kms-key.ebsNoKey': 'EBS イベントは KMS キーを示していません',
    },
  },
  run(ctx: CheckContext): Finding {
    return ctx.event.kind === 'ebs-volume-notification' ? fromEbsEvent(ctx) : fromVolumeConfig(ctx);
  },
};

function stateFinding(key: KeyFacts | undefined, keyArn: string, state: KeyState, detail: Finding['detail'], extra: Record<string, string | undefined>): Finding {
  const how = stateFix(state, keyArn);
  const fix: Fix = { summary: msg(META, how.name), command: how.command, docs: KMS_STATES_DOCS };
  return fail(META, {
    title: msg(META, 'state', { key: keyArn, state }),
    ...(detail ? { detail } : {}),
    facts: facts({ keyArn, keyState: state, keyManager: key?.manager, deletionDate: key?.deletionDate, ...extra }),
    fix,
    confidence: 0.95,
    subject: keyArn,
  });
}

function fromEbsEvent(ctx: CheckContext): Finding {
  const ebs = ctx.event.ebs;
  const keyArn = ebs?.keyArn;
  if (!ebs || !keyArn) return notApplicable(META, { title: msg(META, 'ebsNoKey') });
  const key = keyOf(ctx.evidence, keyArn);
  const reported = stateFromCause(ebs.cause);
  const detail = msg(META, 'ebsDetail', { event: ebs.event, volume: ebs.volumeArn ?? '-', cause: ebs.cause ?? '-' });
  const ebsEvent = `${ebs.event} ${ebs.result}`;
  if (key && key.state === 'Enabled') {
    return pass(META, {
      title: msg(META, 'recovered', { key: keyArn, state: reported ?? '-' }),
      facts: facts({ keyArn, keyState: key.state, ebsEvent }),
    });
  }
  // The key's current state when it could be read, else the state the EBS event itself reported.
  const state = key?.state ?? reported;
  if (!state) {
    return inconclusive(META, {
      title: msg(META, 'notRead', { key: keyArn }),
      facts: facts({ keyArn, ebsEvent }),
      missing: gapsOr(ctx, keyArn),
    });
  }
  if (state === 'Missing') return missingFinding(ctx, keyArn, key);
  return stateFinding(key, keyArn, state, detail, { ebsEvent });
}

function fromVolumeConfig(ctx: CheckContext): Finding {
  const config = volumeConfigOf(ctx);
  if (!config) return inconclusive(META, { title: msg(META, 'noConfig'), missing: volumeConfigGap(ctx) });
  const ref = config.kmsKeyId;
  if (!ref) return notApplicable(META, { title: msg(META, 'noKey'), facts: facts({ volumeName: config.name }) });
  const key = keyOf(ctx.evidence, ref);
  if (!key) {
    return inconclusive(META, {
      title: msg(META, 'notRead', { key: ref }),
      facts: facts({ volumeName: config.name, keyReference: ref }),
      missing: gapsOr(ctx, ref),
    });
  }
  if (key.state === 'Missing') return missingFinding(ctx, ref, key);
  if (key.state !== 'Enabled') {
    return stateFinding(key, key.arn, key.state, msg(META, 'stateDetail', { key: key.arn, state: key.state }), {
      keyReference: ref,
      volumeName: config.name,
    });
  }
  return pass(META, {
    title: msg(META, 'pass', { key: ref }),
    facts: facts({ volumeName: config.name, keyReference: ref, keyArn: key.arn, keyState: key.state }),
  });
}

function missingFinding(ctx: CheckContext, ref: string, key: KeyFacts | undefined): Finding {
  const config = volumeConfigOf(ctx);
  const alias = ref.includes('alias/') ? ref.slice(ref.indexOf('alias/')) : undefined;
  const command = [
    ...(alias ? [`aws kms create-alias --alias-name ${alias} --target-key-id <key-id>`] : []),
    ...(config ? [relaunchCommand(ctx, { ...config, kmsKeyId: alias ? alias : '<key-arn>' })] : []),
  ].join('\n');
  return fail(META, {
    title: msg(META, 'missing', { key: ref }),
    detail: msg(META, 'missingDetail', { key: ref }),
    facts: facts({ volumeName: config?.name, keyReference: ref, keyState: key?.state ?? 'Missing' }),
    fix: { summary: msg(META, 'fixMissing'), command: command || `aws kms list-aliases`, docs: EBS_KMS_DOCS },
    confidence: 0.9,
    subject: ref,
  });
}

function gapsOr(ctx: CheckContext, ref: string) {
  const gaps = gapsFor(ctx.evidence, ref);
  return gaps.length > 0 ? gaps : [{ what: `kms:DescribeKey ${ref}`, subject: ref, action: 'kms:DescribeKey', why: 'not-collected' as const }];
}
