/**
 * A loopback fake of the AWS endpoints the diagnoser calls, serving one account snapshot (an Evidence JSON)
 * through the services' real wire protocols, so that the SDK's own serialisation, error parsing and retries run.
 *
 * ```ts
 * const aws = await startFakeAws(snapshot, { seed: 7, faults: { iam: { throttle: 0.3 }, 'kms:GetKeyPolicy': { accessDenied: true } } });
 * Object.assign(process.env, aws.env);          // or createClients({ endpoint: aws.url, credentials, ... })
 * ... run the handler or collectEvidence ...
 * aws.requests;   // [{ service: 'iam', action: 'GetRole', status: 200 }, ...] in arrival order
 * aws.published;  // [{ topicArn, subject, message }] from SNS Publish
 * aws.setFaults({ faults: {} });                 // change faults between runs
 * await aws.close();
 * ```
 *
 * Served (everything else answers 501 `NotImplemented`):
 * - IAM (awsQuery): GetRole, ListAttachedRolePolicies, ListRolePolicies, GetRolePolicy, GetPolicy,
 *   GetPolicyVersion (documents URL-encoded, as IAM sends them), SimulatePrincipalPolicy (from `role.simulation`;
 *   an action not listed is `implicitDeny`). A role absent from the snapshot or with exists:false is NoSuchEntity.
 * - SNS (awsQuery): Publish, recorded in `published`.
 * - KMS (awsJson1_1): DescribeKey (by ARN, key id, alias name or alias ARN; Missing or absent → NotFoundException),
 *   GetKeyPolicy, ListGrants.
 * - Backup (restJson1): DescribeBackupJob/DescribeCopyJob/DescribeRestoreJob (from `job`), GetBackupPlan,
 *   DescribeBackupVault (exists:false or absent → ResourceNotFoundException), ListBackupJobs (from `jobHistory`),
 *   DescribeGlobalSettings.
 * - EC2 (ec2 query): DescribeVolumes, DescribeInstances (an instance resource has one root volume
 *   `vol-<instance id>` carrying its key), DescribeSnapshots.
 * - DynamoDB (awsJson1_0): DescribeTable, and GetItem/PutItem/UpdateItem/DeleteItem on an in-memory table with real condition
 *   and update expressions (the diagnoser's idempotency table). ECS (awsJson1_1): DescribeTasks, DescribeTaskDefinition,
 *   DescribeServices (the snapshot's volume configurations on a PRIMARY deployment). CloudTrail (awsJson1_1):
 *   LookupEvents (from `trail`, plus the RunTask of a standalone task with the snapshot's volume configurations;
 *   one lookup attribute, StartTime/EndTime, MaxResults and NextToken as CloudTrail honours them).
 *
 * The service is read from the SigV4 credential scope, so one URL serves all: `env` sets AWS_ENDPOINT_URL and
 * every AWS_ENDPOINT_URL_<SERVICE>, dummy credentials and AWS_REGION (the snapshot's, else us-east-1).
 * Faults apply per `service:Action`, else per service, else `*`: `throttle` and `serverError` are fractions of
 * responses drawn from a seeded generator, `accessDenied` denies every call, `latencyMs` delays every answer.
 * Error bodies carry the service's error code and a message saying whether the fault plan injected it or the
 * snapshot lacks the object; the messages are the fake's own, never AWS's.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConditionFailed, FakeTable } from './ddb-table.ts';
import type { EcsVolumeConfigFacts, Evidence, JobRecord, KeyFacts, PolicyDocument, RoleFacts } from '../../lambdas/core/types.ts';

/** Faults for one service or action. */
export interface Fault {
  /** Fraction (0..1) of responses that are the service's throttling error. */
  readonly throttle?: number;
  /** Fraction (0..1) of responses that are a 500 internal error. */
  readonly serverError?: number;
  /** Every call is denied with the service's access-denied error. */
  readonly accessDenied?: boolean;
  /** Added to every answer, in ms. */
  readonly latencyMs?: number;
}

/** Which faults to inject: keys are `service:Action` (e.g. "iam:GetRole"), `service` (e.g. "kms") or "*". */
export interface FaultPlan {
  /** Seed of the generator that draws throttled and failed responses (1 by default). */
  readonly seed?: number;
  readonly faults?: Readonly<Record<string, Fault>>;
}

/** One request as the fake saw it. */
export interface Recorded {
  readonly service: string;
  readonly action: string;
  readonly status: number;
  /** The error code sent, for a failed request. */
  readonly error?: string;
  /** true when the error was injected by the fault plan. */
  readonly injected?: boolean;
}

/** A message received by SNS Publish. */
export interface Published {
  readonly topicArn: string;
  readonly subject?: string;
  readonly message: string;
}

