/** The loopback fake of AWS: the wire encodings, error answers and fault tables every protocol shares. */


export type Protocol = 'query' | 'ec2' | 'json1.0' | 'json1.1' | 'rest-json';

export const PROTOCOL: Record<string, Protocol> = {
  iam: 'query',
  sns: 'query',
  ec2: 'ec2',
  kms: 'json1.1',
  ecs: 'json1.1',
  cloudtrail: 'json1.1',
  dynamodb: 'json1.0',
  backup: 'rest-json',
};

export const XMLNS: Record<string, string> = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sns: 'http://sns.amazonaws.com/doc/2010-03-31/',
  ec2: 'http://ec2.amazonaws.com/doc/2016-11-15/',
};

export const THROTTLE: Record<string, [string, number]> = {
  iam: ['Throttling', 400],
  sns: ['Throttling', 400],
  ec2: ['RequestLimitExceeded', 503],
  kms: ['ThrottlingException', 400],
  ecs: ['ThrottlingException', 400],
  cloudtrail: ['ThrottlingException', 400],
  dynamodb: ['ThrottlingException', 400],
  backup: ['ThrottlingException', 429],
};

export const DENIED: Record<string, [string, number]> = {
  iam: ['AccessDenied', 403],
  sns: ['AuthorizationError', 403],
  ec2: ['UnauthorizedOperation', 403],
  kms: ['AccessDeniedException', 400],
  ecs: ['AccessDeniedException', 400],
  cloudtrail: ['AccessDeniedException', 400],
  dynamodb: ['AccessDeniedException', 400],
  backup: ['AccessDeniedException', 403],
};

/** An error answer: code and HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly injected = false,
  ) {
    super(code);
  }
}

/** A small deterministic generator (mulberry32), so that a seeded fault plan replays exactly. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}


export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Serialises a value as XML children: arrays as <member> (query) or <item> (ec2) entries. */
export function toXml(value: unknown, listItem: string): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v) => `<${listItem}>${toXml(v, listItem)}</${listItem}>`).join('');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${toXml(v, listItem)}</${k}>`)
      .join('');
  }
  return escapeXml(String(value));
}

/** A JSON-protocol timestamp: epoch seconds. */
export function epoch(iso: string | undefined): number | undefined {
  return iso === undefined ? undefined : Date.parse(iso) / 1000;
}

export function notFound(code = 'NoSuchEntity', status = 404): never {
  throw new ApiError(code, status);
}

/**
 * One page of a listing: at most `max` items (the request's limit) and at most `pageSize` (the fake's page size,
 * when set), from the offset the token names. The token is opaque to the client, as AWS's are.
 */
export function page<T>(items: readonly T[], token: string | null | undefined, max: number, pageSize?: number): { items: T[]; next?: string } {
  const from = token ? Number(/^page-(\d+)$/.exec(token)?.[1] ?? NaN) : 0;
  if (!Number.isInteger(from)) throw new ApiError(token?.startsWith('page-') ? 'InvalidParameterValueException' : 'InvalidNextTokenException', 400);
  const size = Math.max(1, Math.min(max, pageSize ?? max));
  const slice = items.slice(from, from + size);
  const end = from + slice.length;
  return end < items.length ? { items: slice, next: `page-${end}` } : { items: slice };
}
