/**
 * Are all of a VMware VM's virtual disks in a mode AWS Backup supports (dependent, not independent)?
 */
import type { Check, CheckContext, Finding } from '../../model/types.ts';
import { facts, fail, inconclusive, msg, notApplicable, pass } from '../support/finding.ts';
import { isVmwareJob, psQuote, vmOf } from '../support/vmware.ts';
import { factMessages } from '../../model/fact-labels.ts';

const DOCS = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/vm-troubleshooting.html';
const META = { id: 'vmware-disk-mode', category: 'vmware-disk' } as const;
const FACTS = factMessages(['independentDisks', 'diskCount']);
/** Independent disks are left out of VM snapshots, so AWS Backup cannot back them up. */
const UNSUPPORTED_MODES = new Set(['independent_persistent', 'independent_nonpersistent']);

/**
 * A VM with a disk in independent persistent or independent nonpersistent mode cannot be backed up.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/vm-troubleshooting.html
 */
export const vmwareDiskMode: Check = {
  ...META,
  appliesTo: ['backup-job'],
  docs: DOCS,
  messages: {
    en: {
      'vmware-disk-mode.title': 'VM disk {disk} is in {mode} mode, which AWS Backup does not support',
      'vmware-disk-mode.titleMany': '{count} disks of the VM are in independent mode, which AWS Backup does not support (first: {disk})',
      'vmware-disk-mode.detail':
        'AWS Backup does not back up VMs with disks in independent persistent or independent nonpersistent mode. Change every listed disk to dependent mode.',
      'vmware-disk-mode.fix':
        'Change each listed disk to dependent mode (PowerCLI "Persistent") in vSphere; replace <vm-name> with the VM name in vCenter. vSphere may require the VM to be powered off for this change.',
      'vmware-disk-mode.pass': 'Every disk of the VM is in dependent mode',
      'vmware-disk-mode.inconclusive': 'Could not read the disks of the VM',
      'vmware-disk-mode.notApplicable': 'The job does not back up a VMware VM',
      ...FACTS.en,
    },
    ja: {
      'vmware-disk-mode.title': 'VM のディスク {disk} は AWS Backup が対応していない {mode} モードです',
      'vmware-disk-mode.titleMany': 'VM の {count} 個のディスクが AWS Backup の対応していない独立モードです（最初のディスク: {disk}）',
      'vmware-disk-mode.detail':
        'AWS Backup は、独立モード (independent persistent または independent nonpersistent) のディスクを持つ VM をバックアップできません。一覧のディスクをすべて従属 (dependent) モードに変更してください。',
      'vmware-disk-mode.fix':
        '一覧のディスクを vSphere で従属モード（PowerCLI では "Persistent"）に変更してください。<vm-name> は vCenter 上の VM 名に置き換えてください。vSphere では、この変更に VM の電源オフが必要な場合があります。',
      'vmware-disk-mode.pass': 'VM のすべてのディスクが従属モードです',
      'vmware-disk-mode.inconclusive': 'VM のディスクを読み取れませんでした',
      'vmware-disk-mode.notApplicable': 'このジョブは VMware の VM をバックアップするものではありません',
      ...FACTS.ja,
    },
  },
  run(ctx: CheckContext): Finding {
    if (!isVmwareJob(ctx)) return notApplicable(META, { title: msg(META, 'notApplicable') });
    const { arn, vm, missing } = vmOf(ctx);
    if (!vm) return inconclusive(META, { title: msg(META, 'inconclusive'), missing });
    const independent = vm.disks.filter((d) => UNSUPPORTED_MODES.has(d.mode.toLowerCase()));
    const first = independent[0];
    if (!first) return pass(META, { title: msg(META, 'pass'), facts: facts({ diskCount: vm.disks.length }) });
    const params = { disk: first.label, mode: first.mode, count: independent.length };
    return fail(META, {
      title: msg(META, independent.length > 1 ? 'titleMany' : 'title', params),
      detail: msg(META, 'detail', params),
      facts: facts({
        independentDisks: independent.map((d) => `${d.label}: ${d.mode}`).join('; '),
        diskCount: vm.disks.length,
      }),
      fix: {
        summary: msg(META, 'fix'),
        command: independent
          .map((d) => `Get-VM -Name '<vm-name>' | Get-HardDisk -Name ${psQuote(d.label)} | Set-HardDisk -Persistence Persistent -Confirm:$false`)
          .join('\n'),
        docs: DOCS,
      },
      confidence: 0.9,
      subject: arn,
    });
  },
};
