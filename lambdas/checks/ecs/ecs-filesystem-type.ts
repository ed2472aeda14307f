/**
 * ecs-filesystem-type: the volume's filesystem type suits the task's operating system (Linux: ext3, ext4, xfs;
 * Windows: ntfs) and, for a volume created from a snapshot, equals the filesystem the snapshot was taken with.
 * A mismatch makes ECS report "ECS timed out while configuring the EBS volume attachment to your Task".
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/troubleshoot-ebs-volumes-scenarios.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskManagedEBSVolumeConfiguration.html
 */
import type { Check, CheckContext, EcsVolumeConfigFacts, Finding, Gap } from '../../model/types.ts';
import { fail, facts, inconclusive, msg, notApplicable, pass } from '../support/finding.ts';
import {
  STATUS_REASONS_DOCS,
  relaunchCommand,
  taskDefinitionOf,
  taskOf,
  volumeConfigGap,
  volumeConfigOf,
} from '../support/ecs-context.ts';
import { factMessages } from '../../model/fact-labels.ts';

const META = { id: 'ecs-filesystem-type', category: 'filesystem-format' } as const;
const FACTS = factMessages(['snapshotFilesystemType', 'supportedFilesystemTypes']);

/** The filesystem types ECS formats a volume with, per operating system family (ECS API "filesystemType"). */
export const FILESYSTEMS_BY_OS = {
  linux: ['ext3', 'ext4', 'xfs'],
  windows: ['ntfs'],
} as const;

/** The filesystem ECS uses on Linux when the configuration names none. */
export const LINUX_DEFAULT_FILESYSTEM = 'xfs';

type OsKind = keyof typeof FILESYSTEMS_BY_OS;

/** LINUX → linux; WINDOWS_SERVER_2022_CORE (task definition) or "Windows..." (task platformFamily) → windows. */
function osKind(family: string | undefined): OsKind | undefined {
  if (!family) return undefined;
  const f = family.toUpperCase();
  if (f.startsWith('WINDOWS')) return 'windows';
  if (f.startsWith('LINUX')) return 'linux';
  return undefined;
}

