/**
 * The cold-start baseline: a handler that only imports and builds the SDK clients the diagnoser uses,
 * bundled with the same options. The diagnoser's cold start is reported as a ratio to this one.
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
import { SNSClient } from '@aws-sdk/client-sns';

const clients = [BackupClient, CloudTrailClient, DynamoDBClient, EC2Client, ECSClient, EFSClient, IAMClient, KMSClient, RDSClient, S3Client, SNSClient].map(
  (Client) => new Client({}),
);

/** Returns the number of clients built, so that nothing is dropped as unused. */
export async function handler(): Promise<number> {
  return clients.length;
}
