/** The loopback fake of AWS: Amazon DynamoDB (awsJson1_0): the diagnoser's own table. */
import { ConditionFailed, FakeTable } from '../ddb-table.ts';
import type { Evidence } from '../../../lambdas/model/types.ts';
import { ApiError } from './wire.ts';

export function dynamodb(s: Evidence, table: FakeTable, action: string, body: Record<string, unknown>): unknown {
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
