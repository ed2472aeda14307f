/**
 * Can the Backup gateway serving a VMware VM reach AWS, the hypervisor and its DNS server?
 */
import { cliCommand } from '../../model/shell.ts';
import type { Check, CheckContext, Finding, Gap } from '../../model/types.ts';
import { arnName } from '../../model/arn.ts';
import { facts, fail, inconclusive, msg, notApplicable, pass } from '../support/finding.ts';
import { missingAbout } from '../support/backup-common.ts';
import { isVmwareJob, vmOf } from '../support/vmware.ts';
import { factMessages } from '../../model/fact-labels.ts';

const DOCS = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/configure-infrastructure-bgw.html';
const META = { id: 'vmware-gateway-connectivity', category: 'vmware-gateway' } as const;
const FACTS = factMessages([
  'gateway', 'gatewayStatus', 'lastSeen', 'hypervisorHost', 'hypervisorReachable', 'blockedPorts',
  'requiredPorts', 'dnsServers',
]);

/** A port the Backup gateway needs, as AWS documents it. */
export interface GatewayPort {
  readonly protocol: 'TCP' | 'UDP';
  readonly port: number;
  readonly direction: 'outbound' | 'inbound';
  /** Where the traffic goes (outbound) or comes from (inbound). */
  readonly peer: string;
  /** false for ports needed only for activation or AWS Support access, not for backups. */
  readonly forBackups: boolean;
}

/**
 * The gateway's network requirements: the configuration page lists 443 (AWS, vCenter, ESXi), 80 (activation),
 * 53 (DNS), 22 (AWS Support) and 123 (NTP); the VMware troubleshooting page adds 902 to the ESXi hosts.
 */
export const GATEWAY_PORTS: readonly GatewayPort[] = [
  { protocol: 'TCP', port: 443, direction: 'outbound', peer: 'AWS', forBackups: true },
  { protocol: 'TCP', port: 443, direction: 'outbound', peer: 'VMware vCenter', forBackups: true },
  { protocol: 'TCP', port: 443, direction: 'outbound', peer: 'ESXi hosts', forBackups: true },
  { protocol: 'TCP', port: 902, direction: 'outbound', peer: 'ESXi hosts', forBackups: true },
  { protocol: 'UDP', port: 53, direction: 'outbound', peer: 'DNS server', forBackups: true },
  { protocol: 'UDP', port: 123, direction: 'outbound', peer: 'NTP server', forBackups: true },
  { protocol: 'TCP', port: 80, direction: 'inbound', peer: 'console host (activation only)', forBackups: false },
  { protocol: 'TCP', port: 22, direction: 'outbound', peer: 'AWS Support (troubleshooting only)', forBackups: false },
];

function portText(p: GatewayPort): string {
  return `${p.protocol} ${p.port} ${p.direction === 'outbound' ? '→' : '←'} ${p.peer}`;
}

type Problem = 'offline' | 'hypervisor' | 'ports' | 'dns';

/**
 * A VMware backup fails when its gateway is offline, when a required port is blocked, when its DNS server is
 * wrong, or when it cannot reach the hypervisor.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/configure-infrastructure-bgw.html
 */
