/** The loopback fake of AWS: AWS KMS (awsJson1_1): keys, key policies and grants. */
import type { Evidence, KeyFacts } from '../../../lambdas/model/types.ts';
import { ApiError, epoch, notFound } from './wire.ts';

export function findKey(s: Evidence, ref: string): KeyFacts | undefined {
  const keys = s.keys ?? {};
  const viaAlias = s.aliases?.[ref];
  const found =
    keys[ref] ??
    (viaAlias !== undefined ? keys[viaAlias] : undefined) ??
    Object.values(keys).find((k) => k.keyId === ref || k.arn.endsWith(`/${ref}`) || (k.aliases ?? []).includes(ref));
  return found?.state === 'Missing' ? undefined : found;
}

export function kms(s: Evidence, action: string, body: Record<string, unknown>): unknown {
  const key = findKey(s, String(body['KeyId'] ?? '')) ?? notFound('NotFoundException', 400);
  switch (action) {
    case 'DescribeKey':
      return {
        KeyMetadata: {
          Arn: key.arn,
          KeyId: key.keyId ?? key.arn.slice(key.arn.lastIndexOf('/') + 1),
          AWSAccountId: key.arn.split(':')[4],
          KeyState: key.state,
          Enabled: key.state === 'Enabled',
          KeyManager: key.manager ?? 'CUSTOMER',
          Origin: key.origin ?? 'AWS_KMS',
          DeletionDate: epoch(key.deletionDate),
        },
      };
    case 'GetKeyPolicy':
      return { Policy: JSON.stringify(key.policy ?? { Version: '2012-10-17', Statement: [] }), PolicyName: 'default' };
    case 'ListGrants':
      return {
        Grants: (key.grants ?? []).map((g) => ({
          KeyId: key.arn,
          GrantId: g.grantId,
          GranteePrincipal: g.granteePrincipal,
          RetiringPrincipal: g.retiringPrincipal,
          Operations: g.operations,
          Constraints: g.constraints,
        })),
        Truncated: false,
      };
    default:
      throw new ApiError('NotImplemented', 501);
  }
}
