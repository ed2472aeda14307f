import { describe, expect, it } from 'vitest';
import { nextValidDiskSize, vmwareDiskSize as check } from '../../../lambdas/checks/backup/vmware-disk-size.ts';
import type { VmDiskFacts } from '../../../lambdas/model/types.ts';
import { TEN_GIB, VM_ARN } from './fixtures.ts';
import { context, evidence, expiredBackupEvent, textProblems } from './helpers.ts';

const vmJob = expiredBackupEvent({ state: 'FAILED', plan: undefined, resourceArn: VM_ARN, resourceType: 'VirtualMachine' });
const withDisks = (disks: VmDiskFacts[]) => evidence({ resources: { [VM_ARN]: { arn: VM_ARN, exists: true, vmware: { disks } } } });

describe('vmware-disk-size', () => {
  it('lists the disks that are not a multiple of 512 KiB and the size to extend them to', () => {
    // Prepare
    const ev = withDisks([
      { label: 'Hard disk 1', sizeBytes: TEN_GIB, mode: 'persistent' },
      { label: 'Hard disk 2', sizeBytes: TEN_GIB + 1000, mode: 'persistent' },
    ]);
    // Act
    const f = check.run(context(vmJob, ev));
    // Assess
    expect(f.verdict).toBe('fail');
    expect(f.title).toEqual({ key: 'vmware-disk-size.title', params: { disk: 'Hard disk 2', size: TEN_GIB + 1000, valid: TEN_GIB + 524288, validKiB: 10486272, count: 1 } });
    expect(f.facts).toContainEqual({ name: 'invalidDisks', value: `Hard disk 2: ${TEN_GIB + 1000} → ${TEN_GIB + 524288}` });
    expect(f.fix?.command).toBe("Get-VM -Name '<vm-name>' | Get-HardDisk -Name 'Hard disk 2' | Set-HardDisk -CapacityKB 10486272 -Confirm:$false");
    expect(textProblems(check.messages, f)).toEqual([]);
  });

  it('passes when every disk is a multiple of 512 KiB', () => {
    // Act
    const f = check.run(context(vmJob, withDisks([{ label: 'Hard disk 1', sizeBytes: TEN_GIB, mode: 'persistent' }])));
    // Assess
    expect(f.verdict).toBe('pass');
  });

  it('is inconclusive when the VM was not read', () => {
    // Act
    const f = check.run(context(vmJob, evidence()));
    // Assess
    expect(f.verdict).toBe('inconclusive');
    expect(f.missing?.[0]).toMatchObject({ subject: VM_ARN, why: 'not-collected' });
  });

  it('does not apply to a job that is not a VMware backup', () => {
    // Act
    const f = check.run(context(expiredBackupEvent(), evidence()));
    // Assess
    expect(f.verdict).toBe('not-applicable');
  });

  it('rounds a size up to the next multiple of 512 KiB', () => {
    // Assess
    expect(nextValidDiskSize(524288)).toBe(524288);
    expect(nextValidDiskSize(524289)).toBe(1048576);
  });
});
