/**
 * A loopback fake of the AWS endpoints the diagnoser calls, serving one account snapshot (an Evidence JSON)
 * through the services' real wire protocols, so that the SDK's own serialisation, error parsing and retries run.
 *
 * ```ts
 * const aws = await startFakeAws(snapshot, { seed: 7, faults: { iam: { throttle: 0.3 }, 'kms:GetKeyPolicy': { accessDenied: true } } });
 * Object.assign(process.env, aws.env);          // or createClients({ endpoint: aws.url, credentials, ... })
 * ... run the handler or collectEvidence ...
 * aws.requests;   // [{ service: 'iam', action: 'GetRole', status: 200 }, ...] in arrival order
 * aws.published;  // [{ topicArn, subject, message }] from SNS Publish
 * aws.setFaults({ faults: {} });                 // change faults between runs
 * await aws.close();
 * ```
 *
 * Served (everything else answers 501 `NotImplemented`):
 * - Listings, paginated (`pageSize` in the plan sets a page size below the request's limit, so that every
 *   listing has several pages): IAM ListRoles and ListRoleTags (Marker/IsTruncated), Backup ListBackupPlans,
 *   ListBackupSelections, ListBackupVaults and ListBackupJobs by creation date (NextToken); GetBackupSelection.
 * - IAM (awsQuery): GetRole, ListAttachedRolePolicies, ListRolePolicies, GetRolePolicy, GetPolicy,
 *   GetPolicyVersion (documents URL-encoded, as IAM sends them), SimulatePrincipalPolicy (from `role.simulation`;
 *   an action not listed is `implicitDeny`). A role absent from the snapshot or with exists:false is NoSuchEntity.
 * - SNS (awsQuery): Publish, recorded in `published`.
 * - KMS (awsJson1_1): DescribeKey (by ARN, key id, alias name or alias ARN; Missing or absent → NotFoundException),
 *   GetKeyPolicy, ListGrants.
 * - Backup (restJson1): DescribeBackupJob/DescribeCopyJob/DescribeRestoreJob (from `job`), GetBackupPlan,
 *   DescribeBackupVault (exists:false or absent → ResourceNotFoundException), ListBackupJobs (from `jobHistory`),
 *   DescribeGlobalSettings.
 * - EC2 (ec2 query): DescribeVolumes, DescribeInstances (an instance resource has one root volume
 *   `vol-<instance id>` carrying its key), DescribeSnapshots.
 * - DynamoDB (awsJson1_0): DescribeTable, and GetItem/PutItem/UpdateItem/DeleteItem on an in-memory table with real condition
 *   and update expressions (the diagnoser's idempotency table). ECS (awsJson1_1): DescribeTasks, DescribeTaskDefinition,
 *   DescribeServices (the snapshot's volume configurations on a PRIMARY deployment). CloudTrail (awsJson1_1):
 *   LookupEvents (from `trail`, plus the RunTask of a standalone task with the snapshot's volume configurations;
 *   one lookup attribute, StartTime/EndTime, MaxResults and NextToken as CloudTrail honours them).
 *
 * The service is read from the SigV4 credential scope, so one URL serves all: `env` sets AWS_ENDPOINT_URL and
 * every AWS_ENDPOINT_URL_<SERVICE>, dummy credentials and AWS_REGION (the snapshot's, else us-east-1).
 * Faults apply per `service:Action`, else per service, else `*`: `throttle` and `serverError` are fractions of
 * responses drawn from a seeded generator, `accessDenied` denies every call, `latencyMs` delays every answer.
 * Error bodies carry the service's error code and a message saying whether the fault plan injected it or the
 * snapshot lacks the object; the messages are the fake's own, never AWS's.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeTable } from './ddb-table.ts';
import type { Evidence } from '../../lambdas/model/types.ts';
import { ApiError, DENIED, PROTOCOL, THROTTLE, XMLNS, seeded, toXml } from './fake-aws/wire.ts';
import { iam } from './fake-aws/iam.ts';
import { kms } from './fake-aws/kms.ts';
import { backup } from './fake-aws/backup.ts';
import { ec2 } from './fake-aws/ec2.ts';
import { dynamodb } from './fake-aws/dynamodb.ts';
import { ecs } from './fake-aws/ecs.ts';
import { cloudtrail } from './fake-aws/cloudtrail.ts';

/** Faults for one service or action. */
export interface Fault {
  /** Fraction (0..1) of responses that are the service's throttling error. */
  readonly throttle?: number;
  /** Fraction (0..1) of responses that are a 500 internal error. */
  readonly serverError?: number;
  /** Every call is denied with the service's access-denied error. */
  readonly accessDenied?: boolean;
  /** Added to every answer, in ms. */
  readonly latencyMs?: number;
}