/** A running fake. */
export interface FakeAws {
  readonly url: string;
  readonly env: Record<string, string>;
  readonly requests: Recorded[];
  readonly published: Published[];
  setFaults(plan: FaultPlan): void;
  close(): Promise<void>;
}

type Protocol = 'query' | 'ec2' | 'json1.0' | 'json1.1' | 'rest-json';

const PROTOCOL: Record<string, Protocol> = {
  iam: 'query',
  sns: 'query',
  ec2: 'ec2',
  kms: 'json1.1',
  ecs: 'json1.1',
  cloudtrail: 'json1.1',
  dynamodb: 'json1.0',
  backup: 'rest-json',
};

const XMLNS: Record<string, string> = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sns: 'http://sns.amazonaws.com/doc/2010-03-31/',
  ec2: 'http://ec2.amazonaws.com/doc/2016-11-15/',
};

const THROTTLE: Record<string, [string, number]> = {
  iam: ['Throttling', 400],
  sns: ['Throttling', 400],
  ec2: ['RequestLimitExceeded', 503],
  kms: ['ThrottlingException', 400],
  ecs: ['ThrottlingException', 400],
  cloudtrail: ['ThrottlingException', 400],
  dynamodb: ['ThrottlingException', 400],
  backup: ['ThrottlingException', 429],
};

const DENIED: Record<string, [string, number]> = {
  iam: ['AccessDenied', 403],
  sns: ['AuthorizationError', 403],
  ec2: ['UnauthorizedOperation', 403],
  kms: ['AccessDeniedException', 400],
  ecs: ['AccessDeniedException', 400],
  cloudtrail: ['AccessDeniedException', 400],
  dynamodb: ['AccessDeniedException', 400],
  backup: ['AccessDeniedException', 403],
};

/** An error answer: code and HTTP status. */
class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly injected = false,
  ) {
    super(code);
  }
}

