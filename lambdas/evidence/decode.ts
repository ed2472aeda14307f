/**
 * Policy documents as IAM returns them (URL-encoded JSON) or as KMS does (plain JSON), parsed into PolicyDocument.
 */
import type { PolicyDocument } from '../model/types.ts';

/**
 * Parses a policy document; IAM URL-encodes documents (RFC 3986), KMS does not.
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicyVersion.html
 */
export function decodePolicy(raw: string | undefined): PolicyDocument | undefined {
  if (raw === undefined || raw === '') return undefined;
  const trimmed = raw.trimStart();
  let text = trimmed;
  if (!trimmed.startsWith('{')) {
    try {
      text = decodeURIComponent(trimmed);
    } catch {
      return undefined;
    }
  }
  try {
    const doc = JSON.parse(text) as unknown;
    if (typeof doc !== 'object' || doc === null || !('Statement' in doc)) return undefined;
    return doc as PolicyDocument;
  } catch {
    return undefined;
  }
}