/** ecs-filesystem-type. */
export const ecsFilesystemType: Check = {
  ...META,
  appliesTo: ['ecs-volume-attachment'],
  docs: STATUS_REASONS_DOCS,
  messages: {
    en: {
      ...FACTS.en,
      'ecs-filesystem-type.osMismatch': 'Volume {volume} uses {fs}, which a {os} task cannot mount',
      'ecs-filesystem-type.osDetail':
        'The task runs on {family}, whose EBS volumes ECS formats with {supported}. A volume configured with {fs} cannot be set up, and ECS times out while configuring the attachment.',
      'ecs-filesystem-type.snapshotMismatch': 'Volume {volume} uses {fs}, but snapshot {snapshot} holds an {snapshotFs} filesystem',
      'ecs-filesystem-type.snapshotDetail':
        'A volume created from a snapshot must name the filesystem type that the source volume had when the snapshot was taken ({snapshotFs}); the configuration says {fs}. ECS times out while configuring the attachment.',
      'ecs-filesystem-type.snapshotDefaultDetail':
        'A volume created from a snapshot must name the filesystem type that the source volume had when the snapshot was taken ({snapshotFs}); the configuration names none, so ECS uses the default {fs}. ECS times out while configuring the attachment.',
      'ecs-filesystem-type.fix': 'Set filesystemType to {target} in the volume configuration and launch the task again.',
      'ecs-filesystem-type.pass': 'Volume {volume} uses {fs}, which suits {family}',
      'ecs-filesystem-type.passSnapshot': 'Volume {volume} uses {fs}, which suits {family} and matches snapshot {snapshot}',
      'ecs-filesystem-type.noConfig': 'Could not check the filesystem type: the volume configuration could not be read',
      'ecs-filesystem-type.noOs': 'Could not check the filesystem type of volume {volume}: the task\'s operating system family is not known',
      'ecs-filesystem-type.noSnapshotFs':
        'Volume {volume} ({fs}) comes from snapshot {snapshot}, whose original filesystem type is not known',
      'ecs-filesystem-type.noFilesystem': 'Volume {volume} names no filesystem type and runs on {family}',
    },
    ja: {
      ...FACTS.ja,
      'ecs-filesystem-type.osMismatch': 'ボリューム {volume} は {fs} を使用していますが、{os} のタスクではマウントできません',
      'ecs-filesystem-type.osDetail':
        'タスクは {family} で実行され、ECS はその EBS ボリュームを {supported} でフォーマットします。{fs} を指定したボリュームは設定できず、ECS はアタッチメントの設定中にタイムアウトします。',
      'ecs-filesystem-type.snapshotMismatch':
        'ボリューム {volume} は {fs} を使用していますが、スナップショット {snapshot} のファイルシステムは {snapshotFs} です',
      'ecs-filesystem-type.snapshotDetail':
        'スナップショットから作成するボリュームには、スナップショット作成時に元のボリュームが使用していたファイルシステムの種類 ({snapshotFs}) を指定する必要があります。設定は {fs} です。ECS はアタッチメントの設定中にタイムアウトします。',
      'ecs-filesystem-type.snapshotDefaultDetail':
        'スナップショットから作成するボリュームには、スナップショット作成時に元のボリュームが使用していたファイルシステムの種類 ({snapshotFs}) を指定する必要があります。設定に指定がないため、ECS はデフォルトの {fs} を使用します。ECS はアタッチメントの設定中にタイムアウトします。',
      'ecs-filesystem-type.fix': 'ボリューム設定の filesystemType を {target} にして、タスクを再度起動してください。',
      'ecs-filesystem-type.pass': 'ボリューム {volume} は {fs} を使用しており、{family} に適しています',
      'ecs-filesystem-type.passSnapshot': 'ボリューム {volume} は {fs} を使用しており、{family} に適し、スナップショット {snapshot} とも一致しています',
      'ecs-filesystem-type.noConfig': 'ボリューム設定を読み取れなかったため、ファイルシステムの種類を確認できませんでした',
      'ecs-filesystem-type.noOs': 'タスクの OS ファミリーが不明なため、ボリューム {volume} のファイルシステムの種類を確認できませんでした',
      'ecs-filesystem-type.noSnapshotFs':
        'ボリューム {volume} ({fs}) はスナップショット {snapshot} から作成されますが、スナップショットの元のファイルシステムの種類が不明です',
      'ecs-filesystem-type.noFilesystem': 'ボリューム {volume} はファイルシステムの種類を指定しておらず、{family} で実行されます',
    },
  },
  run(ctx: CheckContext): Finding {
    const config = volumeConfigOf(ctx);
    if (!config) return inconclusive(META, { title: msg(META, 'noConfig'), missing: volumeConfigGap(ctx) });
    const td = taskDefinitionOf(ctx);
    const family = td?.operatingSystemFamily ?? ctx.event.ecs?.platformFamily ?? taskOf(ctx)?.platformFamily;
    const os = osKind(family);
    const volume = config.name;
    if (!family || !os) {
      const missing: Gap[] = [
        {
          what: `the operating system family of the task definition${td ? ` ${td.arn}` : ''}`,
          ...(td ? { subject: td.arn } : {}),
          action: 'ecs:DescribeTaskDefinition',
          why: 'not-collected',
        },
      ];
      return inconclusive(META, { title: msg(META, 'noOs', { volume }), facts: facts({ volumeName: volume, operatingSystemFamily: family }), missing });
    }
    const given = config.filesystemType?.toLowerCase();
    const fs = given ?? (os === 'linux' ? LINUX_DEFAULT_FILESYSTEM : undefined);
    const supported: readonly string[] = FILESYSTEMS_BY_OS[os];
    const snapshot = config.snapshotId ? ctx.evidence.ebsSnapshots?.[config.snapshotId] : undefined;
    const snapshotFs = snapshot?.filesystemType?.toLowerCase();
    const base = facts({
      volumeName: volume,
      operatingSystemFamily: family,
      filesystemType: fs ?? '-',
      supportedFilesystemTypes: supported.join(', '),
      snapshotId: config.snapshotId,
      snapshotFilesystemType: snapshotFs,
    });
    const fixFor = (target: string) => ({
      summary: msg(META, 'fix', { target }),
      command: relaunchCommand(ctx, { ...config, filesystemType: target } satisfies EcsVolumeConfigFacts),
      docs: STATUS_REASONS_DOCS,
    });
    if (fs === undefined) return notApplicable(META, { title: msg(META, 'noFilesystem', { volume, family }), facts: base });
    if (!supported.includes(fs)) {
      const target = snapshotFs && supported.includes(snapshotFs) ? snapshotFs : (os === 'linux' ? LINUX_DEFAULT_FILESYSTEM : 'ntfs');
      return fail(META, {
        title: msg(META, 'osMismatch', { volume, fs, os: os === 'linux' ? 'Linux' : 'Windows' }),
        detail: msg(META, 'osDetail', { family, supported: supported.join(', '), fs }),
        facts: base,
        fix: fixFor(target),
        confidence: 0.95,
        subject: volume,
      });
    }
    if (config.snapshotId) {
      if (!snapshotFs) {
        const missing: Gap[] = [
          {
            what: `the filesystem type of snapshot ${config.snapshotId} (a tag or the user must tell)`,
            subject: config.snapshotId,
            why: 'not-collected',
          },
        ];
        return inconclusive(META, { title: msg(META, 'noSnapshotFs', { volume, fs, snapshot: config.snapshotId }), facts: base, missing });
      }
      if (snapshotFs !== fs) {
        return fail(META, {
          title: msg(META, 'snapshotMismatch', { volume, fs, snapshot: config.snapshotId, snapshotFs }),
          detail: msg(META, given === undefined ? 'snapshotDefaultDetail' : 'snapshotDetail', { snapshotFs, fs }),
          facts: base,
          fix: fixFor(snapshotFs),
          confidence: 0.95,
          subject: config.snapshotId,
        });
      }
    }
    return pass(META, {
      title: config.snapshotId
        ? msg(META, 'passSnapshot', { volume, fs, family, snapshot: config.snapshotId })
        : msg(META, 'pass', { volume, fs, family }),
      facts: base,
    });
  },
};
