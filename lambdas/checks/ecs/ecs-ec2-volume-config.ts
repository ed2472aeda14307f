/**
 * ecs-ec2-volume-config: the volume configuration is one that EC2 and ECS accept: its name matches a task
 * definition volume with configuredAtLaunch, its snapshot exists, its size, IOPS and throughput are within the
 * documented range of the volume type, and EC2's error code (ECS "Encountered '<Code>' error from AmazonEC2")
 * does not name a zone, quota or capacity problem.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskManagedEBSVolumeConfiguration.html
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
 */
import type { Category, Check, CheckContext, Finding } from '../../model/types.ts';
import { fail, facts, inconclusive, msg, pass } from '../support/finding.ts';
import { factMessages } from '../../model/fact-labels.ts';
import { regionOf } from '../support/lookup.ts';
import { relaunchCommand, taskDefinitionOf, taskOf, volumeConfigGap, volumeConfigOf } from '../support/ecs-context.ts';
import { limitViolations, type LimitViolation } from '../support/ecs-volume-limits.ts';

const META = { id: 'ecs-ec2-volume-config', category: 'invalid-configuration' } as const;
const FACTS = factMessages(['availabilityZone', 'sizeInGiB', 'iops', 'throughput', 'outOfRange', 'ec2ErrorCode', 'launchVolumes']);
const API_DOCS = 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskManagedEBSVolumeConfiguration.html';
const TD_DOCS = 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specify-ebs-config.html';
const QUOTA_DOCS = 'https://docs.aws.amazon.com/ebs/latest/userguide/volume_limits.html';
const NO_MATCH = /no matching configuredAtLaunch volume found in task definition/i;

/** EC2 error codes that say the account or the zone ran out of something, not that the configuration is wrong. */
const QUOTA_CODES = new Set(['VolumeLimitExceeded', 'MaxIOPSLimitExceeded', 'InsufficientVolumeCapacity']);
/** EC2 error codes that a wrong parameter value explains. */
const PARAMETER_CODES = new Set(['InvalidParameterValue', 'InvalidParameterCombination', 'InvalidParameter']);

function describe(v: LimitViolation): string {
  const range = v.range ? `${v.range.min}-${v.range.max}` : '';
  if (v.reason === 'required') return `${v.parameter} is required (${range})`;
  if (v.reason === 'not-supported') return `${v.parameter}=${v.value ?? '-'} is not supported`;
  return `${v.parameter}=${v.value ?? '-'} (allowed ${range})`;
}

