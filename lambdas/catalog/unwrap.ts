/**
 * Peels the wrappers that surround an AWS status message on its way to us: literal and JSON-escaped quotes,
 * the AWS Backup SNS notification text, Terraform's "Error: ..." lines, SDK "api error <Code>: ..." chains,
 * boto3 "An error occurred (<Code>) when calling ...: ..." lines, CloudFormation "Resource handler returned
 * message" events and the Java SDK "(Service: ...; Status Code: ...)" suffix.
 */

/** What was found around a message. */
export type Wrapper = 'sns' | 'terraform' | 'sdk' | 'cloudformation';

/** The texts worth matching, most specific first, and the wrappers that were removed. */
export interface Unwrapped {
  readonly candidates: readonly string[];
  readonly wrappers: readonly Wrapper[];
}

const QUOTE_PAIRS: readonly (readonly [string, string])[] = [
  ['"', '"'],
  ["'", "'"],
  ['`', '`'],
  ['\u201c', '\u201d'],
  ['\u2018', '\u2019'],
];

// AWS Backup SNS: "An AWS Backup job failed. Resource ARN : ... BackupJob ID : ... Status Message : <message>".
const SNS_STATUS = /^An AWS (?:Backup|Copy|Restore) job\b.*?\bStatus Message\s*:\s*(.+)$/i;
const TERRAFORM_PREFIX = /^(?:Error|Warning):\s+/i;
// AWS SDK v2 for Go, as printed by Terraform: "... https response error StatusCode: 400, RequestID: ..., api error <Code>: <message>".
const SDK_API_ERROR = /\bapi error ([A-Za-z][\w.]*):\s*(.+)$/;
// boto3 / AWS CLI: "An error occurred (<Code>) when calling the <Op> operation: <message>".
const BOTO_ERROR = /\bAn error occurred \(([A-Za-z][\w.]*)\) when calling the \w+ operation(?: \(reached max retries: \d+\))?:\s*(.+)$/;
// CloudFormation stack events: 'Resource handler returned message: "<message>" (RequestToken: ..., HandlerErrorCode: ...)'.
// Greedy up to the last quote before RequestToken, so nested handler messages stay whole; the event may be cut short.
const CFN_HANDLER = /\bResource handler returned message:\s*"(.+)"\s*(?:\(RequestToken:[^)]*\)?\s*)?$/;
// AWS SDK for Java suffix: "(Service: AmazonEC2; Status Code: 400; Error Code: X; Request ID: ...; Proxy: null)".
const JAVA_SDK_SUFFIX = /\s*\(Service: [^()]*(?:Status Code|Request ID)[^()]*\)\.?$/;

/** Collapses whitespace and JSON escapes so patterns can use single spaces. */
export function normalise(text: string): string {
  return text
    .replace(/\\r\\n|\\n|\\r|\\t/g, ' ')
    .replace(/\\"/g, '"')
    .replace(/\\'/g, "'")
    .replace(/[\u2500-\u257f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function stripQuotes(text: string): string {
  let current = text.trim();
  for (;;) {
    const pair = QUOTE_PAIRS.find(([open, close]) => current.length >= 2 && current.startsWith(open) && current.endsWith(close));
    if (!pair) return current;
    current = current.slice(1, -1).trim();
  }
}

function peel(text: string, wrappers: Wrapper[]): string {
  let current = stripQuotes(text);
  for (;;) {
    const before = current;
    if (TERRAFORM_PREFIX.test(current)) {
      current = stripQuotes(current.replace(TERRAFORM_PREFIX, ''));
      if (!wrappers.includes('terraform')) wrappers.push('terraform');
    }
    current = stripQuotes(current);
    if (current === before) return current;
  }
}

/** Returns the candidate texts for matching. An SNS wrapper is replaced by its status message when it has one. */
export function unwrap(raw: string): Unwrapped {
  const wrappers: Wrapper[] = [];
  const candidates: string[] = [];
  const add = (text: string): void => {
    if (text.length > 0 && !candidates.includes(text)) candidates.push(text);
  };
  let text = peel(normalise(raw), wrappers);
  const sns = SNS_STATUS.exec(text);
  if (sns?.[1]) {
    wrappers.push('sns');
    text = peel(sns[1], wrappers);
  }
  const cfn = CFN_HANDLER.exec(text);
  if (cfn?.[1]) {
    wrappers.push('cloudformation');
    text = peel(cfn[1], wrappers);
  }
  const sdk = SDK_API_ERROR.exec(text) ?? BOTO_ERROR.exec(text);
  if (sdk?.[2]) {
    wrappers.push('sdk');
    const inner = peel(sdk[2], wrappers);
    add(inner);
    add(inner.replace(JAVA_SDK_SUFFIX, ''));
  }
  add(text);
  add(text.replace(JAVA_SDK_SUFFIX, ''));
  return { candidates, wrappers };
}
