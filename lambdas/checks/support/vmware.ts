/**
 * Shared look-ups of the VMware checks: whether a job is a VMware VM backup and what was read about the VM.
 */
import type { CheckContext, Gap, ResourceFacts } from '../../model/types.ts';
import { missingAbout } from './backup-common.ts';

/** Whether the job backs up a VMware virtual machine served by a Backup gateway. */
export function isVmwareJob(ctx: CheckContext): boolean {
  const arn = ctx.event.resourceArn ?? ctx.evidence.job?.resourceArn ?? '';
  const type = ctx.event.resourceType ?? ctx.evidence.job?.resourceType;
  return type === 'VirtualMachine' || /^arn:[^:]+:backup-gateway:[^:]*:[^:]*:vm\//.test(arn);
}

/** The VM's facts, or the gaps that kept them from being read. */
export function vmOf(ctx: CheckContext): { arn: string; vm?: NonNullable<ResourceFacts['vmware']>; missing: Gap[] } {
  const arn = ctx.event.resourceArn ?? ctx.evidence.job?.resourceArn ?? '';
  const vm = ctx.evidence.resources?.[arn]?.vmware;
  if (vm) return { arn, vm, missing: [] };
  return { arn, missing: missingAbout(ctx.evidence, arn, `backup-gateway:GetVirtualMachine ${arn}`, 'backup-gateway:GetVirtualMachine') };
}

/** Quotes a value for a PowerShell (PowerCLI) command line: '...' with embedded single quotes doubled. */
export function psQuote(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
