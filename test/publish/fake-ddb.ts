/**
 * An in-memory DynamoDB table behind aws-sdk-client-mock that evaluates the real condition and update expressions
 * IdempotencyStore writes (the same table the loopback fake serves), so duplicate handling is exercised end to end.
 */
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { ConditionFailed, FakeTable, type Item } from '../harness/ddb-table.ts';

/** Runs a table operation, turning a failed condition into the SDK's exception. */
function conditional(op: () => void): Record<string, never> {
  try {
    op();
    return {};
  } catch (err) {
    if (err instanceof ConditionFailed) {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    }
    throw err;
  }
}

/** A mocked DynamoDBClient and the items it holds. */
export function fakeIdempotencyTable(): { client: DynamoDBClient; items: Map<string, Item> } {
  const table = new FakeTable();
  const client = new DynamoDBClient({ region: 'us-east-1' });
  const mock = mockClient(client);
  mock.on(PutItemCommand).callsFake((input) => conditional(() => table.putItem(input)));
  mock.on(UpdateItemCommand).callsFake((input) => conditional(() => table.updateItem(input)));
  mock.on(GetItemCommand).callsFake((input) => {
    const item = table.getItem(input);
    return item === undefined ? {} : { Item: item };
  });
  mock.on(DeleteItemCommand).callsFake((input) => conditional(() => table.deleteItem(input)));
  return { client, items: table.items };
}
