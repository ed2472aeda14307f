/**
 * Console deep links for the objects a diagnosis names: the role, the KMS key, the backup vault, the backup plan
 * and the job. Every output format shows them, so that a reader gets from the message to the object in one click.
 */
import type { Diagnosis, FailureEvent } from '../model/types.ts';

/** One console link: a label key (label.link.*) and the URL. */
export interface ConsoleLink {
  readonly kind: 'role' | 'key' | 'vault' | 'plan' | 'job';
  readonly url: string;
}

function regionOf(event: FailureEvent): string | undefined {
  return event.region && /^[a-z]{2}(?:-[a-z]+)+-\d$/.test(event.region) ? event.region : undefined;
}

function consoleBase(region: string, service: string): string {
  return `https://${region}.console.aws.amazon.com/${service}/home?region=${region}`;
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

/** The console links of a diagnosis, in a fixed order: role, key, vault, plan, job. */
export function consoleLinks(diagnosis: Diagnosis): ConsoleLink[] {
  const { event } = diagnosis;
  const region = regionOf(event);
  const out: ConsoleLink[] = [];
  const roleArn = event.roleArn ?? event.ecs?.attachment?.roleArn;
  const roleName = roleArn && /:role\//.test(roleArn) ? roleArn.slice(roleArn.lastIndexOf('/') + 1) : undefined;
  // IAM is global: its console has no region.
  if (roleName) out.push({ kind: 'role', url: `https://console.aws.amazon.com/iam/home#/roles/details/${encodeURIComponent(roleName)}` });
  const key = keyArnOf(diagnosis);
  const keyRegion = key?.split(':')[3];
  const keyId = key?.match(/:key\/([^/]+)$/)?.[1];
  if (keyRegion && keyId) out.push({ kind: 'key', url: `${consoleBase(keyRegion, 'kms')}#/kms/keys/${keyId}` });
  if (!region) return out;
  const vault = event.vaultName ?? event.vaultArn?.split(':backup-vault:')[1];
  if (vault) out.push({ kind: 'vault', url: `${consoleBase(region, 'backup')}#/backupvaults/details/${encodeURIComponent(vault)}` });
  if (event.plan?.planId) out.push({ kind: 'plan', url: `${consoleBase(region, 'backup')}#/backupplan/details/${encodeURIComponent(event.plan.planId)}` });
  const path = JOB_PATH[event.kind];
  if (path && event.jobId) out.push({ kind: 'job', url: `${consoleBase(region, 'backup')}#/jobs/${path}/details/${encodeURIComponent(event.jobId)}` });
  if (event.kind === 'ecs-volume-attachment' && event.ecs?.taskArn && event.ecs.clusterArn) {
    const cluster = event.ecs.clusterArn.slice(event.ecs.clusterArn.lastIndexOf('/') + 1);
    const task = event.ecs.taskArn.slice(event.ecs.taskArn.lastIndexOf('/') + 1);
    out.push({ kind: 'job', url: `https://${region}.console.aws.amazon.com/ecs/v2/clusters/${encodeURIComponent(cluster)}/tasks/${encodeURIComponent(task)}?region=${region}` });
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
