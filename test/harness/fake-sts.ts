/**
 * A loopback fake of AWS STS for the command's credential check: GetCallerIdentity over STS's real wire protocol
 * (awsQuery: a form-encoded POST, an XML answer), so the SDK's own serialisation and error parsing run. Used next
 * to the fake of the other services: point AWS_ENDPOINT_URL_STS at it (its `env` does).
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Who the fake says the caller is, or the error it answers with. */
export interface FakeStsOptions {
  readonly account: string;
  /** Answer every call with this error code (403), as STS does for a bad key (InvalidClientTokenId). */
  readonly error?: { readonly code: string; readonly message: string };
}

/** A running fake. */
export interface FakeSts {
  readonly url: string;
  readonly env: Record<string, string>;
  /** The Action of each request received. */
  readonly requests: string[];
  /** The SigV4 credential scope of each request: which access key signed it, for which region. */
  readonly signers: { accessKeyId: string; region: string }[];
  close(): Promise<void>;
}

const xml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Starts the fake on 127.0.0.1 with an ephemeral port. */
export async function startFakeSts(opts: FakeStsOptions): Promise<FakeSts> {
  const requests: string[] = [];
  const signers: { accessKeyId: string; region: string }[] = [];
  const server = createServer((req, res) => {
    const scope = /Credential=([^/]+)\/[^/]+\/([^/]+)\//.exec(req.headers.authorization ?? '');
    signers.push({ accessKeyId: scope?.[1] ?? '', region: scope?.[2] ?? '' });
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const action = new URLSearchParams(body).get('Action') ?? '';
      requests.push(action);
      const requestId = `00000000-0000-4000-8000-${String(requests.length).padStart(12, '0')}`;
      res.setHeader('content-type', 'text/xml');
      res.setHeader('x-amzn-requestid', requestId);
      if (opts.error !== undefined || action !== 'GetCallerIdentity') {
        const error = opts.error ?? { code: 'InvalidAction', message: `Could not find operation ${action}` };
        res.writeHead(opts.error !== undefined ? 403 : 400);
        res.end(
          `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${xml(error.code)}</Code>` +
            `<Message>${xml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
        );
        return;
      }
      res.writeHead(200);
      res.end(
        '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
          `<Arn>arn:aws:iam::${xml(opts.account)}:user/Alice</Arn><UserId>AIDAEXAMPLEUSERID</UserId><Account>${xml(opts.account)}</Account>` +
          `</GetCallerIdentityResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    env: { AWS_ENDPOINT_URL_STS: url },
    requests,
    signers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
