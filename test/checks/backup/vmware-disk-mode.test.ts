import { describe, expect, it } from 'vitest';
import { vmwareDiskMode as check } from '../../../lambdas/checks/backup/vmware-disk-mode.ts';
import type { VmDiskFacts } from '../../../lambdas/model/types.ts';
import { TEN_GIB, VM_ARN } from './fixtures.ts';
import { context, evidence, expiredBackupEvent, textProblems } from './helpers.ts';

const vmJob = expiredBackupEvent({ state: 'FAILED', plan: undefined, resourceArn: VM_ARN, resourceType: 'VirtualMachine' });
const withDisks = (disks: VmDiskFacts[]) => evidence({ resources: { [VM_ARN]: { arn: VM_ARN, exists: true, vmware: { disks } } } });

describe('vmware-disk-mode', () => {
  it.each(['independent_persistent', 'independent_nonpersistent'])('reports a disk in %s mode', (mode) => {
    // Prepare
    const ev = withDisks([
      { label: 'Hard disk 1', sizeBytes: TEN_GIB, mode: 'persistent' },
      { label: 'Hard disk 2', sizeBytes: TEN_GIB, mode },
    ]);
    // Act
    const f = check.run(context(vmJob, ev));
    // Assess
    expect(f.verdict).toBe('fail');
    expect(f.title).toEqual({ key: 'vmware-disk-mode.title', params: { disk: 'Hard disk 2', mode, count: 1 } });
    expect(f.fix?.command).toBe("Get-VM -Name '<vm-name>' | Get-HardDisk -Name 'Hard disk 2' | Set-HardDisk -Persistence Persistent -Confirm:$false");
    expect(textProblems(check.messages, f)).toEqual([]);
  });

  it('passes when every disk is dependent', () => {
    // Act
    const f = check.run(context(vmJob, withDisks([{ label: 'Hard disk 1', sizeBytes: TEN_GIB, mode: 'persistent' }])));
    // Assess
    expect(f.verdict).toBe('pass');
  });

  it('is inconclusive with the recorded gap when the VM could not be read', () => {
    // Prepare
    const gap = { what: `backup-gateway:GetVirtualMachine ${VM_ARN}`, subject: VM_ARN, why: 'access-denied' as const };
    // Act
    const f = check.run(context(vmJob, evidence({ gaps: [gap] })));
    // Assess
    expect(f.verdict).toBe('inconclusive');
    expect(f.missing).toEqual([gap]);
  });

  it('does not apply to a job that is not a VMware backup', () => {
    // Act
    const f = check.run(context(expiredBackupEvent(), evidence()));
    // Assess
    expect(f.verdict).toBe('not-applicable');
  });
});