/** A small deterministic generator (mulberry32), so that a seeded fault plan replays exactly. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ------------------------------------------------------------------------------------------------------------
// Wire encodings

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Serialises a value as XML children: arrays as <member> (query) or <item> (ec2) entries. */
function toXml(value: unknown, listItem: string): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v) => `<${listItem}>${toXml(v, listItem)}</${listItem}>`).join('');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${toXml(v, listItem)}</${k}>`)
      .join('');
  }
  return escapeXml(String(value));
}

/** A JSON-protocol timestamp: epoch seconds. */
function epoch(iso: string | undefined): number | undefined {
  return iso === undefined ? undefined : Date.parse(iso) / 1000;
}

function iamDoc(doc: PolicyDocument | undefined): string | undefined {
  return doc === undefined ? undefined : encodeURIComponent(JSON.stringify(doc));
}

// ------------------------------------------------------------------------------------------------------------
// The snapshot as the services see it

function findRole(s: Evidence, name: string): RoleFacts | undefined {
  return Object.values(s.roles ?? {}).find((r) => r.exists && r.name === name);
}

function findKey(s: Evidence, ref: string): KeyFacts | undefined {
  const keys = s.keys ?? {};
  const viaAlias = s.aliases?.[ref];
  const found =
    keys[ref] ??
    (viaAlias !== undefined ? keys[viaAlias] : undefined) ??
    Object.values(keys).find((k) => k.keyId === ref || k.arn.endsWith(`/${ref}`) || (k.aliases ?? []).includes(ref));
  return found?.state === 'Missing' ? undefined : found;
}

/** Every managed policy (attached or boundary) of the snapshot's roles, by ARN. */
function managedPolicies(s: Evidence): Map<string, { name: string; versionId: string; document?: PolicyDocument }> {
  const result = new Map<string, { name: string; versionId: string; document?: PolicyDocument }>();
  for (const role of Object.values(s.roles ?? {})) {
    for (const p of [...(role.attachedPolicies ?? []), ...(role.permissionsBoundary ? [role.permissionsBoundary] : [])]) {
      if (p.arn !== undefined) {
        result.set(p.arn, { name: p.name, versionId: p.versionId ?? 'v1', ...(p.document ? { document: p.document } : {}) });
      }
    }
  }
  return result;
}

function notFound(code = 'NoSuchEntity', status = 404): never {
  throw new ApiError(code, status);
}

function iam(s: Evidence, action: string, p: URLSearchParams): unknown {
  const role = (): RoleFacts => findRole(s, p.get('RoleName') ?? '') ?? notFound();
  switch (action) {
    case 'GetRole': {
      const r = role();
      return {
        Role: {
          Path: r.path ?? '/',
          RoleName: r.name,
          RoleId: `AROA${r.name.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 16)}`,
          Arn: r.arn,
          CreateDate: r.createDate ?? '2020-01-01T00:00:00Z',
          AssumeRolePolicyDocument: iamDoc(r.trustPolicy),
          PermissionsBoundary: r.permissionsBoundary?.arn
            ? { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: r.permissionsBoundary.arn }
            : undefined,
          RoleLastUsed: r.lastModified ? { LastUsedDate: r.lastModified } : undefined,
          Tags: r.tags ? Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })) : undefined,
        },
      };
    }
    case 'ListAttachedRolePolicies':
      return {
        AttachedPolicies: (role().attachedPolicies ?? []).map((a) => ({ PolicyName: a.name, PolicyArn: a.arn })),
        IsTruncated: false,
      };
    case 'ListRolePolicies':
      return { PolicyNames: (role().inlinePolicies ?? []).map((a) => a.name), IsTruncated: false };
    case 'GetRolePolicy': {
      const r = role();
      const inline = (r.inlinePolicies ?? []).find((i) => i.name === p.get('PolicyName')) ?? notFound();
      return { RoleName: r.name, PolicyName: inline.name, PolicyDocument: iamDoc(inline.document) };
    }
    case 'GetPolicy': {
      const arn = p.get('PolicyArn') ?? '';
      const m = managedPolicies(s).get(arn) ?? notFound();
      return { Policy: { PolicyName: m.name, Arn: arn, DefaultVersionId: m.versionId, IsAttachable: true } };
    }
    case 'GetPolicyVersion': {
      const m = managedPolicies(s).get(p.get('PolicyArn') ?? '') ?? notFound();
      if (m.versionId !== p.get('VersionId')) notFound();
      return { PolicyVersion: { Document: iamDoc(m.document), VersionId: m.versionId, IsDefaultVersion: true } };
    }
    case 'SimulatePrincipalPolicy': {
      const arn = p.get('PolicySourceArn') ?? '';
      const r = Object.values(s.roles ?? {}).find((x) => x.arn === arn && x.exists) ?? notFound();
      const actions = [...p.entries()].filter(([k]) => k.startsWith('ActionNames.member.')).map(([, v]) => v);
      return {
        EvaluationResults: actions.map((a) => ({
          EvalActionName: a,
          EvalResourceName: '*',
          EvalDecision: r.simulation?.[a] ?? 'implicitDeny',
        })),
        IsTruncated: false,
      };
    }
    default:
      throw new ApiError('NotImplemented', 501);
  }
}

function kms(s: Evidence, action: string, body: Record<string, unknown>): unknown {
  const key = findKey(s, String(body['KeyId'] ?? '')) ?? notFound('NotFoundException', 400);
  switch (action) {
    case 'DescribeKey':
      return {
        KeyMetadata: {
          Arn: key.arn,
          KeyId: key.keyId ?? key.arn.slice(key.arn.lastIndexOf('/') + 1),
          AWSAccountId: key.arn.split(':')[4],
          KeyState: key.state,
          Enabled: key.state === 'Enabled',
          KeyManager: key.manager ?? 'CUSTOMER',
          Origin: key.origin ?? 'AWS_KMS',
          DeletionDate: epoch(key.deletionDate),
        },
      };
    case 'GetKeyPolicy':
      return { Policy: JSON.stringify(key.policy ?? { Version: '2012-10-17', Statement: [] }), PolicyName: 'default' };
    case 'ListGrants':
      return {
        Grants: (key.grants ?? []).map((g) => ({
          KeyId: key.arn,
          GrantId: g.grantId,
          GranteePrincipal: g.granteePrincipal,
          RetiringPrincipal: g.retiringPrincipal,
          Operations: g.operations,
          Constraints: g.constraints,
        })),
        Truncated: false,
      };
    default:
      throw new ApiError('NotImplemented', 501);
  }
}

function backupJobJson(j: JobRecord): Record<string, unknown> {
  return {
    BackupJobId: j.jobId,
    BackupVaultName: j.vaultName,
    ResourceArn: j.resourceArn,
    ResourceType: j.resourceType,
    IamRoleArn: j.roleArn,
    State: j.state,
    StatusMessage: j.statusMessage,
    CreationDate: epoch(j.creationDate),
    CompletionDate: epoch(j.completionDate),
    StartBy: epoch(j.startBy),
    BytesTransferred: j.bytesTransferred,
    BackupSizeInBytes: j.backupSizeInBytes,
    CreatedBy: j.planId ? { BackupPlanId: j.planId, BackupRuleId: j.ruleId } : undefined,
  };
}

function lifecycleJson(l: { deleteAfterDays?: number; moveToColdStorageAfterDays?: number; optInToArchiveForSupportedResources?: boolean } | undefined): unknown {
  return l === undefined
    ? undefined
    : {
        DeleteAfterDays: l.deleteAfterDays,
        MoveToColdStorageAfterDays: l.moveToColdStorageAfterDays,
        OptInToArchiveForSupportedResources: l.optInToArchiveForSupportedResources,
      };
}

function backup(s: Evidence, method: string, path: string, query: URLSearchParams): { action: string; answer: () => unknown } {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const missing = (): never => notFound('ResourceNotFoundException', 404);
  const job = (type: JobRecord['jobType'], id: string): JobRecord =>
    s.job !== undefined && s.job.jobId === id && s.job.jobType === type ? s.job : missing();
  if (method === 'GET' && parts[0] === 'backup-jobs' && parts[1] !== undefined) {
    return { action: 'DescribeBackupJob', answer: () => backupJobJson(job('backup', parts[1] ?? '')) };
  }
  if (method === 'GET' && parts[0] === 'backup-jobs') {
    return {
      action: 'ListBackupJobs',
      answer: () => {
        const history = s.jobHistory?.[query.get('resourceArn') ?? ''] ?? [];
        const max = Number(query.get('maxResults') ?? '1000');
        return { BackupJobs: history.slice(0, max).map(backupJobJson) };
      },
    };
  }
  if (method === 'GET' && parts[0] === 'copy-jobs' && parts[1] !== undefined) {
    return {
      action: 'DescribeCopyJob',
      answer: () => {
        const j = job('copy', parts[1] ?? '');
        return {
          CopyJob: {
            CopyJobId: j.jobId,
            State: j.state,
            StatusMessage: j.statusMessage,
            ResourceArn: j.resourceArn,
            ResourceType: j.resourceType,
            IamRoleArn: j.roleArn,
            CreationDate: epoch(j.creationDate),
            CompletionDate: epoch(j.completionDate),
            BackupSizeInBytes: j.backupSizeInBytes,
            CreatedBy: j.planId ? { BackupPlanId: j.planId, BackupRuleId: j.ruleId } : undefined,
          },
        };
      },
    };
  }
  if (method === 'GET' && parts[0] === 'restore-jobs' && parts[1] !== undefined) {
    return {
      action: 'DescribeRestoreJob',
      answer: () => {
        const j = job('restore', parts[1] ?? '');
        return {
          RestoreJobId: j.jobId,
          Status: j.state,
          StatusMessage: j.statusMessage,
          CreatedResourceArn: j.resourceArn,
          ResourceType: j.resourceType,
          IamRoleArn: j.roleArn,
          CreationDate: epoch(j.creationDate),
          CompletionDate: epoch(j.completionDate),
          BackupSizeInBytes: j.backupSizeInBytes,
        };
      },
    };
  }
  if (method === 'GET' && parts[0] === 'backup' && parts[1] === 'plans' && parts[2] !== undefined && parts.length === 3) {
    return {
      action: 'GetBackupPlan',
      answer: () => {
        const plan = s.plans?.[parts[2] ?? ''] ?? missing();
        return {
          BackupPlanId: plan.planId,
          BackupPlanArn: plan.planArn,
          VersionId: plan.versionId,
          BackupPlan: {
            BackupPlanName: plan.name ?? plan.planId,
            Rules: plan.rules.map((r) => ({
              RuleId: r.ruleId,
              RuleName: r.ruleName,
              TargetBackupVaultName: r.targetVaultName,
              ScheduleExpression: r.scheduleExpression,
              ScheduleExpressionTimezone: r.scheduleExpressionTimezone,
              StartWindowMinutes: r.startWindowMinutes,
              CompletionWindowMinutes: r.completionWindowMinutes,
              EnableContinuousBackup: r.enableContinuousBackup,
              Lifecycle: lifecycleJson(r.lifecycle),
              CopyActions: r.copyActions?.map((c) => ({ DestinationBackupVaultArn: c.destinationVaultArn, Lifecycle: lifecycleJson(c.lifecycle) })),
            })),
          },
        };
      },
    };
  }
  if (method === 'GET' && parts[0] === 'backup-vaults' && parts[1] !== undefined && parts.length === 2) {
    return {
      action: 'DescribeBackupVault',
      answer: () => {
        const v = Object.values(s.vaults ?? {}).find((x) => x.name === parts[1] && x.exists) ?? missing();
        return {
          BackupVaultName: v.name,
          BackupVaultArn: v.arn,
          VaultType: v.vaultType,
          EncryptionKeyArn: v.encryptionKeyArn,
          Locked: v.locked,
          MinRetentionDays: v.minRetentionDays,
          MaxRetentionDays: v.maxRetentionDays,
          LockDate: epoch(v.lockDate),
        };
      },
    };
  }
  if (method === 'GET' && parts[0] === 'global-settings') {
    return {
      action: 'DescribeGlobalSettings',
      answer: () => {
        const flag = s.backupSettings?.crossAccountBackupEnabled;
        return { GlobalSettings: flag === undefined ? {} : { isCrossAccountBackupEnabled: String(flag) } };
      },
    };
  }
  return { action: `${method} ${path}`, answer: () => { throw new ApiError('NotImplemented', 501); } };
}

function ec2(s: Evidence, action: string, p: URLSearchParams): unknown {
  const listed = (prefix: string): string[] => [...p.entries()].filter(([k]) => k.startsWith(prefix)).map(([, v]) => v);
  const resources = Object.values(s.resources ?? {});
  switch (action) {
    case 'DescribeVolumes': {
      const ids = listed('VolumeId.');
      const items = ids.map((id) => {
        const byVolume = resources.find((r) => r.arn.endsWith(`:volume/${id}`));
        const byInstance = resources.find((r) => r.arn.includes(':instance/') && `vol-${r.arn.slice(r.arn.lastIndexOf('/') + 1)}` === id);
        const r = (byVolume ?? byInstance)?.exists ? (byVolume ?? byInstance) : undefined;
        if (!r) throw new ApiError('InvalidVolume.NotFound', 400);
        return { volumeId: id, encrypted: r.encrypted ?? false, kmsKeyId: r.encryptionKeyArn, status: 'in-use' };
      });
      return { volumeSet: items };
    }
    case 'DescribeInstances': {
      const ids = listed('InstanceId.');
      const items = ids.map((id) => {
        const r = resources.find((x) => x.arn.endsWith(`:instance/${id}`) && x.exists);
        if (!r) throw new ApiError('InvalidInstanceID.NotFound', 400);
        return {
          instanceId: id,
          rootDeviceName: '/dev/xvda',
          blockDeviceMapping: [{ deviceName: '/dev/xvda', ebs: { volumeId: `vol-${id}`, status: 'attached' } }],
        };
      });
      return { reservationSet: [{ reservationId: 'r-0', instancesSet: items }] };
    }
    case 'DescribeSnapshots': {
      const items = listed('SnapshotId.').map((id) => {
        const snap = s.ebsSnapshots?.[id];
        if (!snap?.exists) throw new ApiError('InvalidSnapshot.NotFound', 400);
        return { snapshotId: id, encrypted: snap.encrypted ?? false, kmsKeyId: snap.kmsKeyId, volumeSize: snap.volumeSizeGiB, status: 'completed' };
      });
      return { snapshotSet: items };
    }
    default:
      throw new ApiError('NotImplemented', 501);
  }
}

function dynamodb(s: Evidence, table: FakeTable, action: string, body: Record<string, unknown>): unknown {
  // The diagnoser's own idempotency table: item writes with their real condition expressions.
  if (action === 'PutItem' || action === 'UpdateItem' || action === 'DeleteItem') {
    try {
      if (action === 'PutItem') table.putItem(body);
      else if (action === 'UpdateItem') table.updateItem(body);
      else table.deleteItem(body);
    } catch (err) {
      if (err instanceof ConditionFailed) throw new ApiError('ConditionalCheckFailedException', 400);
      throw err;
    }
    return {};
  }
  if (action === 'GetItem') {
    const item = table.getItem(body);
    return item === undefined ? {} : { Item: item };
  }
  if (action !== 'DescribeTable') throw new ApiError('NotImplemented', 501);
  const name = String(body['TableName'] ?? '');
  const r = Object.values(s.resources ?? {}).find((x) => x.arn.endsWith(`:table/${name}`) && x.exists);
  if (!r) throw new ApiError('ResourceNotFoundException', 400);
  return {
    Table: {
      TableName: name,
      TableArn: r.arn,
      TableStatus: 'ACTIVE',
      SSEDescription: r.encryptionKeyArn ? { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: r.encryptionKeyArn } : undefined,
    },
  };
}

function ecs(s: Evidence, action: string, body: Record<string, unknown>): unknown {
  switch (action) {
    case 'DescribeTasks': {
      const arns = (body['tasks'] as string[] | undefined) ?? [];
      const found = arns.map((a) => s.ecs?.tasks?.[a]).filter((t) => t?.exists === true);
      return {
        tasks: found.map((t) => ({
          taskArn: t?.taskArn,
          lastStatus: t?.lastStatus,
          stoppedReason: t?.stoppedReason,
          taskDefinitionArn: t?.taskDefinitionArn,
          launchType: t?.launchType,
          platformFamily: t?.platformFamily,
          startedBy: t?.startedBy,
          availabilityZone: t?.availabilityZone,
          attachments: t?.attachments?.map((a) => ({
            type: a.type,
            status: a.status,
            details: Object.entries(a.details).map(([name, value]) => ({ name, value })),
          })),
        })),
        failures: arns.filter((a) => s.ecs?.tasks?.[a]?.exists !== true).map((arn) => ({ arn, reason: 'MISSING' })),
      };
    }
    case 'DescribeTaskDefinition': {
      const td = s.ecs?.taskDefinitions?.[String(body['taskDefinition'] ?? '')] ?? notFound('ClientException', 400);
      return {
        taskDefinition: {
          taskDefinitionArn: td.arn,
          family: td.family,
          runtimePlatform: td.operatingSystemFamily ? { operatingSystemFamily: td.operatingSystemFamily, cpuArchitecture: td.cpuArchitecture } : undefined,
          volumes: td.volumes,
        },
      };
    }
    case 'DescribeServices': {
      const names = (body['services'] as string[] | undefined) ?? [];
      const configs = Object.values(s.ecs?.volumeConfigurations ?? {});
      return {
        services: names.map((serviceName) => ({
          serviceName,
          deployments: [
            {
              status: 'PRIMARY',
              volumeConfigurations: configs.map(volumeConfigurationJson),
            },
          ],
        })),
        failures: [],
      };
    }
    default:
      throw new ApiError('NotImplemented', 501);
  }
}

/** A volume configuration in the shape ECS's API uses (DescribeServices deployments, RunTask requests). */
function volumeConfigurationJson(c: EcsVolumeConfigFacts) {
  return {
    name: c.name,
    managedEBSVolume: {
      roleArn: c.roleArn,
      encrypted: c.encrypted,
      kmsKeyId: c.kmsKeyId,
      volumeType: c.volumeType,
      sizeInGiB: c.sizeInGiB,
      iops: c.iops,
      throughput: c.throughput,
      snapshotId: c.snapshotId,
      filesystemType: c.filesystemType,
    },
  };
}

/** One event as CloudTrail's LookupEvents sees it. */
interface TrailEvent {
  readonly id: string;
  readonly name: string;
  readonly time: number;
  readonly source?: string;
  readonly userName?: string;
  readonly readOnly: boolean;
  readonly body: Record<string, unknown>;
}

const TASK_LAUNCHES = ['RunTask', 'StartTask'];

function identityOf(userArn: string | undefined): Record<string, unknown> | undefined {
  if (userArn === undefined) return undefined;
  const type = /:assumed-role\//.test(userArn) ? 'AssumedRole' : /:root$/.test(userArn) ? 'Root' : /:role\//.test(userArn) ? 'AWSService' : 'IAMUser';
  return { type, arn: userArn, accountId: userArn.split(':')[4] };
}

/** The cluster name in a task ARN (arn:...:task/CLUSTER/ID). */
function clusterOfTask(taskArn: string): string | undefined {
  return /:task\/([^/]+)\/[^/]+$/.exec(taskArn)?.[1];
}

/**
 * The events CloudTrail holds for the snapshot: its `trail`, where a successful RunTask/StartTask names the
 * snapshot's standalone tasks in its response (the collector kept it because it did); and, for each standalone
 * task that no successful launch shows while the snapshot holds volume configurations, the RunTask that launched
 * it with those configurations. A snapshot records no launch time, so that RunTask is dated at `capturedAt`.
 */
function trailEvents(s: Evidence): TrailEvent[] {
  const standalone = Object.values(s.ecs?.tasks ?? {}).filter((t) => !(t.startedBy ?? '').startsWith('ecs-svc/'));
  const launched = (s.trail ?? []).some((t) => TASK_LAUNCHES.includes(t.eventName) && t.errorCode === undefined);
  const configs = Object.values(s.ecs?.volumeConfigurations ?? {}).map(volumeConfigurationJson);
  const tasksJson = (tasks: typeof standalone) => ({
    tasks: tasks.map((t) => ({ taskArn: t.taskArn, taskDefinitionArn: t.taskDefinitionArn, lastStatus: 'PROVISIONING' })),
  });
  const recorded = (s.trail ?? []).map((t) => ({
    name: t.eventName,
    time: t.eventTime,
    source: t.eventSource,
    userArn: t.userArn,
    body: {
      eventName: t.eventName,
      eventTime: t.eventTime,
      eventSource: t.eventSource,
      userIdentity: identityOf(t.userArn),
      errorCode: t.errorCode,
      errorMessage: t.errorMessage,
      requestParameters: t.requestParameters ?? null,
      responseElements: TASK_LAUNCHES.includes(t.eventName) && t.errorCode === undefined ? tasksJson(standalone) : null,
    } as Record<string, unknown>,
  }));
  const synthesised =
    launched || configs.length === 0
      ? []
      : standalone.map((task) => {
          const time = s.capturedAt ?? new Date().toISOString();
          return {
            name: 'RunTask',
            time,
            source: 'ecs.amazonaws.com',
            userArn: undefined,
            body: {
              eventName: 'RunTask',
              eventTime: time,
              eventSource: 'ecs.amazonaws.com',
              requestParameters: {
                cluster: clusterOfTask(task.taskArn),
                taskDefinition: task.taskDefinitionArn,
                volumeConfigurations: configs,
              },
              responseElements: tasksJson([task]),
            } as Record<string, unknown>,
          };
        });
  return [...recorded, ...synthesised].map((e, i) => ({
    id: `fake-event-${i}`,
    name: e.name,
    time: Date.parse(e.time),
    ...(e.source !== undefined ? { source: e.source } : {}),
    ...(e.userArn !== undefined ? { userName: e.userArn.slice(e.userArn.lastIndexOf('/') + 1) } : {}),
    readOnly: /^(Describe|List|Get|Lookup)/.test(e.name),
    body: { eventVersion: '1.09', eventID: `fake-event-${i}`, eventType: 'AwsApiCall', ...e.body },
  }));
}

/**
 * LookupEvents as CloudTrail answers it: at most one lookup attribute, StartTime/EndTime inclusive, newest first,
 * MaxResults up to 50 with a NextToken. The fake's events list no resources or access keys, so ResourceName,
 * ResourceType and AccessKeyId match none.
 */
function cloudtrail(s: Evidence, action: string, body: Record<string, unknown>): unknown {
  if (action !== 'LookupEvents') throw new ApiError('NotImplemented', 501);
  const attributes = (body['LookupAttributes'] as { AttributeKey?: string; AttributeValue?: string }[] | undefined) ?? [];
  if (attributes.length > 1) throw new ApiError('InvalidLookupAttributesException', 400);
  const attribute = attributes[0];
  const start = typeof body['StartTime'] === 'number' ? body['StartTime'] * 1000 : -Infinity;
  const end = typeof body['EndTime'] === 'number' ? body['EndTime'] * 1000 : Infinity;
  if (start > end) throw new ApiError('InvalidTimeRangeException', 400);
  const max = typeof body['MaxResults'] === 'number' ? body['MaxResults'] : 50;
  if (max < 1 || max > 50) throw new ApiError('InvalidMaxResultsException', 400);
  const offset = body['NextToken'] === undefined ? 0 : Number(body['NextToken']);
  if (!Number.isInteger(offset) || offset < 0) throw new ApiError('InvalidNextTokenException', 400);
  const matches = (e: TrailEvent): boolean => {
    if (attribute === undefined) return true;
    const value = attribute.AttributeValue;
    switch (attribute.AttributeKey) {
      case 'EventId':
        return e.id === value;
      case 'EventName':
        return e.name === value;
      case 'EventSource':
        return e.source === value;
      case 'Username':
        return e.userName === value;
      case 'ReadOnly':
        return String(e.readOnly) === value;
      case 'ResourceName':
      case 'ResourceType':
      case 'AccessKeyId':
        return false;
      default:
        throw new ApiError('InvalidLookupAttributesException', 400);
    }
  };
  const found = trailEvents(s)
    .filter((e) => e.time >= start && e.time <= end && matches(e))
    .sort((a, b) => b.time - a.time);
  const page = found.slice(offset, offset + max);
  return {
    Events: page.map((e) => ({
      EventId: e.id,
      EventName: e.name,
      ReadOnly: String(e.readOnly),
      EventTime: e.time / 1000,
      EventSource: e.source,
      Username: e.userName,
      Resources: [],
      CloudTrailEvent: JSON.stringify(e.body),
    })),
    NextToken: offset + max < found.length ? String(offset + max) : undefined,
  };
}

// ------------------------------------------------------------------------------------------------------------
// The server

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The signing service from the SigV4 credential scope: Credential=AKID/date/region/SERVICE/aws4_request. */
function serviceOf(req: IncomingMessage): string {
  const auth = String(req.headers['authorization'] ?? '');
  const scope = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\/aws4_request/.exec(auth);
  return scope?.[1] ?? 'unknown';
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the fake on 127.0.0.1 (a free port) serving `snapshot`, with `faults` injected. */
export async function startFakeAws(snapshot: Evidence, faults: FaultPlan = {}): Promise<FakeAws> {
  const requests: Recorded[] = [];
  const published: Published[] = [];
  const table = new FakeTable();
  let plan = faults;
  let random = seeded(plan.seed ?? 1);
  let counter = 0;

  const faultFor = (service: string, action: string): Fault =>
    plan.faults?.[`${service}:${action}`] ?? plan.faults?.[service] ?? plan.faults?.['*'] ?? {};

  const send = (res: ServerResponse, service: string, status: number, payload: unknown, action: string): void => {
    const requestId = `fake-${++counter}`;
    const protocol = PROTOCOL[service] ?? 'json1.1';
    if (protocol === 'query' || protocol === 'ec2') {
      const xml =
        protocol === 'ec2'
          ? `<${action}Response xmlns="${XMLNS[service]}"><requestId>${requestId}</requestId>${toXml(payload, 'item')}</${action}Response>`
          : `<${action}Response xmlns="${XMLNS[service]}"><${action}Result>${toXml(payload, 'member')}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
      res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
      res.end(xml);
      return;
    }
    const contentType = protocol === 'json1.0' ? 'application/x-amz-json-1.0' : protocol === 'json1.1' ? 'application/x-amz-json-1.1' : 'application/json';
    res.writeHead(status, { 'content-type': contentType, 'x-amzn-requestid': requestId });
    res.end(JSON.stringify(payload, (_k, v: unknown) => (v === null ? undefined : v)));
  };

  const sendError = (res: ServerResponse, service: string, err: ApiError): void => {
    const requestId = `fake-${++counter}`;
    const message = err.injected ? 'injected by fake-aws' : 'not in the account snapshot served by fake-aws';
    const protocol = PROTOCOL[service] ?? 'json1.1';
    if (protocol === 'query') {
      const type = err.status >= 500 ? 'Receiver' : 'Sender';
      res.writeHead(err.status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
      res.end(
        `<ErrorResponse xmlns="${XMLNS[service]}"><Error><Type>${type}</Type><Code>${err.code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      );
      return;
    }
    if (protocol === 'ec2') {
      res.writeHead(err.status, { 'content-type': 'text/xml' });
      res.end(`<Response><Errors><Error><Code>${err.code}</Code><Message>${message}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`);
      return;
    }
    res.writeHead(err.status, {
      'content-type': protocol === 'json1.0' ? 'application/x-amz-json-1.0' : protocol === 'json1.1' ? 'application/x-amz-json-1.1' : 'application/json',
      'x-amzn-errortype': err.code,
      'x-amzn-requestid': requestId,
    });
    res.end(JSON.stringify({ __type: err.code, message, Message: message }));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const service = serviceOf(req);
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const protocol = PROTOCOL[service];
    let action = 'unknown';
    let answer: () => unknown = () => {
      throw new ApiError('NotImplemented', 501);
    };
    if (protocol === 'query' || protocol === 'ec2') {
      const form = new URLSearchParams(body);
      action = form.get('Action') ?? 'unknown';
      if (service === 'iam') answer = () => iam(snapshot, action, form);
      if (service === 'ec2') answer = () => ec2(snapshot, action, form);
      if (service === 'sns') {
        answer = () => {
          if (action !== 'Publish') throw new ApiError('NotImplemented', 501);
          const subject = form.get('Subject') ?? undefined;
          published.push({ topicArn: form.get('TopicArn') ?? '', ...(subject !== undefined ? { subject } : {}), message: form.get('Message') ?? '' });
          return { MessageId: `00000000-0000-0000-0000-${String(published.length).padStart(12, '0')}` };
        };
      }
    } else if (protocol === 'rest-json') {
      const route = backup(snapshot, req.method ?? 'GET', url.pathname, url.searchParams);
      action = route.action;
      answer = route.answer;
    } else if (protocol !== undefined) {
      const target = String(req.headers['x-amz-target'] ?? '');
      action = target.slice(target.indexOf('.') + 1);
      const json = (body === '' ? {} : JSON.parse(body)) as Record<string, unknown>;
      if (service === 'kms') answer = () => kms(snapshot, action, json);
      if (service === 'ecs') answer = () => ecs(snapshot, action, json);
      if (service === 'dynamodb') answer = () => dynamodb(snapshot, table, action, json);
      if (service === 'cloudtrail') answer = () => cloudtrail(snapshot, action, json);
    }

    const fault = faultFor(service, action);
    if (fault.latencyMs) await sleep(fault.latencyMs);
    let injected: ApiError | undefined;
    if (fault.accessDenied) injected = new ApiError(...(DENIED[service] ?? ['AccessDeniedException', 403]), true);
    else if (fault.throttle && random() < fault.throttle) injected = new ApiError(...(THROTTLE[service] ?? ['ThrottlingException', 400]), true);
    else if (fault.serverError && random() < fault.serverError) injected = new ApiError('InternalFailure', 500, true);

    try {
      if (injected) throw injected;
      const payload = answer();
      requests.push({ service, action, status: 200 });
      send(res, service, 200, payload, action);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError('InternalFailure', 500);
      requests.push({ service, action, status: err.status, error: err.code, ...(err.injected ? { injected: true } : {}) });
      sendError(res, service, err);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    AWS_ENDPOINT_URL: url,
    AWS_ACCESS_KEY_ID: 'x',
    AWS_SECRET_ACCESS_KEY: 'x',
    AWS_REGION: snapshot.region ?? 'us-east-1',
  };
  for (const s of ['IAM', 'SNS', 'KMS', 'ECS', 'EC2', 'BACKUP', 'DYNAMODB', 'CLOUDTRAIL', 'RDS', 'EFS', 'S3', 'SQS', 'SECRETS_MANAGER', 'STS']) {
    env[`AWS_ENDPOINT_URL_${s}`] = url;
  }

  return {
    url,
    env,
    requests,
    published,
    setFaults(next: FaultPlan): void {
      plan = next;
      random = seeded(next.seed ?? 1);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
