/**
 * Idempotency per side effect, on DynamoDB conditional writes. Every delivery hop may duplicate (EventBridge,
 * SQS, SNS, Lambda), so each side effect (the SNS publish, the Slack post) claims its own key before it runs,
 * marks it done after, and releases it when it fails so that a retry can claim it again.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html
 */
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';

/** The result of a claim: `claimed` runs the side effect; `duplicate` skips it. */
export type ClaimResult = 'claimed' | 'duplicate';

/** The result of admitting a versioned event: `stale` means a higher version was already seen. */
export type AdmitResult = 'admitted' | 'stale';

/** Options of an idempotency store. */
export interface IdempotencyOptions {
  readonly tableName: string;
  /** How long a completed record blocks duplicates (≥ 24 h). */
  readonly ttlSeconds: number;
  /** How long an in-progress claim blocks others before it is considered abandoned (a crashed invocation). */
  readonly lockSeconds?: number;
}

/** The key of the SNS publish of one diagnosis. */
export const publishKey = (id: string): string => `publish#${id}`;
/** The key of the Slack post of one diagnosis. */
export const slackKey = (id: string): string => `slack#${id}`;
/** The key that tracks the highest ECS task version seen for a task. */
export const ecsVersionKey = (taskArn: string): string => `ecs#${taskArn}`;

const epoch = (now: Date): number => Math.floor(now.getTime() / 1000);

/**
 * Conditional-write idempotency records in one table: partition key `pk` (string), TTL attribute `expiresAt`.
 * A record is `in-progress` (with `lockUntil`) while its side effect runs and `done` after.
 */
export class IdempotencyStore {
  private readonly lockSeconds: number;

  constructor(
    private readonly ddb: DynamoDBClient,
    private readonly opts: IdempotencyOptions,
  ) {
    this.lockSeconds = opts.lockSeconds ?? 120;
  }

  /** Claims a key; `duplicate` when a completed record, or another live claim, already holds it. */
  async claim(key: string, now: Date): Promise<ClaimResult> {
    const t = epoch(now);
    try {
      await this.ddb.send(
        new PutItemCommand({
          TableName: this.opts.tableName,
          Item: {
            pk: { S: key },
            status: { S: 'in-progress' },
            lockUntil: { N: String(t + this.lockSeconds) },
            expiresAt: { N: String(t + this.opts.ttlSeconds) },
          },
          // DynamoDB deletes expired items lazily, so an expired record must not block a new claim.
          ConditionExpression:
            'attribute_not_exists(pk) OR expiresAt < :now OR (#status = :inProgress AND lockUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':now': { N: String(t) }, ':inProgress': { S: 'in-progress' } },
        }),
      );
      return 'claimed';
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return 'duplicate';
      throw err;
    }
  }

  /** Marks a claimed key done: later deliveries of the same side effect are duplicates until the TTL. */
  async complete(key: string, now: Date): Promise<void> {
    await this.ddb.send(
      new UpdateItemCommand({
        TableName: this.opts.tableName,
        Key: { pk: { S: key } },
        UpdateExpression: 'SET #status = :done, completedAt = :now, expiresAt = :expires REMOVE lockUntil',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':done': { S: 'done' },
          ':now': { N: String(epoch(now)) },
          ':expires': { N: String(epoch(now) + this.opts.ttlSeconds) },
        },
      }),
    );
  }

  /** Gives up a claim after its side effect failed, so that the retry can claim it again. */
  async release(key: string): Promise<void> {
    try {
      await this.ddb.send(
        new DeleteItemCommand({
          TableName: this.opts.tableName,
          Key: { pk: { S: key } },
          ConditionExpression: '#status = :inProgress',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':inProgress': { S: 'in-progress' } },
        }),
      );
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return;
      throw err;
    }
  }

  /**
   * Records a version of a versioned stream (ECS task events) and says whether it is current. An equal version
   * is admitted (a duplicate delivery: the side-effect keys deduplicate it); a lower one is stale.
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

  /** Runs a side effect at most once per key: claim, run, complete; release on failure and rethrow. */
  async once(key: string, now: Date, effect: () => Promise<void>): Promise<ClaimResult> {
    if ((await this.claim(key, now)) === 'duplicate') return 'duplicate';
    try {
      await effect();
    } catch (err) {
      await this.release(key).catch(() => undefined);
      throw err;
    }
    await this.complete(key, now);
    return 'claimed';
  }
}
