/**
 * The cold-start baseline: a handler that only imports and builds the SDK clients the diagnoser uses,
 * bundled with the same options. The diagnoser's cold start is reported as a ratio to this one.
 */
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createClients } from '../lambdas/evidence/clients.ts';

const clients = createClients();
const sns = new SNSClient({});
const ddb = new DynamoDBClient({});

/** Returns the number of clients built, so that nothing is dropped as unused. */
export async function handler(): Promise<number> {
  return Object.keys(clients).length + (sns ? 1 : 0) + (ddb ? 1 : 0);
}
