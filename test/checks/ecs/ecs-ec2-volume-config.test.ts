import { describe, expect, it } from 'vitest';
import { ecsEc2VolumeConfig } from '../../../lambdas/checks/ecs/ecs-ec2-volume-config.ts';
import { limitViolations } from '../../../lambdas/checks/support/ecs-volume-limits.ts';
import type { Evidence } from '../../../lambdas/model/types.ts';
import { REASONS, context, ecsEvent, evidence, volumeConfig } from './fixtures.ts';

const SNAP = 'snap-0a1b2c3d4e5f60718';
const TASK = 'arn:aws:ecs:ap-northeast-1:111122223333:task/default/0a9f3c1e5b7d4f2a8c6e1b3d5f7a9c0e';
const inZone = (ev: Evidence): Evidence => ({
  ...ev,
  ecs: { ...ev.ecs, tasks: { [TASK]: { taskArn: TASK, exists: true, availabilityZone: 'ap-northeast-1d' } } },
});

describe('ecs-ec2-volume-config', () => {
  it.each([
    ['fail', 'invalid-configuration', 'a name that no configuredAtLaunch volume has', REASONS.noMatch, evidence({ config: volumeConfig({ name: 'data' }) })],
    ['fail', 'invalid-configuration', 'a task definition volume without configuredAtLaunch', REASONS.noMatch, evidence({ volumes: [{ name: 'myEBSVolume' }] })],
    ['fail', 'resource-not-found', 'a snapshot that does not exist', REASONS.timeout, evidence({ config: volumeConfig({ snapshotId: SNAP }), ebsSnapshots: { [SNAP]: { snapshotId: SNAP, exists: false } } })],
    ['fail', 'invalid-configuration', 'gp3 with 20,000 IOPS', REASONS.timeout, evidence({ config: volumeConfig({ iops: 90_000 }) })],
    ['fail', 'invalid-configuration', 'io2 without IOPS', REASONS.timeout, evidence({ config: volumeConfig({ volumeType: 'io2' }) })],
    ['fail', 'invalid-configuration', 'a volume type not offered in the zone', REASONS.zone, inZone(evidence({ config: volumeConfig({ volumeType: 'io2', iops: 3000 }) }))],
    ['pass', 'invalid-configuration', 'a gp3 volume within its limits', REASONS.timeout, evidence()],
    ['inconclusive', 'invalid-configuration', 'the configuredAtLaunch message without the task definition', REASONS.noMatch, { ...evidence(), ecs: { volumeConfigurations: { myEBSVolume: volumeConfig() } } }],
    ['inconclusive', 'invalid-configuration', 'an unread volume configuration', REASONS.zone, evidence({ config: null })],
  ] as const)('reports %s (%s) for %s', (verdict, category, _case, reason, ev) => {
    // Prepare
    const ctx = context(ecsEvent(reason), ev);

    // Act
    const finding = ecsEc2VolumeConfig.run(ctx);

    // Assess
    expect(finding.verdict).toBe(verdict);
    expect(finding.category).toBe(category);
  });

  it('names the zone and proposes gp3 for VolumeTypeNotAvailableInZone', () => {
    // Prepare
    const ctx = context(ecsEvent(REASONS.zone), inZone(evidence({ config: volumeConfig({ volumeType: 'io2', iops: 3000 }) })));

    // Act
    const finding = ecsEc2VolumeConfig.run(ctx);

    // Assess
    expect(finding.facts).toEqual(expect.arrayContaining([{ name: 'availabilityZone', value: 'ap-northeast-1d' }, { name: 'ec2ErrorCode', value: 'VolumeTypeNotAvailableInZone' }]));
    expect(finding.fix?.command).toContain('"volumeType":"gp3"');
  });

  it('renames the volume configuration to the configuredAtLaunch volume in the fix', () => {
    // Prepare
    const ctx = context(ecsEvent(REASONS.noMatch), evidence({ config: volumeConfig({ name: 'data' }) }));

    // Act
    const finding = ecsEc2VolumeConfig.run(ctx);

    // Assess
    expect(finding.facts).toContainEqual({ name: 'launchVolumes', value: 'myEBSVolume' });
    expect(finding.fix?.command).toContain('"name":"myEBSVolume"');
  });

  it('clamps an out-of-range value into the documented range in the fix', () => {
    // Prepare
    const ctx = context(ecsEvent(REASONS.timeout), evidence({ config: volumeConfig({ iops: 90_000 }) }));

    // Act
    const finding = ecsEc2VolumeConfig.run(ctx);

    // Assess
    expect(finding.facts).toContainEqual({ name: 'outOfRange', value: 'iops=90000 (allowed 3000-80000)' });
    expect(finding.fix?.command).toContain('"iops":80000');
  });
});

describe('limitViolations', () => {
  it.each([
    ['gp2', { sizeInGiB: 16_385 }, ['sizeInGiB']],
    ['st1', { sizeInGiB: 100 }, ['sizeInGiB']],
    ['standard', { sizeInGiB: 1_024 }, []],
    ['gp3', { throughput: 2_001 }, ['throughput']],
    // The gp3 limits raised in 2025 (EC2 CreateVolume: 65,536 GiB, 80,000 IOPS, 2,000 MiB/s).
    ['gp3', { sizeInGiB: 20_000, iops: 20_000, throughput: 1_500 }, []],
    ['gp3', { sizeInGiB: 65_537, iops: 80_001 }, ['sizeInGiB', 'iops']],
    ['io1', { iops: 64_000, throughput: 500 }, ['throughput']],
    ['sc1', { sizeInGiB: 500, iops: 100 }, ['iops']],
    ['io2', { sizeInGiB: 4, iops: 100 }, []],
  ] as const)('finds the documented violations of %s %j', (type, config, parameters) => {
    // Act
    const violations = limitViolations(type, config);

    // Assess
    expect(violations?.map((v) => v.parameter)).toEqual(parameters);
  });

  it('returns undefined for a volume type it does not know', () => {
    // Act
    const violations = limitViolations('gp4', { sizeInGiB: 1 });

    // Assess
    expect(violations).toBeUndefined();
  });
});