/** Which faults to inject: keys are `service:Action` (e.g. "iam:GetRole"), `service` (e.g. "kms") or "*". */
export interface FaultPlan {
  /** Seed of the generator that draws throttled and failed responses (1 by default). */
  readonly seed?: number;
  readonly faults?: Readonly<Record<string, Fault>>;
  /** The most items a listing answers per page, below the request's own limit (AWS's page sizes when absent). */
  readonly pageSize?: number;
}

/** One request as the fake saw it. */
export interface Recorded {
  readonly service: string;
  readonly action: string;
  readonly status: number;
  /** The error code sent, for a failed request. */
  readonly error?: string;
  /** true when the error was injected by the fault plan. */
  readonly injected?: boolean;
}

/** A message received by SNS Publish. */
export interface Published {
  readonly topicArn: string;
  readonly subject?: string;
  readonly message: string;
}

/** A running fake. */
export interface FakeAws {
  readonly url: string;
  readonly env: Record<string, string>;
  readonly requests: Recorded[];
  readonly published: Published[];
  setFaults(plan: FaultPlan): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The signing service from the SigV4 credential scope: Credential=AKID/date/region/SERVICE/aws4_request. */
function serviceOf(req: IncomingMessage): string {
  const auth = String(req.headers['authorization'] ?? '');
  const scope = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\/aws4_request/.exec(auth);
  return scope?.[1] ?? 'unknown';
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the fake on 127.0.0.1 (a free port) serving `snapshot`, with `faults` injected. */
export async function startFakeAws(snapshot: Evidence, faults: FaultPlan = {}): Promise<FakeAws> {
  const requests: Recorded[] = [];
  const published: Published[] = [];
  const table = new FakeTable();
  let plan = faults;
  let random = seeded(plan.seed ?? 1);
  let counter = 0;

  const faultFor = (service: string, action: string): Fault =>
    plan.faults?.[`${service}:${action}`] ?? plan.faults?.[service] ?? plan.faults?.['*'] ?? {};

  const send = (res: ServerResponse, service: string, status: number, payload: unknown, action: string): void => {
    const requestId = `fake-${++counter}`;
    const protocol = PROTOCOL[service] ?? 'json1.1';
    if (protocol === 'query' || protocol === 'ec2') {
      const xml =
        protocol === 'ec2'
          ? `<${action}Response xmlns="${XMLNS[service]}"><requestId>${requestId}</requestId>${toXml(payload, 'item')}</${action}Response>`
          : `<${action}Response xmlns="${XMLNS[service]}"><${action}Result>${toXml(payload, 'member')}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
      res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
      res.end(xml);
      return;
    }
    const contentType = protocol === 'json1.0' ? 'application/x-amz-json-1.0' : protocol === 'json1.1' ? 'application/x-amz-json-1.1' : 'application/json';
    res.writeHead(status, { 'content-type': contentType, 'x-amzn-requestid': requestId });
    res.end(JSON.stringify(payload, (_k, v: unknown) => (v === null ? undefined : v)));
  };

  const sendError = (res: ServerResponse, service: string, err: ApiError): void => {
    const requestId = `fake-${++counter}`;
    const message = err.injected ? 'injected by fake-aws' : 'not in the account snapshot served by fake-aws';
    const protocol = PROTOCOL[service] ?? 'json1.1';
    if (protocol === 'query') {
      const type = err.status >= 500 ? 'Receiver' : 'Sender';
      res.writeHead(err.status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
      res.end(
        `<ErrorResponse xmlns="${XMLNS[service]}"><Error><Type>${type}</Type><Code>${err.code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      );
      return;
    }
    if (protocol === 'ec2') {
      res.writeHead(err.status, { 'content-type': 'text/xml' });
      res.end(`<Response><Errors><Error><Code>${err.code}</Code><Message>${message}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`);
      return;
    }
    res.writeHead(err.status, {
      'content-type': protocol === 'json1.0' ? 'application/x-amz-json-1.0' : protocol === 'json1.1' ? 'application/x-amz-json-1.1' : 'application/json',
      'x-amzn-errortype': err.code,
      'x-amzn-requestid': requestId,
    });
    res.end(JSON.stringify({ __type: err.code, message, Message: message }));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const service = serviceOf(req);
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const protocol = PROTOCOL[service];
    let action = 'unknown';
    let answer: () => unknown = () => {
      throw new ApiError('NotImplemented', 501);
    };
    if (protocol === 'query' || protocol === 'ec2') {
      const form = new URLSearchParams(body);
      action = form.get('Action') ?? 'unknown';
      if (service === 'iam') answer = () => iam(snapshot, action, form, plan.pageSize);
      if (service === 'ec2') answer = () => ec2(snapshot, action, form);
      if (service === 'sns') {
        answer = () => {
          if (action !== 'Publish') throw new ApiError('NotImplemented', 501);
          const subject = form.get('Subject') ?? undefined;
          published.push({ topicArn: form.get('TopicArn') ?? '', ...(subject !== undefined ? { subject } : {}), message: form.get('Message') ?? '' });
          return { MessageId: `00000000-0000-0000-0000-${String(published.length).padStart(12, '0')}` };
        };
      }
    } else if (protocol === 'rest-json') {
      const route = backup(snapshot, req.method ?? 'GET', url.pathname, url.searchParams, plan.pageSize);
      action = route.action;
      answer = route.answer;
    } else if (protocol !== undefined) {
      const target = String(req.headers['x-amz-target'] ?? '');
      action = target.slice(target.indexOf('.') + 1);
      const json = (body === '' ? {} : JSON.parse(body)) as Record<string, unknown>;
      if (service === 'kms') answer = () => kms(snapshot, action, json);
      if (service === 'ecs') answer = () => ecs(snapshot, action, json);
      if (service === 'dynamodb') answer = () => dynamodb(snapshot, table, action, json);
      if (service === 'cloudtrail') answer = () => cloudtrail(snapshot, action, json);
    }

    const fault = faultFor(service, action);
    if (fault.latencyMs) await sleep(fault.latencyMs);
    let injected: ApiError | undefined;
    if (fault.accessDenied) injected = new ApiError(...(DENIED[service] ?? ['AccessDeniedException', 403]), true);
    else if (fault.throttle && random() < fault.throttle) injected = new ApiError(...(THROTTLE[service] ?? ['ThrottlingException', 400]), true);
    else if (fault.serverError && random() < fault.serverError) injected = new ApiError('InternalFailure', 500, true);

    try {
      if (injected) throw injected;
      const payload = answer();
      requests.push({ service, action, status: 200 });
      send(res, service, 200, payload, action);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError('InternalFailure', 500);
      requests.push({ service, action, status: err.status, error: err.code, ...(err.injected ? { injected: true } : {}) });
      sendError(res, service, err);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    AWS_ENDPOINT_URL: url,
    AWS_ACCESS_KEY_ID: 'x',
    AWS_SECRET_ACCESS_KEY: 'x',
    AWS_REGION: snapshot.region ?? 'us-east-1',
  };
  for (const s of ['IAM', 'SNS', 'KMS', 'ECS', 'EC2', 'BACKUP', 'DYNAMODB', 'CLOUDTRAIL', 'RDS', 'EFS', 'S3', 'SQS', 'SECRETS_MANAGER', 'STS']) {
    env[`AWS_ENDPOINT_URL_${s}`] = url;
  }

  return {
    url,
    env,
    requests,
    published,
    setFaults(next: FaultPlan): void {
      plan = next;
      random = seeded(next.seed ?? 1);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