/** ecs-ec2-volume-config. */
export const ecsEc2VolumeConfig: Check = {
  ...META,
  appliesTo: ['ecs-volume-attachment'],
  docs: API_DOCS,
  messages: {
    en: {
      ...FACTS.en,
      'ecs-ec2-volume-config.noMatch': 'Volume configuration {volume} matches no configuredAtLaunch volume of task definition {td}',
      'ecs-ec2-volume-config.noMatchDetail':
        'ECS attaches a managed EBS volume only to a task definition volume of the same name that sets configuredAtLaunch to true. Task definition volumes with configuredAtLaunch: {volumes}.',
      'ecs-ec2-volume-config.fixNoMatch':
        'Give the volume configuration the name of a configuredAtLaunch volume of the task definition, or register a task definition revision that declares volume {volume} with "configuredAtLaunch": true.',
      'ecs-ec2-volume-config.noMatchUnknown':
        'ECS found no configuredAtLaunch volume matching the volume configuration, but the task definition or the configuration could not be read to say which name differs',
      'ecs-ec2-volume-config.snapshotMissing': 'Snapshot {snapshot} of volume {volume} does not exist',
      'ecs-ec2-volume-config.snapshotDetail':
        'The volume configuration creates the volume from {snapshot}, which EC2 cannot find in this account and Region (deleted, not shared, or in another Region).',
      'ecs-ec2-volume-config.fixSnapshot': 'Point snapshotId at an existing snapshot in this Region (or remove it for an empty volume), then launch the task again.',
      'ecs-ec2-volume-config.outOfRange': 'Volume {volume} ({type}) is configured outside the documented limits: {violations}',
      'ecs-ec2-volume-config.outOfRangeDetail':
        'EC2 rejects {type} volumes with {violations}. ECS passes these values to CreateVolume as they are.',
      'ecs-ec2-volume-config.fixRange': 'Set the values within the documented range of {type} (or choose a volume type that offers them), then launch the task again.',
      'ecs-ec2-volume-config.zone': 'Volume type {type} is not offered in Availability Zone {zone}',
      'ecs-ec2-volume-config.zoneDetail':
        'EC2 answered VolumeTypeNotAvailableInZone: the task was placed in {zone}, where {type} volumes cannot be created.',
      'ecs-ec2-volume-config.fixZone': 'Choose a volume type that the zone offers (the command below uses gp3), or run the task in subnets of other Availability Zones.',
      'ecs-ec2-volume-config.quota': 'EC2 could not create volume {volume}: {code}',
      'ecs-ec2-volume-config.quotaDetail':
        'EC2 answered {code}: an account quota for the volume type (storage or IOPS) is reached, or EC2 lacks capacity in the zone. The configuration itself is valid.',
      'ecs-ec2-volume-config.fixQuota': 'Check the EBS quotas of the Region and request an increase, delete unused volumes, or use another volume type or zone.',
      'ecs-ec2-volume-config.parameterUnknown':
        'EC2 rejected a parameter of volume {volume} ({code}), but none of the known values is outside its documented range',
      'ecs-ec2-volume-config.pass': 'Volume configuration {volume} is within the documented limits and matches the task definition',
      'ecs-ec2-volume-config.noConfig': 'Could not check the volume configuration: it could not be read',
    },
    ja: {
      ...FACTS.ja,
      'ecs-ec2-volume-config.noMatch': 'ボリューム設定 {volume} に一致する configuredAtLaunch ボリュームがタスク定義 {td} にありません',
      'ecs-ec2-volume-config.noMatchDetail':
        'ECS は、同じ名前で configuredAtLaunch が true のタスク定義ボリュームにのみ管理対象の EBS ボリュームをアタッチします。configuredAtLaunch のタスク定義ボリューム: {volumes}。',
      'ecs-ec2-volume-config.fixNoMatch':
        'ボリューム設定の名前をタスク定義の configuredAtLaunch ボリュームの名前に合わせるか、ボリューム {volume} を "configuredAtLaunch": true で宣言したタスク定義のリビジョンを登録してください。',
      'ecs-ec2-volume-config.noMatchUnknown':
        'ECS はボリューム設定に一致する configuredAtLaunch ボリュームを見つけられませんでしたが、タスク定義またはボリューム設定を読み取れなかったため、どの名前が異なるかを特定できません',
      'ecs-ec2-volume-config.snapshotMissing': 'ボリューム {volume} のスナップショット {snapshot} が存在しません',
      'ecs-ec2-volume-config.snapshotDetail':
        'ボリューム設定は {snapshot} からボリュームを作成しますが、EC2 はこのアカウントとリージョンでそのスナップショットを見つけられません (削除済み、共有されていない、または別のリージョン)。',
      'ecs-ec2-volume-config.fixSnapshot': 'snapshotId をこのリージョンに存在するスナップショットに変更して (空のボリュームにする場合は snapshotId を削除して)、タスクを再度起動してください。',
      'ecs-ec2-volume-config.outOfRange': 'ボリューム {volume} ({type}) の設定がドキュメントに記載された範囲外です: {violations}',
      'ecs-ec2-volume-config.outOfRangeDetail':
        'EC2 は {violations} の {type} ボリュームを拒否します。ECS はこれらの値をそのまま CreateVolume に渡します。',
      'ecs-ec2-volume-config.fixRange': '値を {type} のドキュメントに記載された範囲内に設定してから (またはその値に対応したボリュームタイプを選択してから)、タスクを再度起動してください。',
      'ecs-ec2-volume-config.zone': 'ボリュームタイプ {type} はアベイラビリティーゾーン {zone} で提供されていません',
      'ecs-ec2-volume-config.zoneDetail':
        'EC2 は VolumeTypeNotAvailableInZone を返しました。タスクは {zone} に配置されましたが、このゾーンでは {type} ボリュームを作成できません。',
      'ecs-ec2-volume-config.fixZone': 'ゾーンで提供されているボリュームタイプを選ぶ (下記のコマンドは gp3 を使用します) か、他のアベイラビリティーゾーンのサブネットでタスクを実行してください。',
      'ecs-ec2-volume-config.quota': 'EC2 はボリューム {volume} を作成できませんでした: {code}',
      'ecs-ec2-volume-config.quotaDetail':
        'EC2 は {code} を返しました。ボリュームタイプのアカウントのクォータ (ストレージまたは IOPS) に達したか、ゾーンの EC2 の容量が不足しています。設定自体は有効です。',
      'ecs-ec2-volume-config.fixQuota': 'リージョンの EBS クォータを確認して引き上げを申請するか、不要なボリュームを削除するか、別のボリュームタイプまたはゾーンを使用してください。',
      'ecs-ec2-volume-config.parameterUnknown':
        'EC2 はボリューム {volume} のパラメータを拒否しました ({code})。ただし、把握している値にドキュメントに記載された範囲外のものはありません',
      'ecs-ec2-volume-config.pass': 'ボリューム設定 {volume} はドキュメントに記載された範囲内で、タスク定義と一致しています',
      'ecs-ec2-volume-config.noConfig': 'ボリューム設定を読み取れなかったため、確認できませんでした',
    },
  },
  run(ctx: CheckContext): Finding {
    const code = ctx.event.ecs?.ec2ErrorCode;
    const config = volumeConfigOf(ctx);
    const td = taskDefinitionOf(ctx);
    const zone = taskOf(ctx)?.availabilityZone;
    const reportedNoMatch = NO_MATCH.test(ctx.event.statusMessage ?? '');

    if (!config) {
      return inconclusive(META, {
        title: msg(META, reportedNoMatch ? 'noMatchUnknown' : 'noConfig'),
        facts: facts({ ec2ErrorCode: code }),
        missing: volumeConfigGap(ctx),
      });
    }
    const volume = config.name;
    const base = facts({
      volumeName: volume,
      volumeType: config.volumeType,
      sizeInGiB: config.sizeInGiB,
      iops: config.iops,
      throughput: config.throughput,
      snapshotId: config.snapshotId,
      availabilityZone: zone,
      ec2ErrorCode: code,
    });
    const withFix = (name: string, params: Record<string, string>, command: string, docs: string) => ({
      summary: msg(META, name, params),
      command,
      docs,
    });

    // The name first: with no matching volume nothing else of the configuration is used.
    if (td?.volumes) {
      const launchVolumes = td.volumes.filter((v) => v.configuredAtLaunch).map((v) => v.name);
      if (!launchVolumes.includes(volume)) {
        const target = launchVolumes[0];
        return fail(META, {
          title: msg(META, 'noMatch', { volume, td: td.arn }),
          detail: msg(META, 'noMatchDetail', { volumes: launchVolumes.join(', ') || '-' }),
          facts: [...base, ...facts({ taskDefinition: td.arn, launchVolumes: launchVolumes.join(', ') || '-' })],
          fix: withFix(
            'fixNoMatch',
            { volume },
            target ? relaunchCommand(ctx, { ...config, name: target }) : `aws ecs describe-task-definition --task-definition ${td.arn} --query taskDefinition.volumes`,
            TD_DOCS,
          ),
          confidence: 0.95,
          subject: td.arn,
        });
      }
    } else if (reportedNoMatch) {
      return inconclusive(META, {
        title: msg(META, 'noMatchUnknown'),
        facts: base,
        missing: [
          {
            what: `the volumes of task definition ${td?.arn ?? ctx.event.ecs?.taskDefinitionArn ?? ''}`.trim(),
            action: 'ecs:DescribeTaskDefinition',
            why: 'not-collected',
          },
        ],
      });
    }

    const snapshot = config.snapshotId ? ctx.evidence.ebsSnapshots?.[config.snapshotId] : undefined;
    if (config.snapshotId && (snapshot?.exists === false || code === 'InvalidSnapshot.NotFound')) {
      return fail(META, {
        title: msg(META, 'snapshotMissing', { snapshot: config.snapshotId, volume }),
        detail: msg(META, 'snapshotDetail', { snapshot: config.snapshotId }),
        facts: base,
        fix: withFix(
          'fixSnapshot',
          {},
          `aws ec2 describe-snapshots --snapshot-ids ${config.snapshotId}${regionOf(ctx) ? ` --region ${regionOf(ctx)}` : ''}`,
          API_DOCS,
        ),
        confidence: 0.9,
        category: 'resource-not-found',
        subject: config.snapshotId,
      });
    }

    const violations = config.volumeType ? limitViolations(config.volumeType, config) : undefined;
    if (config.volumeType && violations && violations.length > 0) {
      const text = violations.map(describe).join('; ');
      return fail(META, {
        title: msg(META, 'outOfRange', { volume, type: config.volumeType, violations: text }),
        detail: msg(META, 'outOfRangeDetail', { type: config.volumeType, violations: text }),
        facts: [...base, ...facts({ outOfRange: text })],
        fix: withFix('fixRange', { type: config.volumeType }, relaunchCommand(ctx, { ...config, ...fitted(config, violations) }), API_DOCS),
        confidence: PARAMETER_CODES.has(code ?? '') ? 0.95 : 0.85,
        subject: volume,
      });
    }

    if (code === 'VolumeTypeNotAvailableInZone') {
      const type = config.volumeType ?? '-';
      return fail(META, {
        title: msg(META, 'zone', { type, zone: zone ?? '-' }),
        detail: msg(META, 'zoneDetail', { type, zone: zone ?? '-' }),
        facts: base,
        fix: withFix('fixZone', {}, relaunchCommand(ctx, { ...config, volumeType: 'gp3' }), API_DOCS),
        confidence: 0.9,
        subject: volume,
      });
    }
    if (code && QUOTA_CODES.has(code)) {
      const category: Category = 'quota';
      return fail(META, {
        title: msg(META, 'quota', { volume, code }),
        detail: msg(META, 'quotaDetail', { code }),
        facts: base,
        fix: withFix('fixQuota', {}, `aws service-quotas list-service-quotas --service-code ebs${regionOf(ctx) ? ` --region ${regionOf(ctx)}` : ''}`, QUOTA_DOCS),
        confidence: 0.85,
        category,
        subject: volume,
      });
    }
    if (code && PARAMETER_CODES.has(code)) {
      return inconclusive(META, {
        title: msg(META, 'parameterUnknown', { volume, code }),
        facts: base,
        missing: [{ what: `which parameter of volume ${volume} EC2 rejected (${code})`, why: 'not-collected', detail: (ctx.event.statusMessage ?? '').slice(0, 300) }],
      });
    }
    return pass(META, { title: msg(META, 'pass', { volume }), facts: base });
  },
};

/** The configuration's values moved into the documented range (what the fix command proposes). */
function fitted(
  config: { readonly sizeInGiB?: number; readonly iops?: number; readonly throughput?: number },
  violations: readonly LimitViolation[],
): { sizeInGiB?: number; iops?: number; throughput?: number } {
  const out: { sizeInGiB?: number; iops?: number; throughput?: number } = {};
  const clamp = (v: number, min: number, max: number) => Math.min(Math.max(v, min), max);
  for (const v of violations) {
    const current = config[v.parameter];
    if (v.reason === 'not-supported') out[v.parameter] = undefined;
    else if (v.range) out[v.parameter] = current === undefined ? v.range.min : clamp(current, v.range.min, v.range.max);
  }
  return out;
}
