/**
 * A loopback fake of an AWS Organization: several accounts, each served by its own `startFakeAws` (one account
 * snapshot each), behind one front endpoint that tells them apart by the SigV4 access key of every request, and
 * that answers STS AssumeRole itself (Query protocol), as STS would for the member accounts' inspection role.
 *
 * ```ts
 * const org = await startFakeOrg({ organizationId, central: { account, snapshot, sessionArn }, members: [{ account, snapshot, role }] });
 * Object.assign(env, org.env);     // the central account's own credentials, every endpoint on the front
 * org.calls;                        // [{ accessKeyId, account, service, action, status }] in arrival order
 * ```
 *
 * AssumeRole is granted when the member has a role of that name and its trust policy, evaluated by the
 * project's policy evaluator, allows the caller's session with the request's sts:ExternalId and the caller's
 * aws:PrincipalOrgID; otherwise AccessDenied. Each grant issues fresh keys that only reach that member's fake.
 * A request signed with an unknown key is answered 403 (InvalidClientTokenId) and recorded.
 * The error messages are the fake's own, never AWS's.
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Evidence, PolicyDocument } from '../../lambdas/model/types.ts';
import { evaluateTrust } from '../../lambdas/policy/index.ts';
import { type FakeAws, type FaultPlan, startFakeAws } from './fake-aws.ts';

/** The central account: its own credentials are the environment's. */
export interface CentralAccount {
  readonly account: string;
  readonly snapshot: Evidence;
  /** The session ARN the central credentials stand for (the diagnoser's assumed-role session). */
  readonly sessionArn: string;
  readonly faults?: FaultPlan;
}

/** A member account, with or without the inspection role. */
export interface MemberAccount {
  readonly account: string;
  readonly snapshot: Evidence;
  /** The inspection role, when deployed there. */
  readonly role?: { readonly name: string; readonly trustPolicy: PolicyDocument };
  /** The organization the account belongs to (the fake's organization by default). */
  readonly organizationId?: string;
  readonly faults?: FaultPlan;
}

/** One request at the front, with the key that signed it. */
export interface OrgCall {
  readonly accessKeyId: string;
  /** The account whose fake served it; undefined when the key was unknown or STS answered. */
  readonly account?: string;
  readonly service: string;
  readonly action: string;
  readonly status: number;
}

/** A running fake organization. */
export interface FakeOrg {
  readonly url: string;
  readonly env: Record<string, string>;
  readonly calls: OrgCall[];
  /** Every AssumeRole asked: role, external id and the answer. */
  readonly assumeRoles: { readonly roleArn: string; readonly externalId?: string; readonly granted: boolean }[];
  /** The fakes behind the front, by account. */
  readonly accounts: ReadonlyMap<string, FakeAws>;
  /** The access keys issued to each member account's role. */
  readonly issuedKeys: ReadonlyMap<string, readonly string[]>;
  readonly centralAccessKeyId: string;
  close(): Promise<void>;
}

const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Access key and signing service from the SigV4 credential scope: Credential=AKID/date/region/SERVICE/aws4_request. */
function signer(req: IncomingMessage): { accessKeyId: string; service: string } {
  const auth = String(req.headers['authorization'] ?? '');
  const m = /Credential=([^/]+)\/[^/]+\/[^/]+\/([^/]+)\/aws4_request/.exec(auth);
  return { accessKeyId: m?.[1] ?? '', service: m?.[2] ?? 'unknown' };
}

