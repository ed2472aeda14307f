/**
 * The SDK clients the collectors use. Built once at module scope by the caller and injected, so that a warm
 * Lambda reuses connections and tests can swap in mocks or a loopback endpoint.
 */
import { BackupClient } from '@aws-sdk/client-backup';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { EFSClient } from '@aws-sdk/client-efs';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, RetryStrategyV2 } from '@smithy/types';

/** The clients every collector may use. */
export interface Clients {
  readonly backup: BackupClient;
  readonly iam: IAMClient;
  readonly kms: KMSClient;
  readonly ec2: EC2Client;
  readonly rds: RDSClient;
  readonly efs: EFSClient;
  readonly dynamodb: DynamoDBClient;
  readonly s3: S3Client;
  readonly ecs: ECSClient;
  readonly cloudtrail: CloudTrailClient;
  /** CloudTrail in the region where IAM, a global service, records its calls (us-east-1 in the aws partition). */
  readonly cloudtrailGlobal: CloudTrailClient;
  /** STS: decodes encoded authorization messages, when the deployment allows it. */
  readonly sts: STSClient;
}

/**
 * The region whose CloudTrail event history holds IAM's calls: IAM is a global service and CloudTrail records
 * its events in us-east-1 (cn-north-1 and us-gov-west-1 in the other partitions).
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events
 */
export function globalEventsRegion(region: string | undefined): string {
  if (region?.startsWith('cn-')) return 'cn-north-1';
  if (region?.startsWith('us-gov-')) return 'us-gov-west-1';
  return 'us-east-1';
}

/** How to build the clients. Everything is optional: the SDK's defaults (env, standard retries) apply. */
export interface ClientsConfig {
  readonly region?: string;
  /** A named profile of the shared config and credentials files (the command's --profile). */
  readonly profile?: string;
  /** Attempts per call, the first included (standard retry mode). 3 by default. */
  readonly maxAttempts?: number;
  /** One endpoint for every service (a loopback fake in tests); AWS_ENDPOINT_URL_<SERVICE> works as well. */
  readonly endpoint?: string;
  /** Fixed credentials, or a provider the SDK asks again as they near expiry (an assumed role). */
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** A fixed delay between attempts, in ms, instead of the standard exponential backoff (tests). */
  readonly retryDelayMs?: number;
  /**
   * `adaptive` also slows the client down after throttling (a client-side token bucket), for long runs of reads
   * against rates shared with the whole account (IAM); `standard` by default.
   */
  readonly retryMode?: 'standard' | 'adaptive';
  readonly retryStrategy?: RetryStrategyV2;
}

/**
 * Builds the collectors' clients with bounded standard retries. Each client is constructed on first use and then
 * kept, so a cold start pays only for the services the first diagnosis reads.
 */
export function createClients(config: ClientsConfig = {}): Clients {
  const maxAttempts = config.maxAttempts ?? 3;
  const retryStrategy =
    config.retryStrategy ??
    (config.retryDelayMs !== undefined ? new ConfiguredRetryStrategy(maxAttempts, config.retryDelayMs) : undefined);
  const common = {
    ...(config.region !== undefined ? { region: config.region } : {}),
    ...(config.profile !== undefined ? { profile: config.profile } : {}),
    ...(config.endpoint !== undefined ? { endpoint: config.endpoint } : {}),
    ...(config.credentials !== undefined ? { credentials: config.credentials } : {}),
    ...(retryStrategy !== undefined ? { retryStrategy } : { retryMode: config.retryMode ?? 'standard', maxAttempts }),
  };
  const makers: { readonly [K in keyof Clients]: () => Clients[K] } = {
    backup: () => new BackupClient(common),
    iam: () => new IAMClient(common),
    kms: () => new KMSClient(common),
    ec2: () => new EC2Client(common),
    rds: () => new RDSClient(common),
    efs: () => new EFSClient(common),
    dynamodb: () => new DynamoDBClient(common),
    // A bucket may live in another region than the clients: let S3 follow its redirect.
    s3: () => new S3Client({ ...common, followRegionRedirects: true, forcePathStyle: config.endpoint !== undefined }),
    ecs: () => new ECSClient(common),
    cloudtrail: () => new CloudTrailClient(common),
    cloudtrailGlobal: () => new CloudTrailClient({ ...common, region: globalEventsRegion(config.region) }),
    sts: () => new STSClient(common),
  };
  const built: Partial<Record<keyof Clients, unknown>> = {};
  const clients = {} as Clients;
  for (const name of Object.keys(makers) as (keyof Clients)[]) {
    Object.defineProperty(clients, name, {
      enumerable: true,
      get: () => (built[name] ??= makers[name]()),
    });
  }
  return clients;
}
