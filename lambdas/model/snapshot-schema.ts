/**
 * The account snapshot's schema: the offline form of Evidence. The published JSON Schema
 * (schema/account-snapshot.schema.json) is generated from it, and `diagnose --offline` validates with it.
 */
import { z } from 'zod';
import type { Evidence } from './types.ts';

const str = z.string();
const oneOrMany = z.union([str, z.array(str)]);

const principal = z.union([
  z.literal('*'),
  z.looseObject({
    AWS: oneOrMany.optional(),
    Service: oneOrMany.optional(),
    Federated: oneOrMany.optional(),
    CanonicalUser: oneOrMany.optional(),
  }),
]);

const conditionValue = z.union([str, z.boolean(), z.number(), z.array(z.union([str, z.boolean(), z.number()]))]);

const statement = z.looseObject({
  Sid: str.optional(),
  Effect: z.enum(['Allow', 'Deny']),
  Action: oneOrMany.optional(),
  NotAction: oneOrMany.optional(),
  Resource: oneOrMany.optional(),
  NotResource: oneOrMany.optional(),
  Principal: principal.optional(),
  NotPrincipal: principal.optional(),
  Condition: z.record(str, z.record(str, conditionValue)).optional(),
});

const policyDocument = z
  .looseObject({
    Version: str.optional(),
    Id: str.optional(),
    Statement: z.union([statement, z.array(statement)]),
  })
  .meta({ description: 'An IAM policy document, already URL-decoded and parsed.' });

const attachedPolicy = z.strictObject({
  name: str,
  arn: str.optional(),
  versionId: str.optional(),
  document: policyDocument.optional(),
});

const gap = z.strictObject({
  what: str.meta({ description: 'What could not be read, e.g. "kms:GetKeyPolicy arn:aws:kms:...".' }),
  subject: str.optional(),
  action: str.optional(),
  why: z.enum(['access-denied', 'not-found', 'throttled', 'cross-account', 'timeout', 'not-collected', 'error']),
  detail: str.optional(),
});

const role = z.strictObject({
  arn: str,
  name: str,
  path: str.optional(),
  exists: z.boolean(),
  createDate: str.optional(),
  lastModified: str.optional(),
  trustPolicy: policyDocument.optional(),
  attachedPolicies: z.array(attachedPolicy).optional(),
  inlinePolicies: z.array(attachedPolicy).optional(),
  permissionsBoundary: attachedPolicy.optional(),
  tags: z.record(str, str).optional(),
  simulation: z.record(str, z.enum(['allowed', 'implicitDeny', 'explicitDeny'])).optional(),
});

const key = z.strictObject({
  arn: str,
  keyId: str.optional(),
  state: z.enum([
    'Enabled',
    'Disabled',
    'PendingDeletion',
    'PendingImport',
    'PendingReplicaDeletion',
    'Unavailable',
    'Updating',
    'Creating',
    'Missing',
  ]),
  manager: z.enum(['AWS', 'CUSTOMER']).optional(),
  origin: str.optional(),
  aliases: z.array(str).optional(),
  deletionDate: str.optional(),
  policy: policyDocument.optional(),
  grants: z
    .array(
      z.strictObject({
        grantId: str.optional(),
        granteePrincipal: str.optional(),
        retiringPrincipal: str.optional(),
        operations: z.array(str),
        constraints: z.unknown().optional(),
      }),
    )
    .optional(),
});

const vault = z.strictObject({
  name: str,
  arn: str.optional(),
  exists: z.boolean(),
  encryptionKeyArn: str.optional(),
  vaultType: str.optional(),
  locked: z.boolean().optional(),
  minRetentionDays: z.number().int().nonnegative().optional(),
  maxRetentionDays: z.number().int().nonnegative().optional(),
  lockDate: str.optional(),
  accessPolicy: policyDocument.optional(),
});

const lifecycle = z.strictObject({
  deleteAfterDays: z.number().int().nonnegative().optional(),
  moveToColdStorageAfterDays: z.number().int().nonnegative().optional(),
  optInToArchiveForSupportedResources: z.boolean().optional(),
});

