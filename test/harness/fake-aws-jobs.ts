/**
 * Extends the loopback fake (fake-aws.ts) with many AWS Backup jobs: a proxy in front of it answers
 * DescribeBackupJob for each of `jobs` and ListBackupJobs by state and completion time (the reconciler's sweep,
 * paginated with NextToken), in AWS Backup's restJson1 form, and forwards every other request to the fake.
 * Every request is recorded in `requests`, with the fake's own.
 */
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeAws, Recorded } from './fake-aws.ts';
import { backupJobJson } from './fake-aws/backup.ts';

/** One job the proxy serves. */
export interface FakeJob {
  readonly jobId: string;
  readonly state: string;
  readonly statusMessage?: string;
  readonly resourceArn: string;
  readonly resourceType: string;
  readonly roleArn: string;
  readonly vaultName: string;
  readonly vaultArn: string;
  readonly accountId: string;
  readonly creationDate: string;
  readonly completionDate: string;
  readonly planId?: string;
  readonly ruleId?: string;
}

/** A running proxy. */
export interface FakeJobs {
  readonly url: string;
  readonly env: Record<string, string>;
  /** The proxy's answers and the fake's, in arrival order of each. */
  readonly requests: () => Recorded[];
  close(): Promise<void>;
}

function jobJson(j: FakeJob): Record<string, unknown> {
  return { ...backupJobJson(j), AccountId: j.accountId, BackupVaultArn: j.vaultArn };
}

/** A timestamp query value: ISO 8601 (the SDK's form) or epoch seconds. */
const instant = (v: string | null): number | undefined => (v === null ? undefined : /^\d+(\.\d+)?$/.test(v) ? Number(v) * 1000 : Date.parse(v));

const PAGE = 100;

/** Starts the proxy in front of `fake`, serving `jobs`. */
export async function startFakeJobs(fake: FakeAws, jobs: readonly FakeJob[]): Promise<FakeJobs> {
  const own: Recorded[] = [];
  const byId = new Map(jobs.map((j) => [j.jobId, j]));
  const target = new URL(fake.url);

  const answer = (res: ServerResponse, status: number, body: unknown, action: string, error?: string) => {
    own.push({ service: 'backup', action, status, ...(error ? { error } : {}) });
    res.writeHead(status, { 'content-type': 'application/json', ...(error ? { 'x-amzn-errortype': error } : {}) });
    res.end(JSON.stringify(body, (_k, v: unknown) => (v === null ? undefined : v)));
  };

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const out = httpRequest(
      { hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (upstream) => {
        res.writeHead(upstream.statusCode ?? 500, upstream.headers);
        upstream.pipe(res);
      },
    );
    out.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    out.end(body);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const auth = String(req.headers['authorization'] ?? '');
      const service = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(auth)?.[1];
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      if (service === 'backup' && req.method === 'GET' && parts[0] === 'backup-jobs' && parts[1] !== undefined && byId.has(parts[1])) {
        return answer(res, 200, jobJson(byId.get(parts[1])!), 'DescribeBackupJob');
      }
      if (service === 'backup' && req.method === 'GET' && parts[0] === 'backup-jobs' && parts[1] === undefined && url.searchParams.has('state')) {
        const state = url.searchParams.get('state');
        const after = instant(url.searchParams.get('completeAfter')) ?? -Infinity;
        const before = instant(url.searchParams.get('completeBefore')) ?? Infinity;
        const matching = jobs.filter((j) => j.state === state && Date.parse(j.completionDate) > after && Date.parse(j.completionDate) < before);
        const start = Number(url.searchParams.get('nextToken') ?? '0');
        const max = Math.min(PAGE, Number(url.searchParams.get('maxResults') ?? PAGE));
        const page = matching.slice(start, start + max);
        const next = start + max < matching.length ? String(start + max) : undefined;
        return answer(res, 200, { BackupJobs: page.map(jobJson), NextToken: next }, 'ListBackupJobs');
      }
      if (service === 'backup' && req.method === 'GET' && (parts[0] === 'copy-jobs' || parts[0] === 'restore-jobs') && parts[1] === undefined) {
        return answer(res, 200, parts[0] === 'copy-jobs' ? { CopyJobs: [] } : { RestoreJobs: [] }, parts[0] === 'copy-jobs' ? 'ListCopyJobs' : 'ListRestoreJobs');
      }
      forward(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const env = Object.fromEntries(Object.entries(fake.env).map(([k, v]) => [k, v === fake.url ? url : v]));
  return {
    url,
    env,
    requests: () => [...fake.requests, ...own],
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
