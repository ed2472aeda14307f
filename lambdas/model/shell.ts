/**
 * Shell commands that users paste: values are quoted for a POSIX shell, `<placeholders>` for what cannot be known
 * stay as they are.
 */

/** Quotes a value for a POSIX shell when it holds anything beyond a safe set; `<placeholders>` stay as they are. */
export function shellArg(value: string): string {
  if (/^<[a-z0-9-]+>$/.test(value)) return value;
  if (/^[A-Za-z0-9_./:@=,+%-]+$/.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** `--name value` pairs in order; undefined values are left out, an empty value is a bare flag. */
export function cliCommand(base: string, options: readonly (readonly [string, string | undefined])[]): string {
  const parts = [base];
  for (const [name, value] of options) {
    if (value === undefined) continue;
    if (value === '') {
      parts.push(`--${name}`);
      continue;
    }
    parts.push(`--${name} ${shellArg(value)}`);
  }
  return parts.join(' ');
}

/** true when AWS cut an encoded authorization message short ("..."): STS cannot decode a part of one. */
export function isCutMessage(encoded: string): boolean {
  return encoded.endsWith('...') || encoded.endsWith('…');
}

/**
 * The command that decodes an encoded authorization failure message, quoted for a POSIX shell; a message AWS cut
 * short becomes the placeholder <encoded-message> (the whole one is in the account's CloudTrail record).
 */
export function decodeAuthorizationCommand(encoded: string): string {
  const message = isCutMessage(encoded) ? '<encoded-message>' : shellArg(encoded);
  return `aws sts decode-authorization-message --encoded-message ${message} --query DecodedMessage --output text`;
}