const plan = z.strictObject({
  planId: str,
  planArn: str.optional(),
  name: str.optional(),
  versionId: str.optional(),
  rules: z.array(
    z.strictObject({
      ruleId: str,
      ruleName: str,
      targetVaultName: str,
      scheduleExpression: str.optional(),
      scheduleExpressionTimezone: str.optional(),
      startWindowMinutes: z.number().int().nonnegative().optional(),
      completionWindowMinutes: z.number().int().nonnegative().optional(),
      enableContinuousBackup: z.boolean().optional(),
      lifecycle: lifecycle.optional(),
      copyActions: z.array(z.strictObject({ destinationVaultArn: str, lifecycle: lifecycle.optional() })).optional(),
    }),
  ),
});

const job = z.strictObject({
  jobId: str,
  jobType: z.enum(['backup', 'copy', 'restore']),
  state: str,
  resourceArn: str.optional(),
  resourceType: str.optional(),
  roleArn: str.optional(),
  vaultName: str.optional(),
  creationDate: str,
  startDate: str.optional(),
  completionDate: str.optional(),
  startBy: str.optional(),
  completeBy: str.optional(),
  bytesTransferred: z.number().optional(),
  backupSizeInBytes: z.number().optional(),
  statusMessage: str.optional(),
  onDemand: z.boolean().optional(),
  planId: str.optional(),
  ruleId: str.optional(),
});

const resource = z.strictObject({
  arn: str,
  type: str.optional(),
  exists: z.boolean(),
  encrypted: z.boolean().optional(),
  encryptionKeyArn: str.optional(),
  s3: z
    .strictObject({
      versioning: z.enum(['Enabled', 'Suspended', 'Off']).optional(),
      continuousBackupVault: str.optional(),
    })
    .optional(),
  vmware: z
    .strictObject({
      disks: z.array(z.strictObject({ label: str, sizeBytes: z.number().int().nonnegative(), mode: str })),
      gateway: z
        .strictObject({
          arn: str,
          name: str.optional(),
          status: str.optional(),
          lastSeenTime: str.optional(),
          hypervisorHost: str.optional(),
          dnsServers: z.array(str).optional(),
          blockedPorts: z.array(z.number().int()).optional(),
          hypervisorReachable: z.boolean().optional(),
        })
        .optional(),
    })
    .optional(),
});

const ecsTask = z.strictObject({
  taskArn: str,
  exists: z.boolean(),
  lastStatus: str.optional(),
  stoppedReason: str.optional(),
  taskDefinitionArn: str.optional(),
  launchType: str.optional(),
  platformFamily: str.optional(),
  startedBy: str.optional(),
  availabilityZone: str.optional(),
  attachments: z.array(z.strictObject({ type: str, status: str.optional(), details: z.record(str, str) })).optional(),
});

const ecs = z.strictObject({
  tasks: z.record(str, ecsTask).optional(),
  taskDefinitions: z
    .record(
      str,
      z.strictObject({
        arn: str,
        family: str.optional(),
        operatingSystemFamily: str.optional(),
        cpuArchitecture: str.optional(),
        volumes: z.array(z.strictObject({ name: str, configuredAtLaunch: z.boolean().optional() })).optional(),
      }),
    )
    .optional(),
  volumeConfigurations: z
    .record(
      str,
      z.strictObject({
        name: str,
        roleArn: str.optional(),
        encrypted: z.boolean().optional(),
        kmsKeyId: str.optional(),
        volumeType: str.optional(),
        sizeInGiB: z.number().optional(),
        iops: z.number().optional(),
        throughput: z.number().optional(),
        snapshotId: str.optional(),
        filesystemType: str.optional(),
      }),
    )
    .optional(),
});

const gapReason = z.enum(['access-denied', 'not-found', 'throttled', 'cross-account', 'timeout', 'not-collected', 'error']);

const changeEvent = z.strictObject({
  eventId: str.optional(),
  eventName: str,
  eventTime: str,
  eventSource: str.optional(),
  actor: z.strictObject({
    type: str.optional(),
    arn: str.optional(),
    accountId: str.optional(),
    userName: str.optional(),
    issuer: str.optional(),
    invokedBy: str.optional(),
  }),
  sourceIp: str.optional(),
  userAgent: str.optional(),
  requestParameters: z.unknown().optional(),
});