export const vmwareGatewayConnectivity: Check = {
  ...META,
  appliesTo: ['backup-job', 'restore-job'],
  docs: DOCS,
  messages: {
    en: {
      'vmware-gateway-connectivity.title.offline': 'Backup gateway {gateway} is {status}',
      'vmware-gateway-connectivity.title.hypervisor': 'Backup gateway {gateway} cannot reach the hypervisor {host}',
      'vmware-gateway-connectivity.title.ports': 'Backup gateway {gateway} is blocked on port(s) {blocked}',
      'vmware-gateway-connectivity.title.dns': 'Backup gateway {gateway} has no DNS server configured',
      'vmware-gateway-connectivity.detail':
        'The gateway moves VM data from the hypervisor to AWS. It needs these ports open: {required}. Blocked according to the evidence: {blocked}. Also check that the gateway appliance uses the right DNS server (now: {dns}).',
      'vmware-gateway-connectivity.fix':
        'Open the blocked ports between the gateway and its peers (firewall, security groups), make sure the gateway VM is powered on and uses a DNS server that resolves vCenter, the ESXi hosts and AWS endpoints, then test the connection to the hypervisor (replace <username> and <password> with the hypervisor credentials).',
      'vmware-gateway-connectivity.fixStatus':
        'Open the blocked ports between the gateway and its peers, make sure the gateway VM is powered on and uses a working DNS server, then confirm that the gateway is ONLINE again.',
      'vmware-gateway-connectivity.pass': 'Backup gateway {gateway} is online, reaches the hypervisor and has no blocked port',
      'vmware-gateway-connectivity.inconclusive': 'Could not check the network of backup gateway {gateway}',
      'vmware-gateway-connectivity.notApplicable': 'The job does not back up a VMware VM',
      ...FACTS.en,
    },
    ja: {
      'vmware-gateway-connectivity.title.offline': 'バックアップゲートウェイ {gateway} の状態が {status} です',
      'vmware-gateway-connectivity.title.hypervisor': 'バックアップゲートウェイ {gateway} からハイパーバイザー {host} に接続できません',
      'vmware-gateway-connectivity.title.ports': 'バックアップゲートウェイ {gateway} のポート {blocked} がブロックされています',
      'vmware-gateway-connectivity.title.dns': 'バックアップゲートウェイ {gateway} に DNS サーバーが設定されていません',
      'vmware-gateway-connectivity.detail':
        'ゲートウェイはハイパーバイザーから AWS へ VM のデータを転送します。次のポートを開けておく必要があります: {required}。収集した情報ではブロックされているポート: {blocked}。ゲートウェイアプライアンスに正しい DNS サーバーが設定されていることも確認してください（現在: {dns}）。',
      'vmware-gateway-connectivity.fix':
        'ゲートウェイと接続先の間でブロックされているポートを開け（ファイアウォール、セキュリティグループ）、ゲートウェイ VM が起動していて vCenter、ESXi ホスト、AWS のエンドポイントを解決できる DNS サーバーを使っていることを確認してから、ハイパーバイザーへの接続をテストしてください（<username> と <password> はハイパーバイザーの認証情報に置き換えてください）。',
      'vmware-gateway-connectivity.fixStatus':
        'ゲートウェイと接続先の間でブロックされているポートを開け、ゲートウェイ VM が起動していて正しい DNS サーバーを使っていることを確認してから、ゲートウェイが ONLINE に戻ったことを確認してください。',
      'vmware-gateway-connectivity.pass': 'バックアップゲートウェイ {gateway} はオンラインで、ハイパーバイザーに接続でき、ブロックされたポートもありません',
      'vmware-gateway-connectivity.inconclusive': 'バックアップゲートウェイ {gateway} のネットワークを確認できませんでした',
      'vmware-gateway-connectivity.notApplicable': 'このジョブは VMware の VM をバックアップするものではありません',
      ...FACTS.ja,
    },
  },
  run(ctx: CheckContext): Finding {
    if (!isVmwareJob(ctx)) return notApplicable(META, { title: msg(META, 'notApplicable') });
    const { arn, vm, missing } = vmOf(ctx);
    if (!vm) return inconclusive(META, { title: msg(META, 'inconclusive', { gateway: '' }), missing });
    const gw = vm.gateway;
    if (!gw) {
      return inconclusive(META, {
        title: msg(META, 'inconclusive', { gateway: '' }),
        missing: missingAbout(ctx.evidence, arn, `the Backup gateway of ${arn}`, 'backup-gateway:GetGateway'),
      });
    }
    const name = gw.name ?? arnName(gw.arn);
    const required = GATEWAY_PORTS.filter((p) => p.forBackups);
    const blockedRequired = required.filter((p) => gw.blockedPorts?.includes(p.port));
    const blockedNumbers = [...new Set(blockedRequired.map((p) => p.port))];
    const problems: Problem[] = [];
    if (gw.status !== undefined && gw.status.toUpperCase() !== 'ONLINE') problems.push('offline');
    if (gw.hypervisorReachable === false) problems.push('hypervisor');
    if (blockedNumbers.length) problems.push('ports');
    if (gw.dnsServers !== undefined && gw.dnsServers.length === 0) problems.push('dns');
    const params = {
      gateway: name,
      status: gw.status ?? '',
      host: gw.hypervisorHost ?? '',
      blocked: blockedNumbers.length ? blockedRequired.map(portText).join(', ') : '-',
      required: required.map(portText).join(', '),
      dns: gw.dnsServers?.length ? gw.dnsServers.join(', ') : '-',
    };
    const factList = facts({
      gateway: gw.arn,
      gatewayStatus: gw.status,
      lastSeen: gw.lastSeenTime,
      hypervisorHost: gw.hypervisorHost,
      hypervisorReachable: gw.hypervisorReachable,
      blockedPorts: gw.blockedPorts?.length ? gw.blockedPorts.join(', ') : undefined,
      requiredPorts: params.required,
      dnsServers: gw.dnsServers?.join(', '),
    });
    const first = problems[0];
    if (first) {
      const command = gw.hypervisorHost
        ? cliCommand('aws backup-gateway test-hypervisor-configuration', [
            ['gateway-arn', gw.arn],
            ['host', gw.hypervisorHost],
            ['username', '<username>'],
            ['password', '<password>'],
            ['region', ctx.event.region],
          ])
        : cliCommand('aws backup-gateway get-gateway', [
            ['gateway-arn', gw.arn],
            ['region', ctx.event.region],
          ]);
      return fail(META, {
        title: msg(META, `title.${first === 'ports' && blockedNumbers.length ? 'ports' : first}`, {
          ...params,
          blocked: blockedNumbers.join(', '),
        }),
        detail: msg(META, 'detail', params),
        facts: factList,
        fix: { summary: msg(META, gw.hypervisorHost ? 'fix' : 'fixStatus'), command, docs: DOCS },
        confidence: first === 'dns' ? 0.6 : 0.85,
        subject: gw.arn,
      });
    }
    const unknown: Gap[] = [];
    if (gw.status === undefined) unknown.push({ what: `the status of Backup gateway ${name}`, subject: gw.arn, why: 'not-collected' });
    if (gw.blockedPorts === undefined) unknown.push({ what: `the port test results of Backup gateway ${name}`, subject: gw.arn, why: 'not-collected' });
    if (gw.hypervisorReachable === undefined) {
      unknown.push({ what: `whether Backup gateway ${name} reaches its hypervisor`, subject: gw.arn, why: 'not-collected' });
    }
    if (unknown.length) {
      return inconclusive(META, { title: msg(META, 'inconclusive', { gateway: name }), facts: factList, missing: unknown });
    }
    return pass(META, { title: msg(META, 'pass', { gateway: name }), facts: factList });
  },
};
