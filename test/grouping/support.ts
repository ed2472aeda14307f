/**
 * Grouping test support: an in-memory DynamoDB table (the real condition expressions, test/harness/ddb-table.ts)
 * and an SNS topic behind aws-sdk-client-mock, with one write failing on demand, before or after it took effect.
 * "After" is what the SDK sees when an answer is lost: the write applied, and its retry meets the applied write.
 */
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { PublishCommand, type PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import type { Diagnosis, FailureEvent } from '../../lambdas/model/types.ts';
import { Grouping, RecordStore } from '../../lambdas/grouping/index.ts';
import { IdempotencyStore } from '../../lambdas/publish/index.ts';
import { messageTable } from '../../lambdas/pipeline/report.ts';
import { ConditionFailed, FakeTable } from '../harness/ddb-table.ts';
import { fakeRenderers, fixture } from '../publish/support.ts';

/** Which write fails: the n-th write (0-based, DynamoDB writes and SNS publishes counted together), and how. */
export interface WriteFault {
  readonly at: number;
  readonly when: 'before' | 'after';
}

const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
const lost = () => Object.assign(new Error('Internal'), { name: 'InternalFailure', $fault: 'server', $metadata: { httpStatusCode: 500 } });

/** A grouping over in-memory AWS with at most one failing write. */
export function faultyGrouping(fault: WriteFault | undefined, windowMs = 60 * 60_000) {
  const table = new FakeTable();
  let writes = 0;
  const nextWrite = (): 'before' | 'after' | undefined => {
    const n = writes++;
    return fault && fault.at === n ? fault.when : undefined;
  };
  const conditional = (op: () => void): Record<string, never> => {
    try {
      op();
      return {};
    } catch (err) {
      if (err instanceof ConditionFailed) throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
      throw err;
    }
  };
  const write = (op: () => void) => {
    const f = nextWrite();
    if (f === 'before') throw throttled();
    const first = conditional.bind(null, op);
    if (f === 'after') {
      first(); // applied; the answer is lost and the SDK retries the same request
      return conditional(op);
    }
    return first();
  };
  const ddb = new DynamoDBClient({ region: 'us-east-1' });
  const dm = mockClient(ddb);
  dm.on(PutItemCommand).callsFake((input) => write(() => table.putItem(input)));
  dm.on(UpdateItemCommand).callsFake((input) => write(() => table.updateItem(input)));
  dm.on(DeleteItemCommand).callsFake((input) => write(() => table.deleteItem(input)));
  dm.on(GetItemCommand).callsFake((input) => {
    const item = table.getItem(input);
    return item === undefined ? {} : { Item: item };
  });
  const published: PublishCommandInput[] = [];
  const sns = new SNSClient({ region: 'us-east-1' });
  mockClient(sns)
    .on(PublishCommand)
    .callsFake((input: PublishCommandInput) => {
      const f = nextWrite();
      if (f === 'before') throw throttled();
      published.push(input);
      if (f === 'after') throw lost();
      return { MessageId: `m-${published.length}` };
    });
  const ttlSeconds = 7 * 86_400;
  const grouping = new Grouping({
    records: new RecordStore(ddb, { tableName: 'idem', ttlSeconds }),
    sends: new IdempotencyStore(ddb, { tableName: 'idem', ttlSeconds }),
    sns,
    topicArn: 'arn:aws:sns:us-east-1:111122223333:backup-doctor',
    lang: 'en',
    renderers: fakeRenderers,
    table: messageTable(),
    windowMs,
  });
  return { grouping, published, items: table.items, writes: () => writes };
}

/** The kind of a published message: a diagnosis (new), a summary or a resolved notice. */
export const kindOf = (p: PublishCommandInput): string => p.MessageAttributes?.['backup-doctor-kind']?.StringValue ?? 'new';

const base = fixture('backup-job-failed.json');
const detail = base['detail'] as Record<string, unknown>;

/** A failed backup job of the real sample, for `resource`, with its own job id. */
export function failedJob(job: string, resource: string): FailureEvent {
  return {
    kind: 'backup-job',
    origin: 'eventbridge',
    id: job,
    jobId: job,
    account: String(base['account']),
    region: String(base['region']),
    state: String(detail['state']),
    statusMessage: String(detail['statusMessage']),
    resourceArn: resource,
    roleArn: String(detail['iamRoleArn']),
    raw: base,
  };
}

/** A diagnosis of a failed job whose root cause is `cause` (the object at fault). */
export function diagnosisOf(event: FailureEvent, cause: string): Diagnosis {
  return {
    event,
    classification: { category: 'iam-permission', ruleId: 'r', confidence: 1, suspects: [] },
    category: 'iam-permission',
    headline: { key: 'group.summary.object', params: { object: cause } },
    findings: [],
    nextSteps: [],
    fingerprint: `${event.account}|${event.region}|iam-permission|iam-role-permissions-backup|${cause}`,
    gaps: [],
    generatedAt: '2026-03-01T00:00:00.000Z',
  };
}

/** A completed job of the same resource. */
export const completedJob = (job: string, resource: string): FailureEvent => ({ ...failedJob(job, resource), state: 'COMPLETED' });
