/**
 * Side effects that must never happen twice (an SNS publish, a Slack post), on DynamoDB conditional writes.
 * The design, and what happens when each write fails, is in docs/delivery.md: a claim records `sending` before
 * the send, a `sending` record is never claimed again (there is no lock to expire), and it is released only when
 * the send was definitely refused.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html
 */
import { randomUUID } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';

/** The result of a send: `claimed` means this call sent it; `duplicate` means a send was already claimed. */
export type ClaimResult = 'claimed' | 'duplicate';

/** A claim: the token names its owner, for the writes that follow. */
export type Claim = { readonly result: 'claimed'; readonly token: string } | { readonly result: 'duplicate' };

/** The result of admitting a versioned event: `stale` means a higher version was already seen. */
export type AdmitResult = 'admitted' | 'stale';

/** Options of an idempotency store. */
export interface IdempotencyOptions {
  readonly tableName: string;
  /** How long a record blocks duplicates (≥ 24 h). */
  readonly ttlSeconds: number;
  /** Makes claim tokens; random by default. */
  readonly newToken?: () => string;
}

/** How a failed send ended: `refused` means it certainly did not happen; `unknown` means it may have. */
export type SendFailure = 'refused' | 'unknown';

/**
 * Thrown when a send may or may not have happened (no answer, or a server error). The claim stays `sending`, so
 * no retry sends it again; the error says so, for the log.
 */
export class DeliveryOutcomeUnknown extends Error {
  override readonly name = 'DeliveryOutcomeUnknown';
  constructor(
    readonly key: string,
    cause: unknown,
  ) {
    super(`The send of ${key} may or may not have happened; it will not be sent again`, { cause });
  }
}

/**
 * How an AWS SDK error ended a send: an HTTP 4xx answer is a refusal (throttling, authorisation, validation);
 * a 5xx answer or no answer at all (timeout, connection reset) leaves the outcome unknown.
 */