const changeHistory = z
  .strictObject({
    subject: str,
    kind: z.enum(['role', 'key', 'vault', 'plan']),
    since: str,
    until: str,
    events: z.array(changeEvent),
    incomplete: z.strictObject({ why: gapReason, detail: str.optional() }).optional(),
  })
  .meta({ description: 'The CloudTrail calls (LookupEvents, 90 days) that changed an object at fault, newest first.' });

const decodedAuthorization = z
  .strictObject({
    encodedMessage: str,
    allowed: z.boolean().optional(),
    explicitDeny: z.boolean().optional(),
    action: str.optional(),
    resource: str.optional(),
    principalArn: str.optional(),
    matchedStatements: z.number().int().nonnegative().optional(),
    decoded: str,
  })
  .meta({ description: 'An encoded authorization failure message and what sts:DecodeAuthorizationMessage returned.' });

/** The account snapshot schema (zod), mirroring the Evidence type. Unknown fields are refused, as the published schema says. */
export const accountSnapshotSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    account: str.optional(),
    region: str.optional(),
    capturedAt: str.optional(),
    job: job.optional(),
    roles: z.record(str, role).optional(),
    keys: z.record(str, key).optional(),
    aliases: z.record(str, str).optional(),
    vaults: z.record(str, vault).optional(),
    plans: z.record(str, plan).optional(),
    selections: z
      .record(
        str,
        z.object({
          selectionId: str,
          planId: str,
          name: str.optional(),
          roleArn: str,
          resources: z.array(str),
          resourceTypes: z.array(str),
        }),
      )
      .optional(),
    jobHistory: z.record(str, z.array(job)).optional(),
    resources: z.record(str, resource).optional(),
    backupSettings: z
      .strictObject({
        crossAccountBackupEnabled: z.boolean().optional(),
        resourceTypeOptIn: z.record(str, z.boolean()).optional(),
      })
      .optional(),
    ecs: ecs.optional(),
    ebsSnapshots: z
      .record(
        str,
        z.strictObject({
          snapshotId: str,
          exists: z.boolean(),
          encrypted: z.boolean().optional(),
          kmsKeyId: str.optional(),
          volumeSizeGiB: z.number().optional(),
          filesystemType: str.optional(),
        }),
      )
      .optional(),
    trail: z
      .array(
        z.strictObject({
          eventName: str,
          eventTime: str,
          eventSource: str.optional(),
          userArn: str.optional(),
          errorCode: str.optional(),
          errorMessage: str.optional(),
          requestParameters: z.unknown().optional(),
        }),
      )
      .optional(),
    changes: z.record(str, changeHistory).optional(),
    authorizations: z.record(str, decodedAuthorization).optional(),
    readAs: z
      .object({
        account: str,
        roleArn: str,
        outcome: z.enum(['assumed', 'refused', 'failed']),
        stackSetName: str.optional(),
        roleRegion: str.optional(),
        detail: str.optional(),
      })
      .meta({ description: 'Organization deployments: the member account read, and the role assumed there.' })
      .optional(),
    gaps: z.array(gap),
  })
  .meta({
    title: 'backup-doctor account snapshot',
    description:
      'The facts a diagnosis relies on, as read (read-only) from an AWS account. Holds no secrets. ' +
      'Produced by `backup-doctor snapshot`, replayed by `backup-doctor diagnose --offline`.',
  });

/** The result of validating a snapshot: the evidence, or one line that says what is wrong and where. */
export type SnapshotParse = { ok: true; evidence: Evidence } | { ok: false; error: string };

/** Validates parsed JSON as an account snapshot. The error names the first bad path in one line. */
export function parseSnapshot(value: unknown): SnapshotParse {
  const result = accountSnapshotSchema.safeParse(value);
  if (result.success) return { ok: true, evidence: result.data as Evidence };
  const issue = result.error.issues[0];
  // An unknown field is named by its own path, not its parent's.
  const path = issue?.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : (issue?.path ?? []);
  const where = path.length > 0 ? path.join('.') : '(top level)';
  const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more)` : '';
  return { ok: false, error: `${where}: ${issue?.message ?? 'invalid'}${more}` };
}

/** The published JSON Schema (draft 2020-12). */
export function accountSnapshotJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(accountSnapshotSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}
