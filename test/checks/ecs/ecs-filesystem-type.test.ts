import { describe, expect, it } from 'vitest';
import { ecsFilesystemType } from '../../../lambdas/checks/ecs/ecs-filesystem-type.ts';
import type { EbsSnapshotFacts } from '../../../lambdas/model/types.ts';
import { REASONS, context, ecsEvent, evidence, volumeConfig } from './fixtures.ts';

const SNAP = 'snap-0f1e2d3c4b5a69788';
const snap = (filesystemType?: string): Record<string, EbsSnapshotFacts> => ({
  [SNAP]: { snapshotId: SNAP, exists: true, ...(filesystemType ? { filesystemType } : {}) },
});

describe('ecs-filesystem-type', () => {
  it.each([
    ['fail', 'ntfs on a Linux task', evidence({ config: volumeConfig({ filesystemType: 'ntfs' }) })],
    ['fail', 'ext4 on a Windows task', evidence({ config: volumeConfig({ filesystemType: 'ext4' }), os: 'WINDOWS_SERVER_2022_CORE' })],
    ['fail', 'xfs from a snapshot of an ext4 volume', evidence({ config: volumeConfig({ filesystemType: 'xfs', snapshotId: SNAP }), ebsSnapshots: snap('ext4') })],
    ['fail', 'the xfs default from a snapshot of an ext4 volume', evidence({ config: volumeConfig({ filesystemType: undefined, snapshotId: SNAP }), ebsSnapshots: snap('ext4') })],
    ['pass', 'ext4 on Linux', evidence()],
    ['pass', 'ntfs on Windows', evidence({ config: volumeConfig({ filesystemType: 'ntfs' }), os: 'WINDOWS_SERVER_2019_FULL' })],
    ['pass', 'ext4 from a snapshot of an ext4 volume', evidence({ config: volumeConfig({ snapshotId: SNAP }), ebsSnapshots: snap('ext4') })],
    ['inconclusive', 'a snapshot whose filesystem is not known', evidence({ config: volumeConfig({ snapshotId: SNAP }), ebsSnapshots: snap() })],
    ['inconclusive', 'an unread volume configuration', evidence({ config: null })],
    ['inconclusive', 'a task definition without an OS family and an event without one', evidence({ os: '' })],
  ] as const)('reports %s for %s', (verdict, _case, ev) => {
    // Prepare
    const event = ecsEvent(REASONS.timeout);
    const noPlatform = { ...event, ecs: { ...event.ecs!, platformFamily: undefined } };
    const ctx = context(_case.includes('without an OS') ? noPlatform : event, ev);

    // Act
    const finding = ecsFilesystemType.run(ctx);

    // Assess
    expect(finding.verdict).toBe(verdict);
  });

  it('sets the snapshot\'s filesystem type in the fix', () => {
    // Prepare
    const ctx = context(
      ecsEvent(REASONS.timeout),
      evidence({ config: volumeConfig({ filesystemType: 'xfs', snapshotId: SNAP }), ebsSnapshots: snap('ext4') }),
    );

    // Act
    const finding = ecsFilesystemType.run(ctx);

    // Assess
    expect(finding.category).toBe('filesystem-format');
    expect(finding.facts).toEqual(
      expect.arrayContaining([
        { name: 'filesystemType', value: 'xfs' },
        { name: 'snapshotFilesystemType', value: 'ext4' },
      ]),
    );
    expect(finding.fix?.command).toContain('"filesystemType":"ext4"');
  });

  it('proposes a Linux filesystem for ntfs on Linux', () => {
    // Prepare
    const ctx = context(ecsEvent(REASONS.timeout), evidence({ config: volumeConfig({ filesystemType: 'ntfs' }) }));

    // Act
    const finding = ecsFilesystemType.run(ctx);

    // Assess
    expect(finding.facts).toContainEqual({ name: 'supportedFilesystemTypes', value: 'ext3, ext4, xfs' });
    expect(finding.fix?.command).toContain('"filesystemType":"xfs"');
  });
});
