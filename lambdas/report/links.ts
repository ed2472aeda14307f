/**
 * Console deep links for the objects a diagnosis names: the role, the KMS key, the backup vault, the backup plan
 * and the job. Every output format shows them, so that a reader gets from the message to the object in one click.
 */
import { arnPartition } from '../model/arn.ts';
import type { Diagnosis, FailureEvent } from '../model/types.ts';

/** One console link: a label key (label.link.*) and the URL. */
export interface ConsoleLink {
  readonly kind: 'role' | 'key' | 'vault' | 'plan' | 'job';
  readonly url: string;
}

function regionOf(event: FailureEvent): string | undefined {
  return event.region && /^[a-z]{2}(?:-[a-z]+)+-\d$/.test(event.region) ? event.region : undefined;
}

/**
 * The console's host per partition: the commercial regions, China (Beijing, Ningxia) and AWS GovCloud (US). Other
 * partitions have consoles that are not public, so their objects get no link.
 * @see https://docs.aws.amazon.com/general/latest/gr/mgmt-console.html
 * @see https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/govcloud-iam.html
 */
const CONSOLE_HOST: Readonly<Record<string, string>> = {
  aws: 'console.aws.amazon.com',
  'aws-cn': 'console.amazonaws.cn',
  'aws-us-gov': 'console.amazonaws-us-gov.com',
};

/** The event's partition: from its ARNs, else from its region's name. */
function partitionOf(event: FailureEvent): string {
  const fromArn = [event.roleArn, event.resourceArn, event.vaultArn, event.ecs?.taskArn, event.ecs?.attachment?.roleArn]
    .map(arnPartition)
    .find(Boolean);
  if (fromArn) return fromArn;
  if (event.region?.startsWith('cn-')) return 'aws-cn';
  if (event.region?.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

function consoleBase(host: string, region: string, service: string): string {
  return `https://${region}.${host}/${service}/home?region=${region}`;
}

const JOB_PATH: Partial<Record<FailureEvent['kind'], string>> = {
  'backup-job': 'backup',
  'copy-job': 'copy',
  'restore-job': 'restore',
};

/** The KMS key ARN that the top failing finding is about, when it names one. */
function keyArnOf(diagnosis: Diagnosis): string | undefined {
  const top = diagnosis.findings[0];
  if (top?.verdict !== 'fail') return diagnosis.event.ebs?.keyArn;
  const fromSubject = top.subject && /^arn:[^:]+:kms:/.test(top.subject) ? top.subject : undefined;
  const fromFacts = top.facts.find((f) => (f.name === 'key' || f.name === 'keyArn') && /^arn:[^:]+:kms:/.test(f.value))?.value;
  return fromSubject ?? fromFacts ?? diagnosis.event.ebs?.keyArn;
}

/** A name as AWS allows it (IAM, vault, plan and job names and ids); anything else gets no link. */
function named(s: string | undefined): string | undefined {
  return s && /^[\w+=,.@-]{1,128}$/.test(s) ? s : undefined;
}

/** The console links of a diagnosis, in a fixed order: role, key, vault, plan, job. */
export function consoleLinks(diagnosis: Diagnosis): ConsoleLink[] {
  const { event } = diagnosis;
  const region = regionOf(event);
  const host = CONSOLE_HOST[partitionOf(event)];
  const out: ConsoleLink[] = [];
  if (!host) return out;
  const roleArn = event.roleArn ?? event.ecs?.attachment?.roleArn;
  const roleName = roleArn && /:role\//.test(roleArn) ? named(roleArn.slice(roleArn.lastIndexOf('/') + 1)) : undefined;
  // IAM is global: its console has no region.
  if (roleName) out.push({ kind: 'role', url: `https://${host}/iam/home#/roles/details/${encodeURIComponent(roleName)}` });
  const key = keyArnOf(diagnosis);
  const keyRegion = key?.split(':')[3];
  const keyId = key?.match(/:key\/([^/]+)$/)?.[1];
  if (keyRegion && /^[a-z]{2}(?:-[a-z]+)+-\d$/.test(keyRegion) && keyId) {
    out.push({ kind: 'key', url: `${consoleBase(host, keyRegion, 'kms')}#/kms/keys/${encodeURIComponent(keyId)}` });
  }
  if (!region) return out;
  const vault = named(event.vaultName ?? event.vaultArn?.split(':backup-vault:')[1]);
  if (vault) out.push({ kind: 'vault', url: `${consoleBase(host, region, 'backup')}#/backupvaults/details/${encodeURIComponent(vault)}` });
  const planId = named(event.plan?.planId);
  if (planId) out.push({ kind: 'plan', url: `${consoleBase(host, region, 'backup')}#/backupplan/details/${encodeURIComponent(planId)}` });
  const path = JOB_PATH[event.kind];
  const jobId = named(event.jobId);
  if (path && jobId) out.push({ kind: 'job', url: `${consoleBase(host, region, 'backup')}#/jobs/${path}/details/${encodeURIComponent(jobId)}` });
  if (event.kind === 'ecs-volume-attachment' && event.ecs?.taskArn && event.ecs.clusterArn) {
    const cluster = event.ecs.clusterArn.slice(event.ecs.clusterArn.lastIndexOf('/') + 1);
    const task = event.ecs.taskArn.slice(event.ecs.taskArn.lastIndexOf('/') + 1);
    out.push({ kind: 'job', url: `https://${region}.${host}/ecs/v2/clusters/${encodeURIComponent(cluster)}/tasks/${encodeURIComponent(task)}?region=${region}` });
  }
  return out;
}

/** The labels of the links, per language. */
export const linkMessages = {
  en: {
    'label.link.role': 'Role',
    'label.link.key': 'KMS key',
    'label.link.vault': 'Vault',
    'label.link.plan': 'Backup plan',
    'label.link.job': 'Job',
    'section.links': 'In the console',
  },
  ja: {
    'label.link.role': 'ロール',
    'label.link.key': 'KMS キー',
    'label.link.vault': 'ボールト',
    'label.link.plan': 'バックアッププラン',
    'label.link.job': 'ジョブ',
    'section.links': 'コンソール',
  },
} as const;