function actionOf(req: IncomingMessage, body: string): string {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return target.slice(target.indexOf('.') + 1);
  const form = new URLSearchParams(body);
  return form.get('Action') ?? `${req.method ?? 'GET'} ${new URL(req.url ?? '/', 'http://127.0.0.1').pathname}`;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function stsError(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': 'fake-org' });
  res.end(
    `<ErrorResponse xmlns="${STS_NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>fake-org</RequestId></ErrorResponse>`,
  );
}

/** Starts the fake organization on 127.0.0.1. */
export async function startFakeOrg(options: {
  readonly organizationId: string;
  readonly central: CentralAccount;
  readonly members: readonly MemberAccount[];
}): Promise<FakeOrg> {
  const { central, members, organizationId } = options;
  const accounts = new Map<string, FakeAws>();
  accounts.set(central.account, await startFakeAws(central.snapshot, central.faults ?? {}));
  for (const m of members) accounts.set(m.account, await startFakeAws(m.snapshot, m.faults ?? {}));

  const centralAccessKeyId = `AKIA${central.account}CENTRAL`;
  /** Access key → the account (and, for issued keys, the session) it belongs to. */
  const keys = new Map<string, { account: string; sessionArn: string; organizationId: string }>([
    [centralAccessKeyId, { account: central.account, sessionArn: central.sessionArn, organizationId }],
  ]);
  const issuedKeys = new Map<string, string[]>();
  const calls: OrgCall[] = [];
  const assumeRoles: FakeOrg['assumeRoles'][number][] = [];
  let issued = 0;

  const assumeRole = (res: ServerResponse, caller: { sessionArn: string; organizationId: string }, form: URLSearchParams): boolean => {
    const roleArn = form.get('RoleArn') ?? '';
    const externalId = form.get('ExternalId') ?? undefined;
    const [, , , , account, resource] = roleArn.split(':');
    const member = members.find((m) => m.account === account);
    const role = member?.role && resource === `role/${member.role.name}` ? member.role : undefined;
    const context: Record<string, string> = { 'aws:PrincipalOrgID': caller.organizationId };
    if (externalId !== undefined) context['sts:ExternalId'] = externalId;
    const granted = role !== undefined && evaluateTrust(role.trustPolicy, caller.sessionArn, context).decision === 'allowed';
    assumeRoles.push({ roleArn, ...(externalId !== undefined ? { externalId } : {}), granted });
    if (!granted || member === undefined) {
      stsError(res, 403, 'AccessDenied', `fake-org: ${caller.sessionArn} may not assume ${roleArn}`);
      return false;
    }
    const accessKeyId = `ASIA${member.account}${String(++issued).padStart(4, '0')}`;
    const sessionName = form.get('RoleSessionName') ?? 'session';
    const roleName = member.role?.name ?? '';
    keys.set(accessKeyId, {
      account: member.account,
      sessionArn: `arn:aws:sts::${member.account}:assumed-role/${roleName}/${sessionName}`,
      organizationId: member.organizationId ?? organizationId,
    });
    issuedKeys.set(member.account, [...(issuedKeys.get(member.account) ?? []), accessKeyId]);
    const seconds = Number(form.get('DurationSeconds') ?? '3600');
    const expiration = new Date(Date.now() + seconds * 1000).toISOString();
    res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': 'fake-org' });
    res.end(
      `<AssumeRoleResponse xmlns="${STS_NS}"><AssumeRoleResult><Credentials><AccessKeyId>${accessKeyId}</AccessKeyId>` +
        `<SecretAccessKey>fake-secret-${issued}</SecretAccessKey><SessionToken>fake-token-${issued}</SessionToken>` +
        `<Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser>` +
        `<Arn>arn:aws:sts::${member.account}:assumed-role/${escapeXml(roleName)}/${escapeXml(sessionName)}</Arn>` +
        `<AssumedRoleId>AROAFAKE${issued}:${escapeXml(sessionName)}</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>` +
        `<ResponseMetadata><RequestId>fake-org</RequestId></ResponseMetadata></AssumeRoleResponse>`,
    );
    return true;
  };

  const forward = (req: IncomingMessage, res: ServerResponse, target: FakeAws, body: Buffer): Promise<number> =>
    new Promise((resolve, reject) => {
      const url = new URL(req.url ?? '/', target.url);
      const out = httpRequest(url, { method: req.method ?? 'GET', headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 500, answer.headers);
        answer.pipe(res);
        answer.on('end', () => resolve(answer.statusCode ?? 500));
      });
      out.on('error', reject);
      out.end(body);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { accessKeyId, service } = signer(req);
    const body = await readBody(req);
    const action = actionOf(req, body.toString('utf8'));
    const owner = keys.get(accessKeyId);
    if (owner === undefined) {
      calls.push({ accessKeyId, service, action, status: 403 });
      stsError(res, 403, 'InvalidClientTokenId', 'fake-org: the access key is not one this organization issued');
      return;
    }
    if (service === 'sts') {
      if (action !== 'AssumeRole') {
        calls.push({ accessKeyId, service, action, status: 501 });
        stsError(res, 501, 'NotImplemented', `fake-org serves AssumeRole only, not ${action}`);
        return;
      }
      const granted = assumeRole(res, owner, new URLSearchParams(body.toString('utf8')));
      calls.push({ accessKeyId, service, action, status: granted ? 200 : 403 });
      return;
    }
    const target = accounts.get(owner.account) as FakeAws;
    const status = await forward(req, res, target, body);
    calls.push({ accessKeyId, account: owner.account, service, action, status });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const env: Record<string, string> = {
    ...(accounts.get(central.account) as FakeAws).env,
    AWS_ENDPOINT_URL: url,
    AWS_ACCESS_KEY_ID: centralAccessKeyId,
    AWS_SECRET_ACCESS_KEY: 'fake-central-secret',
  };
  for (const name of Object.keys(env)) if (name.startsWith('AWS_ENDPOINT_URL_')) env[name] = url;

  return {
    url,
    env,
    calls,
    assumeRoles,
    accounts,
    issuedKeys,
    centralAccessKeyId,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
      for (const fake of accounts.values()) await fake.close();
    },
  };
}
