/**
 * Versioned JSON records in the idempotency table, changed by optimistic concurrency: read (consistent), compute,
 * write on the condition that the version is still the one read; on a lost race, read and compute again.
 * Items: `pk`, `doc` (the JSON record), `ver` (number), `expiresAt` (TTL).
 */
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';

/** Thrown when a record kept changing under us. */
export class ContendedRecord extends Error {
  override readonly name = 'ContendedRecord';
}

/** Options of a record store. */
export interface RecordStoreOptions {
  readonly tableName: string;
  /** How long a record is kept after its last change, in seconds. */
  readonly ttlSeconds: number;
  /** Attempts of one change before giving up (the SQS record is then retried). */
  readonly maxAttempts?: number;
}

/** Versioned JSON records with conditional writes. */
export class RecordStore {
  constructor(
    private readonly ddb: DynamoDBClient,
    private readonly opts: RecordStoreOptions,
  ) {}

  /** Reads a record and its version (0 when absent or expired). */
  async read<T>(key: string, now: Date): Promise<{ value: T | undefined; ver: number }> {
    const out = await this.ddb.send(
      new GetItemCommand({ TableName: this.opts.tableName, Key: { pk: { S: key } }, ConsistentRead: true }),
    );
    const item = out.Item;
    const ver = Number(item?.['ver']?.N ?? 0);
    const expires = Number(item?.['expiresAt']?.N ?? 0);
    if (!item?.['doc']?.S || expires < Math.floor(now.getTime() / 1000)) return { value: undefined, ver };
    return { value: JSON.parse(item['doc'].S) as T, ver };
  }

  /**
   * Changes a record: `change` gets the current value and returns the new one and a result, or no new value to
   * leave it as it is. Returns the result of the change that was written (or of the last look, when none was).
   */
  async update<T, R>(
    key: string,
    now: Date,
    change: (current: T | undefined) => { readonly next?: T; readonly result: R },
  ): Promise<R> {
    const attempts = this.opts.maxAttempts ?? 10;
    for (let i = 0; i < attempts; i += 1) {
      const { value, ver } = await this.read<T>(key, now);
      const { next, result } = change(value);
      if (next === undefined) return result;
      const t = Math.floor(now.getTime() / 1000);
      try {
        await this.ddb.send(
          new PutItemCommand({
            TableName: this.opts.tableName,
            Item: {
              pk: { S: key },
              doc: { S: JSON.stringify(next) },
              ver: { N: String(ver + 1) },
              expiresAt: { N: String(t + this.opts.ttlSeconds) },
            },
            ConditionExpression: ver === 0 ? 'attribute_not_exists(pk)' : 'ver = :ver',
            ExpressionAttributeValues:
              ver === 0 ? undefined : { ':ver': { N: String(ver) } },
          }),
        );
        return result;
      } catch (err) {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
      }
    }
    throw new ContendedRecord(`The record ${key} kept changing; the event will be retried`);
  }
}
