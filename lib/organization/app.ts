/**
 * The organization deployment of the CDK app: `-c deployment=organization -c organizationId=o-...` gives the
 * central stack and the member template (a stack of its own, synthesised to cdk.out for StackSets).
 * Optional context: memberRegions (comma-separated), externalId, stackSetName, and stackSetTargets (r-... or
 * ou-... ids, comma-separated) with callAs (SELF or DELEGATED_ADMIN) to create the StackSet from the central stack.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type Environment } from 'aws-cdk-lib';
import type { BackupDoctorProps } from '../backup-doctor.ts';
import { CentralStack } from './central-stack.ts';
import { MemberStack, type MemberStackProps } from './member-stack.ts';

/** The organization deployment's settings, from context. */
export interface OrganizationAppProps {
  readonly organizationId: string;
  readonly env?: Environment;
  readonly doctor?: BackupDoctorProps;
  readonly externalId?: string;
  readonly stackSetName?: string;
  readonly memberRegions?: readonly string[];
  readonly stackSetTargets?: readonly string[];
  readonly callAs?: 'SELF' | 'DELEGATED_ADMIN';
  /** Stack names; BackupDoctorCentral and BackupDoctorMember by default. */
  readonly centralStackName?: string;
  readonly memberStackName?: string;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** A comma-separated context value as a list; empty items dropped. */
export function listOf(value: string | undefined): string[] {
  return (value ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '');
}

/** The member template as JSON, synthesised on its own (for the StackSet's TemplateBody). */
export function memberTemplateBody(props: MemberStackProps): string {
  const outdir = mkdtempSync(join(tmpdir(), 'backup-doctor-member-'));
  try {
    const app = new App({ outdir });
    const stack = new MemberStack(app, 'Member', props);
    return JSON.stringify(app.synth().getStackByName(stack.stackName).template);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Adds both stacks of the organization deployment to `app`. */
export function addOrganizationStacks(app: App, props: OrganizationAppProps): { central: CentralStack; member: MemberStack } {
  for (const region of props.memberRegions ?? []) {
    if (!REGION.test(region)) throw new Error(`memberRegions: "${region}" is not a region name such as eu-west-1`);
  }
  for (const target of props.stackSetTargets ?? []) {
    if (!/^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/.test(target)) {
      throw new Error(`stackSetTargets: "${target}" is neither an organization root id (r-...) nor an OU id (ou-...)`);
    }
  }
  const member = new MemberStack(app, props.memberStackName ?? 'BackupDoctorMember', {
    organizationId: props.organizationId,
    description: 'backup-doctor member (StackSet template): forwards failure events to the central bus; read-only inspection role',
  });
  const targets = props.stackSetTargets ?? [];
  const central = new CentralStack(app, props.centralStackName ?? 'BackupDoctorCentral', {
    description: 'backup-doctor central: the organization bus and the responder reading member accounts',
    organizationId: props.organizationId,
    ...(props.env ? { env: props.env } : {}),
    ...(props.doctor ? { doctor: props.doctor } : {}),
    ...(props.externalId ? { externalId: props.externalId } : {}),
    ...(props.stackSetName ? { stackSetName: props.stackSetName } : {}),
    ...(targets.length > 0
      ? {
          stackSet: {
            templateBody: memberTemplateBody({ organizationId: props.organizationId }),
            targets,
            regions: props.memberRegions ?? [],
            callAs: props.callAs ?? 'SELF',
          },
        }
      : {}),
  });
  return { central, member };
}
