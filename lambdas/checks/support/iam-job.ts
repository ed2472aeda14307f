/**
 * What the IAM and KMS checks read about the job: its type, role, resource and the values that fill permission
 * profile templates. Everything falls back from the event to the job record that DescribeBackupJob returned.
 */
import type { CheckContext, Gap } from '../../model/types.ts';
import type { JobType, TemplateVars } from '../../../profiles/index.ts';
import { partitionOf } from '../../../profiles/index.ts';
import { regionOf } from './lookup.ts';
import { arnAccount } from '../../model/arn.ts';

/** The AWS Backup job type of a failure, if it is a job. */
export function jobTypeOf(ctx: CheckContext): JobType | undefined {
  switch (ctx.event.kind) {
    case 'backup-job':
      return 'backup';
    case 'copy-job':
      return 'copy';
    case 'restore-job':
      return 'restore';
    default:
      return undefined;
  }
}

/** The role the job ran with. */
export function roleArnOf(ctx: CheckContext): string | undefined {
  return ctx.event.roleArn ?? ctx.evidence.job?.roleArn;
}

/** The resource the job backed up, copied or restored. */
export function resourceArnOf(ctx: CheckContext): string | undefined {
  return ctx.event.resourceArn ?? ctx.evidence.job?.resourceArn;
}

/** The resource type as AWS Backup names it (EBS, EC2, RDS, ...). */
export function resourceTypeOf(ctx: CheckContext): string | undefined {
  const arn = resourceArnOf(ctx);
  return ctx.event.resourceType ?? ctx.evidence.job?.resourceType ?? (arn ? ctx.evidence.resources?.[arn]?.type : undefined);
}

/** The account the job ran in. */
export function accountOf(ctx: CheckContext): string | undefined {
  const role = roleArnOf(ctx);
  return ctx.event.account ?? ctx.evidence.account ?? (role ? arnAccount(role) : undefined);
}

/** The values for profile templates; region and account fall back to "*" so that patterns stay ARNs. */
export function templateVarsOf(ctx: CheckContext): TemplateVars {
  const role = roleArnOf(ctx);
  const resource = resourceArnOf(ctx);
  const partition = partitionOf(role ?? resource);
  return {
    partition,
    region: regionOf(ctx) ?? '*',
    account: accountOf(ctx) ?? '*',
    ...(resource ? { resource } : {}),
    destinationVault: ctx.event.destinationVaultArn ?? `arn:${partition}:backup:*:*:backup-vault:*`,
  };
}

/** A gap for a value the event and the evidence both lack. */
export function notInEvent(what: string): Gap {
  return { what, why: 'not-collected' };
}
