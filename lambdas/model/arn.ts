/**
 * ARNs: `arn:<partition>:<service>:<region>:<account>:<resource>`, where the resource part may itself hold colons.
 * Every module reads ARNs through these helpers.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */

/** The number of segments of an ARN. */
export const ARN_SEGMENTS = 6;

/** Splits an ARN into its five colon-delimited prefix segments and the resource part (which may hold colons). */
export function splitArn(arn: string): string[] | undefined {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < ARN_SEGMENTS - 1; i++) {
    const colon = arn.indexOf(':', start);
    if (colon < 0) return undefined;
    parts.push(arn.slice(start, colon));
    start = colon + 1;
  }
  parts.push(arn.slice(start));
  return parts;
}

function segment(arn: string | undefined, index: number): string | undefined {
  if (!arn?.startsWith('arn:')) return undefined;
  return splitArn(arn)?.[index] || undefined;
}

/** The partition of an ARN (aws, aws-cn, aws-us-gov), when it is one. */
export function arnPartition(arn: string | undefined): string | undefined {
  return segment(arn, 1);
}

/** The service of an ARN, when it is one. */
export function arnService(arn: string | undefined): string | undefined {
  return segment(arn, 2);
}

/** The region of an ARN, when it has one (global services leave it empty). */
export function arnRegion(arn: string | undefined): string | undefined {
  return segment(arn, 3);
}

/** The account id of an ARN, when it has one. */
export function arnAccount(arn: string | undefined): string | undefined {
  return segment(arn, 4);
}

/** The resource part of an ARN, when it is one. */
export function arnResource(arn: string | undefined): string | undefined {
  return segment(arn, 5);
}

/** The last path segment of an ARN: the role name of a role ARN, the key id of a key ARN. */
export function arnName(arn: string): string {
  const tail = arn.slice(arn.lastIndexOf(':') + 1);
  return tail.slice(tail.lastIndexOf('/') + 1);
}

/** The name of a backup vault from its ARN (`arn:aws:backup:<region>:<account>:backup-vault:<name>`). */
export function vaultNameFromArn(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const marker = ':backup-vault:';
  const i = arn.indexOf(marker);
  return i >= 0 ? arn.slice(i + marker.length) : undefined;
}

/** The path of a role ARN ("/service-role/" for arn:aws:iam::1:role/service-role/X), "/" when it has none. */
export function rolePath(arn: string): string {
  const resource = arn.slice(arn.indexOf(':role/') + ':role/'.length);
  const slash = resource.lastIndexOf('/');
  return slash < 0 ? '/' : `/${resource.slice(0, slash + 1)}`;
}

/**
 * Whether a role is AWS Backup's service-linked role, which a job cannot be started with: by its path (as IAM
 * reported it, else from the ARN) or by its name.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/using-service-linked-roles.html
 */
export function isBackupServiceLinkedRole(roleArn: string, path: string = rolePath(roleArn)): boolean {
  return path === '/aws-service-role/backup.amazonaws.com/' || arnName(roleArn) === 'AWSServiceRoleForBackup';
}

/** The default service role that AWS Backup creates, in an account. */
export function defaultServiceRoleArn(account: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${account}:role/service-role/AWSBackupDefaultServiceRole`;
}
