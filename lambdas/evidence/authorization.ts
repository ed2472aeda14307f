/**
 * Encoded authorization failure messages, decoded by STS when the deployment allows it (an opt-in grant of
 * sts:DecodeAuthorizationMessage: the decoded message can hold privileged details of the account's policies).
 * The decoded JSON says whether an explicit deny or the absence of an allow refused the call, and the action,
 * resource and principal of the request.
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_DecodeAuthorizationMessage.html
 */
import { DecodeAuthorizationMessageCommand } from '@aws-sdk/client-sts';
import type { DecodedAuthorization } from '../model/types.ts';
import type { Scope } from './read.ts';

/** The decoded message is kept up to this many characters (it repeats the request's whole context). */
const MAX_DECODED = 20_000;

interface DecodedJson {
  readonly allowed?: unknown;
  readonly explicitDeny?: unknown;
  readonly matchedStatements?: { readonly items?: unknown };
  readonly context?: {
    readonly principal?: { readonly arn?: unknown };
    readonly action?: unknown;
    readonly resource?: unknown;
  };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

/** Reads what STS's DecodedMessage says; a message that is not JSON is kept as text alone. */
export function readDecoded(encodedMessage: string, decoded: string): DecodedAuthorization {
  let json: DecodedJson = {};
  try {
    const parsed = JSON.parse(decoded) as unknown;
    if (parsed && typeof parsed === 'object') json = parsed as DecodedJson;
  } catch {
    // Kept as text below.
  }
  const items = json.matchedStatements?.items;
  const out: DecodedAuthorization = {
    encodedMessage,
    decoded: decoded.length > MAX_DECODED ? decoded.slice(0, MAX_DECODED) : decoded,
  };
  const allowed = bool(json.allowed);
  const explicitDeny = bool(json.explicitDeny);
  const action = str(json.context?.action);
  const resource = str(json.context?.resource);
  const principalArn = str(json.context?.principal?.arn);
  return {
    ...out,
    ...(allowed !== undefined ? { allowed } : {}),
    ...(explicitDeny !== undefined ? { explicitDeny } : {}),
    ...(action !== undefined ? { action } : {}),
    ...(resource !== undefined ? { resource } : {}),
    ...(principalArn !== undefined ? { principalArn } : {}),
    ...(Array.isArray(items) ? { matchedStatements: items.length } : {}),
  };
}

/** Decodes one message; a denied or failed call is a gap on sts:DecodeAuthorizationMessage, never a throw. */
export async function collectAuthorization(scope: Scope, encodedMessage: string): Promise<DecodedAuthorization | undefined> {
  const decoded = await scope.reader.read(
    { action: 'sts:DecodeAuthorizationMessage', subject: 'the encoded authorization message', what: 'sts:DecodeAuthorizationMessage of the encoded authorization message' },
    async (abortSignal) =>
      (await scope.clients.sts.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encodedMessage }), { abortSignal })).DecodedMessage,
  );
  return decoded === undefined ? undefined : readDecoded(encodedMessage, decoded);
}
