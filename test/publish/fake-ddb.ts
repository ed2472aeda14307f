/**
 * An in-memory DynamoDB table behind aws-sdk-client-mock that honours the conditions IdempotencyStore writes
 * (attribute_not_exists / expiry / lock / version), so that duplicate handling is exercised end to end.
 */
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';

type Item = Record<string, AttributeValue>;

const num = (v: AttributeValue | undefined): number | undefined => (v && 'N' in v && v.N !== undefined ? Number(v.N) : undefined);
const str = (v: AttributeValue | undefined): string | undefined => (v && 'S' in v ? v.S : undefined);
const failed = (): ConditionalCheckFailedException =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

/** A mocked DynamoDBClient and the items it holds. */
export function fakeIdempotencyTable(): { client: DynamoDBClient; items: Map<string, Item> } {
  const items = new Map<string, Item>();
  const client = new DynamoDBClient({ region: 'us-east-1' });
  const mock = mockClient(client);
  mock.on(PutItemCommand).callsFake((input: { Item: Item; ExpressionAttributeValues: Item }) => {
    const key = str(input.Item['pk'])!;
    const existing = items.get(key);
    const now = num(input.ExpressionAttributeValues[':now'])!;
    if (existing) {
      const expired = (num(existing['expiresAt']) ?? 0) < now;
      const version = num(input.ExpressionAttributeValues[':version']);
      const allowed =
        version !== undefined
          ? expired || (num(existing['version']) ?? 0) <= version
          : expired || (str(existing['status']) === 'in-progress' && (num(existing['lockUntil']) ?? 0) < now);
      if (!allowed) throw failed();
    }
    items.set(key, { ...input.Item });
    return {};
  });
  mock.on(UpdateItemCommand).callsFake((input: { Key: Item; ExpressionAttributeValues: Item }) => {
    const key = str(input.Key['pk'])!;
    const item = items.get(key) ?? { pk: { S: key } };
    const { lockUntil: _lock, ...rest } = item;
    items.set(key, {
      ...rest,
      status: input.ExpressionAttributeValues[':done']!,
      expiresAt: input.ExpressionAttributeValues[':expires']!,
    });
    return {};
  });
  mock.on(DeleteItemCommand).callsFake((input: { Key: Item }) => {
    const key = str(input.Key['pk'])!;
    if (str(items.get(key)?.['status']) !== 'in-progress') throw failed();
    items.delete(key);
    return {};
  });
  return { client, items };
}
