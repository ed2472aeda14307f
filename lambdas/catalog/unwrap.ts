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

// Every search below runs in time linear in the text: a message may be a megabyte of hostile input. No pattern
// has two repetitions that compete for the same characters, and "<prefix> ... <suffix>" is found in two steps.

// AWS Backup SNS: "An AWS Backup job failed. Resource ARN : ... BackupJob ID : ... Status Message : <message>".
const SNS_START = /^An AWS (?:Backup|Copy|Restore) job\b/i;
const SNS_STATUS = /\bStatus Message\s*:\s*/gi;
const TERRAFORM_PREFIX = /(?:Error|Warning):\s+/iy;
// The message runs to the end of the (normalised, single-line) text.
// AWS SDK v2 for Go, as printed by Terraform: "... https response error StatusCode: 400, RequestID: ..., api error <Code>: <message>".
const SDK_API_ERROR = /\bapi error ([A-Za-z][\w.]*):\s*(\S.*)/;
// boto3 / AWS CLI: "An error occurred (<Code>) when calling the <Op> operation: <message>".
const BOTO_ERROR = /\bAn error occurred \(([A-Za-z][\w.]*)\) when calling the \w+ operation(?: \(reached max retries: \d+\))?:\s*(\S.*)/;
// CloudFormation stack events: 'Resource handler returned message: "<message>" (RequestToken: ..., HandlerErrorCode: ...)'.
// The message runs to the last quote before RequestToken, so nested handler messages stay whole; the event may be cut short.
const CFN_HANDLER = /\bResource handler returned message:\s*"/g;
const CFN_TAIL = /"\s*\(RequestToken:/g;
// AWS SDK for Java suffix: "(Service: AmazonEC2; Status Code: 400; Error Code: X; Request ID: ...; Proxy: null)".
const JAVA_SDK_SUFFIX = /^\(Service: [^()]*\)\.?$/;
const JAVA_SDK_FIELDS = /Status Code|Request ID/;

/** Every regular expression of the unwrapper, for the ReDoS check. */
export const UNWRAP_REGEXES: readonly RegExp[] = [
  SNS_START,
  SNS_STATUS,
  TERRAFORM_PREFIX,
  SDK_API_ERROR,
  BOTO_ERROR,
  CFN_HANDLER,
  CFN_TAIL,
  JAVA_SDK_SUFFIX,
  JAVA_SDK_FIELDS,
];

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

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);

/** The range [from, to) without surrounding whitespace and matching quote pairs (indices only, no copies). */
function stripRange(text: string, from: number, to: number): [number, number] {
  for (;;) {
    while (from < to && isSpace(text[from])) from++;
    while (to > from && isSpace(text[to - 1])) to--;
    const pair = QUOTE_PAIRS.find(([open, close]) => to - from >= 2 && text[from] === open && text[to - 1] === close);
    if (!pair) return [from, to];
    from++;
    to--;
  }
}

/**
 * Removes surrounding quotes and any number of leading "Error:" / "Warning:" prefixes (Terraform), however they
 * nest, by moving two indices over the text and slicing once at the end.
 */
function peel(text: string, wrappers: Wrapper[]): string {
  let from = 0;
  let to = text.length;
  for (;;) {
    [from, to] = stripRange(text, from, to);
    const start = from;
    for (;;) {
      TERRAFORM_PREFIX.lastIndex = from;
      if (from >= to || !TERRAFORM_PREFIX.test(text) || TERRAFORM_PREFIX.lastIndex > to) break;
      from = TERRAFORM_PREFIX.lastIndex;
    }
    if (from === start) return text.slice(from, to);
    if (!wrappers.includes('terraform')) wrappers.push('terraform');
  }
}

/** The status message of an AWS Backup SNS notification, or undefined when the text is not one. */
function snsStatus(text: string): string | undefined {
  if (!SNS_START.test(text)) return undefined;
  SNS_STATUS.lastIndex = 0;
  const m = SNS_STATUS.exec(text);
  const rest = m ? text.slice(m.index + m[0].length) : '';
  return rest.length > 0 && !/[\n\r\u2028\u2029]/.test(rest) ? rest : undefined;
}

/** The message inside a CloudFormation handler event, or undefined when the text is not one. */
function cfnMessage(text: string): string | undefined {
  CFN_HANDLER.lastIndex = 0;
  const head = CFN_HANDLER.exec(text);
  if (!head) return undefined;
  const from = head.index + head[0].length;
  const end = text.trimEnd().length;
  // Ends with the closing quote, or with the quote before "(RequestToken:" and no other ")" after it.
  let close = -1;
  if (end - 1 > from && text[end - 1] === '"') close = end - 1;
  else {
    const lastParen = text.lastIndexOf(')', end - 2 >= 0 ? end - 2 : 0);
    const finalParen = text[end - 1] === ')' ? end - 1 : -1;
    const cutoff = Math.max(from, lastParen >= 0 && lastParen !== finalParen ? lastParen + 1 : from);
    CFN_TAIL.lastIndex = cutoff;
    for (let m = CFN_TAIL.exec(text); m; m = CFN_TAIL.exec(text)) {
      if (m.index > from) close = m.index;
      CFN_TAIL.lastIndex = m.index + 1;
    }
  }
  if (close <= from) return undefined;
  const message = text.slice(from, close);
  return /[\n\r\u2028\u2029]/.test(message) ? undefined : message;
}

/** The text without a trailing Java SDK "(Service: ...; Status Code: ...)" suffix. */
function withoutJavaSuffix(text: string): string {
  const open = text.lastIndexOf('(');
  if (open < 0) return text;
  const suffix = text.slice(open);
  if (!JAVA_SDK_SUFFIX.test(suffix) || !JAVA_SDK_FIELDS.test(suffix)) return text;
  return text.slice(0, open).trimEnd();
}

/** Returns the candidate texts for matching. An SNS wrapper is replaced by its status message when it has one. */
export function unwrap(raw: string): Unwrapped {
  const wrappers: Wrapper[] = [];
  const candidates: string[] = [];
  const add = (text: string): void => {
    if (text.length > 0 && !candidates.includes(text)) candidates.push(text);
  };
  let text = peel(normalise(raw), wrappers);
  const sns = snsStatus(text);
  if (sns) {
    wrappers.push('sns');
    text = peel(sns, wrappers);
  }
  const cfn = cfnMessage(text);
  if (cfn) {
    wrappers.push('cloudformation');
    text = peel(cfn, wrappers);
  }
  const sdk = SDK_API_ERROR.exec(text) ?? BOTO_ERROR.exec(text);
  if (sdk?.[2]) {
    wrappers.push('sdk');
    const inner = peel(sdk[2], wrappers);
    add(inner);
    add(withoutJavaSuffix(inner));
  }
  add(text);
  add(withoutJavaSuffix(text));
  return { candidates, wrappers };
}
