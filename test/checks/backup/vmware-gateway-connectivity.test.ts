import { describe, expect, it } from 'vitest';
import { vmwareGatewayConnectivity as check } from '../../../lambdas/checks/backup/vmware-gateway-connectivity.ts';
import type { GatewayFacts } from '../../../lambdas/model/types.ts';
import { GATEWAY_ARN, TEN_GIB, VM_ARN } from './fixtures.ts';
import { context, evidence, expiredBackupEvent, textProblems } from './helpers.ts';

// bk-026 (AWS Backup VMware troubleshooting): the gateway's network, VM version or disks are the documented causes.
const vmJob = expiredBackupEvent({
  state: 'FAILED',
  plan: undefined,
  statusMessage: 'Failed to process backup data. Aborted backup job.',
  resourceArn: VM_ARN,
  resourceType: 'VirtualMachine',
  region: 'us-east-1',
});
const healthy: GatewayFacts = {
  arn: GATEWAY_ARN,
  name: 'onprem-gw',
  status: 'ONLINE',
  hypervisorHost: 'vcenter.example.internal',
  dnsServers: ['10.0.0.2'],
  blockedPorts: [],
  hypervisorReachable: true,
};
const withGateway = (gateway: GatewayFacts) =>
  evidence({ resources: { [VM_ARN]: { arn: VM_ARN, exists: true, vmware: { disks: [{ label: 'Hard disk 1', sizeBytes: TEN_GIB, mode: 'persistent' }], gateway } } } });

describe('vmware-gateway-connectivity', () => {
  it.each([
    { name: 'an OFFLINE gateway', gateway: { ...healthy, status: 'OFFLINE' }, title: 'offline' },
    { name: 'an unreachable hypervisor', gateway: { ...healthy, hypervisorReachable: false }, title: 'hypervisor' },
    { name: 'a blocked port to the ESXi hosts', gateway: { ...healthy, blockedPorts: [902] }, title: 'ports' },
    { name: 'no DNS server', gateway: { ...healthy, dnsServers: [] }, title: 'dns' },
  ])('reports $name', ({ gateway, title }) => {
    // Act
    const f = check.run(context(vmJob, withGateway(gateway)));
    // Assess
    expect(f.verdict).toBe('fail');
    expect(f.title.key).toBe(`vmware-gateway-connectivity.title.${title}`);
    expect(f.fix?.command).toBe(
      `aws backup-gateway test-hypervisor-configuration --gateway-arn ${GATEWAY_ARN} --host vcenter.example.internal --username <username> --password <password> --region us-east-1`,
    );
    expect(textProblems(check.messages, f)).toEqual([]);
  });

  it('lists the documented ports and which of them are blocked', () => {
    // Act
    const f = check.run(context(vmJob, withGateway({ ...healthy, blockedPorts: [902, 123] })));
    // Assess
    expect(f.title.params?.['blocked']).toBe('902, 123');
    expect(f.detail?.params?.['blocked']).toBe('TCP 902 → ESXi hosts, UDP 123 → NTP server');
    expect(String(f.detail?.params?.['required'])).toContain('TCP 443 → AWS');
    expect(String(f.detail?.params?.['required'])).toContain('UDP 53 → DNS server');
  });

  it('passes a healthy gateway, ignoring ports used only for activation and support', () => {
    // Act
    const f = check.run(context(vmJob, withGateway({ ...healthy, blockedPorts: [80, 22] })));
    // Assess
    expect(f.verdict).toBe('pass');
    expect(textProblems(check.messages, f)).toEqual([]);
  });

  it('is inconclusive when the port tests were not collected', () => {
    // Prepare
    const { blockedPorts: _none, ...partial } = healthy;
    // Act
    const f = check.run(context(vmJob, withGateway(partial)));
    // Assess
    expect(f.verdict).toBe('inconclusive');
    expect(f.missing).toHaveLength(1);
    expect(textProblems(check.messages, f)).toEqual([]);
  });

  it('is inconclusive when the VM was not read', () => {
    // Act
    const f = check.run(context(vmJob, evidence()));
    // Assess
    expect(f.verdict).toBe('inconclusive');
  });

  it('does not apply to a job that is not a VMware backup', () => {
    // Act
    const f = check.run(context(expiredBackupEvent(), evidence()));
    // Assess
    expect(f.verdict).toBe('not-applicable');
  });
});