export function sdkSendFailure(err: unknown): SendFailure {
  const status = (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  return status !== undefined && status >= 400 && status < 500 ? 'refused' : 'unknown';
}

/** The key of the SNS publish of one failure. */
export const publishKey = (id: string): string => `publish#${id}`;
/** The key of the Slack post of one message. */
export const slackKey = (id: string): string => `slack#${id}`;
/** The key that says a failure reached the diagnoser (by event or by sweep), whatever became of it. */
export const seenKey = (id: string): string => `seen#${id}`;
/** The key that tracks the highest ECS task version seen for a task. */
export const ecsVersionKey = (taskArn: string): string => `ecs#${taskArn}`;

const epoch = (now: Date): number => Math.floor(now.getTime() / 1000);

/**
 * Records in one table: partition key `pk` (string), TTL attribute `expiresAt`. A send's record is `sending`
 * (with its `owner` token) from just before the send, and `sent` after.
 */
export class IdempotencyStore {
  private readonly newToken: () => string;

  constructor(
    private readonly ddb: DynamoDBClient,
    private readonly opts: IdempotencyOptions,
  ) {
    this.newToken = opts.newToken ?? randomUUID;
  }

  /**
   * Claims a key before its send; `duplicate` when a live record holds it. When the put fails its condition, a
   * consistent read tells an SDK retry of our own put (its owner is our token) from another claim.
   */
  async claim(key: string, now: Date): Promise<Claim> {
    const t = epoch(now);
    const token = this.newToken();
    try {
      await this.ddb.send(
        new PutItemCommand({
          TableName: this.opts.tableName,
          Item: {
            pk: { S: key },
            status: { S: 'sending' },
            owner: { S: token },
            claimedAt: { N: String(t) },
            expiresAt: { N: String(t + this.opts.ttlSeconds) },
          },
          // DynamoDB deletes expired items lazily, so an expired record must not block a new claim.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': { N: String(t) } },
        }),
      );
      return { result: 'claimed', token };
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
    const held = await this.ddb.send(
      new GetItemCommand({ TableName: this.opts.tableName, Key: { pk: { S: key } }, ConsistentRead: true }),
    );
    return held.Item?.['owner']?.S === token ? { result: 'claimed', token } : { result: 'duplicate' };
  }

  /** Marks a claimed key sent. Failing here is harmless: a `sending` record blocks resends just as well. */
  async markSent(key: string, token: string, now: Date): Promise<void> {
    await this.ddb.send(
      new UpdateItemCommand({
        TableName: this.opts.tableName,
        Key: { pk: { S: key } },
        UpdateExpression: 'SET #status = :sent, sentAt = :now',
        ConditionExpression: '#owner = :token',
        ExpressionAttributeNames: { '#status': 'status', '#owner': 'owner' },
        ExpressionAttributeValues: { ':sent': { S: 'sent' }, ':now': { N: String(epoch(now)) }, ':token': { S: token } },
      }),
    );
  }

  /** Gives up a claim whose send was certainly refused, so that a retry can send. */
  async release(key: string, token: string): Promise<void> {
    try {
      await this.ddb.send(
        new DeleteItemCommand({
          TableName: this.opts.tableName,
          Key: { pk: { S: key } },
          ConditionExpression: '#status = :sending AND #owner = :token',
          ExpressionAttributeNames: { '#status': 'status', '#owner': 'owner' },
          ExpressionAttributeValues: { ':sending': { S: 'sending' }, ':token': { S: token } },
        }),
      );
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return;
      throw err;
    }
  }

  /**
   * Records that a key was seen (unconditionally): the reconciler then knows the failure needs no sweep. A failure
   * counted into a group says which (`group`), and, when it was counted on its job record alone, which evidence
   * it reused (`reused`): a redelivery of it is then known to be counted already.
   */
  async mark(key: string, now: Date, counted?: { readonly group: string; readonly reused?: string }): Promise<void> {
    const t = epoch(now);
    await this.ddb.send(
      new PutItemCommand({
        TableName: this.opts.tableName,
        Item: {
          pk: { S: key },
          status: { S: counted ? 'counted' : 'seen' },
          ...(counted ? { group: { S: counted.group } } : {}),
          ...(counted?.reused !== undefined ? { reused: { S: counted.reused } } : {}),
          expiresAt: { N: String(t + this.opts.ttlSeconds) },
        },
      }),
    );
  }

  /** The group a failure was counted into, when a live record of `key` says it was. */
  async countedIn(key: string, now: Date): Promise<string | undefined> {
    const held = await this.ddb.send(
      new GetItemCommand({ TableName: this.opts.tableName, Key: { pk: { S: key } }, ConsistentRead: true }),
    );
    const expires = Number(held.Item?.['expiresAt']?.N ?? 0);
    if (held.Item?.['status']?.S !== 'counted' || expires < epoch(now)) return undefined;
    return held.Item['group']?.S ?? '';
  }

  /** Whether a key holds a live record (claimed or sent): the reconciler's question "was this job handled?". */
  async has(key: string, now: Date): Promise<boolean> {
    const held = await this.ddb.send(
      new GetItemCommand({ TableName: this.opts.tableName, Key: { pk: { S: key } }, ConsistentRead: true }),
    );
    const expires = Number(held.Item?.['expiresAt']?.N ?? 0);
    return held.Item !== undefined && expires >= epoch(now);
  }

  /**
   * Records a version of a versioned stream (ECS task events) and says whether it is current. An equal version
   * is admitted (a duplicate delivery: the send keys deduplicate it); a lower one is stale.
   */
  async admitVersion(key: string, version: number, now: Date): Promise<AdmitResult> {
    const t = epoch(now);
    try {
      await this.ddb.send(
        new PutItemCommand({
          TableName: this.opts.tableName,
          Item: {
            pk: { S: key },
            version: { N: String(version) },
            expiresAt: { N: String(t + this.opts.ttlSeconds) },
          },
          // Attribute names go through placeholders so that no DynamoDB reserved word can break the expression.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR #version <= :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':now': { N: String(t) }, ':version': { N: String(version) } },
        }),
      );
      return 'admitted';
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return 'stale';
      throw err;
    }
  }

  /**
   * Sends at most once per key: claim, send, mark sent. A refused send is released and rethrown (a retry may
   * send); a send of unknown outcome keeps its claim and throws DeliveryOutcomeUnknown (no retry sends it).
   */
  async once(
    key: string,
    now: Date,
    send: () => Promise<void>,
    failure: (err: unknown) => SendFailure = sdkSendFailure,
  ): Promise<ClaimResult> {
    const claim = await this.claim(key, now);
    if (claim.result === 'duplicate') return 'duplicate';
    try {
      await send();
    } catch (err) {
      if (failure(err) === 'unknown') throw new DeliveryOutcomeUnknown(key, err);
      await this.release(key, claim.token);
      throw err;
    }
    await this.markSent(key, claim.token, now);
    return 'claimed';
  }
}
