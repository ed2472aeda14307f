/**
 * Are all of a VMware VM's virtual disks a multiple of 512 KiB in size?
 */
import type { Check, CheckContext, Finding } from '../../model/types.ts';
import { facts, fail, inconclusive, msg, notApplicable, pass } from '../support/finding.ts';
import { isVmwareJob, psQuote, vmOf } from '../support/vmware.ts';
import { factMessages } from '../../model/fact-labels.ts';

const DOCS = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/vm-troubleshooting.html';
const META = { id: 'vmware-disk-size', category: 'vmware-disk' } as const;
const FACTS = factMessages(['invalidDisks', 'diskCount']);
/** AWS Backup supports only virtual disks whose size is a multiple of 512 KiB. */
export const DISK_SIZE_UNIT = 512 * 1024;

/** The smallest valid size at or above `bytes`: extending a disk keeps its data, shrinking does not. */
export function nextValidDiskSize(bytes: number): number {
  return Math.ceil(bytes / DISK_SIZE_UNIT) * DISK_SIZE_UNIT;
}

/**
 * A VM with a virtual disk whose size is not a multiple of 512 KiB cannot be backed up.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/vm-troubleshooting.html
 */
export const vmwareDiskSize: Check = {
  ...META,
  appliesTo: ['backup-job'],
  docs: DOCS,
  messages: {
    en: {
      'vmware-disk-size.title': 'VM disk {disk} is {size} bytes, not a multiple of 512 KiB',
      'vmware-disk-size.titleMany': '{count} disks of the VM are not a multiple of 512 KiB in size (first: {disk})',
      'vmware-disk-size.detail':
        'AWS Backup backs up only virtual disks whose size is a multiple of 512 KiB (524,288 bytes). Disk {disk} is {size} bytes; the next valid size is {valid} bytes ({validKiB} KiB).',
      'vmware-disk-size.fix':
        'Extend each listed disk to the next multiple of 512 KiB in vSphere (PowerCLI below; replace <vm-name> with the VM name in vCenter), then extend the partition inside the guest if you want to use the space.',
      'vmware-disk-size.pass': 'Every disk of the VM is a multiple of 512 KiB in size',
      'vmware-disk-size.inconclusive': 'Could not read the disks of the VM',
      'vmware-disk-size.notApplicable': 'The job does not back up a VMware VM',
      ...FACTS.en,
    },
    ja: {
      'vmware-disk-size.title': 'VM のディスク {disk} のサイズ {size} バイトが 512 KiB の倍数ではありません',
      'vmware-disk-size.titleMany': 'VM の {count} 個のディスクのサイズが 512 KiB の倍数ではありません（最初のディスク: {disk}）',
      'vmware-disk-size.detail':
        'AWS Backup がバックアップできるのは、サイズが 512 KiB（524,288 バイト）の倍数の仮想ディスクだけです。ディスク {disk} は {size} バイトで、次に有効なサイズは {valid} バイト（{validKiB} KiB）です。',
      'vmware-disk-size.fix':
        '一覧のディスクを vSphere で 512 KiB の次の倍数まで拡張してください（下記は PowerCLI のコマンドです。<vm-name> を vCenter 上の VM 名に置き換えてください）。容量を使う場合は、ゲスト OS 内でパーティションも拡張してください。',
      'vmware-disk-size.pass': 'VM のすべてのディスクのサイズが 512 KiB の倍数です',
      'vmware-disk-size.inconclusive': 'VM のディスクを読み取れませんでした',
      'vmware-disk-size.notApplicable': 'このジョブは VMware の VM をバックアップするものではありません',
      ...FACTS.ja,
    },
  },
  run(ctx: CheckContext): Finding {
    if (!isVmwareJob(ctx)) return notApplicable(META, { title: msg(META, 'notApplicable') });
    const { vm, missing } = vmOf(ctx);
    if (!vm) return inconclusive(META, { title: msg(META, 'inconclusive'), missing });
    const invalid = vm.disks.filter((d) => d.sizeBytes % DISK_SIZE_UNIT !== 0);
    const first = invalid[0];
    if (!first) {
      return pass(META, { title: msg(META, 'pass'), facts: facts({ diskCount: vm.disks.length }) });
    }
    const valid = nextValidDiskSize(first.sizeBytes);
    const params = {
      disk: first.label,
      size: first.sizeBytes,
      valid,
      validKiB: valid / 1024,
      count: invalid.length,
    };
    const command = invalid
      .map(
        (d) =>
          `Get-VM -Name '<vm-name>' | Get-HardDisk -Name ${psQuote(d.label)} | Set-HardDisk -CapacityKB ${nextValidDiskSize(d.sizeBytes) / 1024} -Confirm:$false`,
      )
      .join('\n');
    return fail(META, {
      title: msg(META, invalid.length > 1 ? 'titleMany' : 'title', params),
      detail: msg(META, 'detail', params),
      facts: facts({
        invalidDisks: invalid.map((d) => `${d.label}: ${d.sizeBytes} → ${nextValidDiskSize(d.sizeBytes)}`).join('; '),
        diskCount: vm.disks.length,
      }),
      fix: { summary: msg(META, 'fix'), command, docs: DOCS },
      confidence: 0.9,
      subject: vmOf(ctx).arn,
    });
  },
};
