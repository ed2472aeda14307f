import { describe, expect, it } from 'vitest';
import { evaluateIdentity, normalizeStatements } from '../../lambdas/policy/index.ts';
import type { ContextValue, Decision } from '../../lambdas/policy/index.ts';
import { doc, ROLE } from './helpers.ts';

type Block = Record<string, Record<string, string | string[]>>;

/** Evaluates one Allow statement holding only this Condition block. */
function decide(condition: Block, context: Record<string, ContextValue>): Decision {
  const policy = doc({ Effect: 'Allow', Action: 'kms:CreateGrant', Resource: '*', Condition: condition });
  return evaluateIdentity([policy], { action: 'kms:CreateGrant', resource: '*', principal: ROLE, context }).decision;
}

const A = 'allowed';
const N = 'implicit-deny';
const I = 'inconclusive';

// Semantics from https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// and .../reference_policies_condition-single-vs-multi-valued-context-keys.html
const cases: [string, Block, Record<string, ContextValue>, Decision][] = [
  ['StringEquals matches exactly', { StringEquals: { 'kms:ViaService': 'ec2.ap-northeast-1.amazonaws.com' } }, { 'kms:ViaService': 'ec2.ap-northeast-1.amazonaws.com' }, A],
  ['StringEquals is case-sensitive', { StringEquals: { 'aws:ResourceTag/Env': 'Prod' } }, { 'aws:ResourceTag/Env': 'prod' }, N],
  ['StringEquals ORs the policy values', { StringEquals: { 'aws:SourceAccount': ['444455556666', '111122223333'] } }, { 'aws:SourceAccount': '111122223333' }, A],
  ['StringEquals is false for an absent key', { StringEquals: { 'aws:SourceAccount': '111122223333' } }, {}, N],
  ['StringNotEquals is true for another value', { StringNotEquals: { 'aws:SourceAccount': '111122223333' } }, { 'aws:SourceAccount': '444455556666' }, A],
  ['StringNotEquals is NOR over the policy values', { StringNotEquals: { 'aws:SourceAccount': ['444455556666', '111122223333'] } }, { 'aws:SourceAccount': '111122223333' }, N],
  ['StringNotEquals is true for an absent key', { StringNotEquals: { 'aws:SourceAccount': '111122223333' } }, {}, A],
  ['StringEqualsIgnoreCase ignores case', { StringEqualsIgnoreCase: { 'aws:ResourceTag/Env': 'PROD' } }, { 'aws:ResourceTag/Env': 'prod' }, A],
  ['StringNotEqualsIgnoreCase ignores case', { StringNotEqualsIgnoreCase: { 'aws:ResourceTag/Env': 'PROD' } }, { 'aws:ResourceTag/Env': 'prod' }, N],
  ['StringLike matches * across dots', { StringLike: { 'kms:ViaService': 'backup.*.amazonaws.com' } }, { 'kms:ViaService': 'backup.ap-northeast-1.amazonaws.com' }, A],
  ['StringLike matches ? as one character', { StringLike: { 'aws:ResourceTag/Env': 'pro?' } }, { 'aws:ResourceTag/Env': 'prod' }, A],
  ['StringLike does not match another service', { StringLike: { 'kms:ViaService': 'backup.*.amazonaws.com' } }, { 'kms:ViaService': 'ec2.ap-northeast-1.amazonaws.com' }, N],
  ['StringNotLike is true for a non-matching value', { StringNotLike: { 'kms:ViaService': 'backup.*' } }, { 'kms:ViaService': 'ec2.ap-northeast-1.amazonaws.com' }, A],
  ['StringNotLike is true for an absent key', { StringNotLike: { 'kms:ViaService': 'backup.*' } }, {}, A],
  ['ArnLike matches each segment', { ArnLike: { 'aws:SourceArn': 'arn:aws:backup:*:111122223333:backup-vault:*' } }, { 'aws:SourceArn': 'arn:aws:backup:ap-northeast-1:111122223333:backup-vault:Default' }, A],
  ['ArnLike keeps a wildcard inside its segment', { ArnLike: { 'aws:SourceArn': 'arn:aws:backup:*:backup-vault:*' } }, { 'aws:SourceArn': 'arn:aws:backup:ap-northeast-1:111122223333:backup-vault:Default' }, N],
  ['ArnEquals accepts wildcards like ArnLike', { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/*' } }, { 'aws:PrincipalArn': ROLE }, A],
  ['ArnNotLike is false for a matching ARN', { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/*' } }, { 'aws:PrincipalArn': ROLE }, N],
  ['ArnNotEquals is true for an absent key', { ArnNotEquals: { 'aws:SourceArn': 'arn:aws:backup:*:*:*' } }, {}, A],
  ['ArnLike is false for a value that is no ARN', { ArnLike: { 'aws:SourceArn': 'arn:aws:backup:*:*:*:*' } }, { 'aws:SourceArn': 'not-an-arn' }, N],
  ['Bool compares a boolean context value', { Bool: { 'kms:GrantIsForAWSResource': 'true' } }, { 'kms:GrantIsForAWSResource': true }, A],
  ['Bool compares a string context value', { Bool: { 'aws:SecureTransport': 'false' } }, { 'aws:SecureTransport': 'true' }, N],
  ['Bool is false for an absent key', { Bool: { 'kms:GrantIsForAWSResource': 'true' } }, {}, N],
  ['BoolIfExists is true for an absent key', { BoolIfExists: { 'aws:SecureTransport': 'false' } }, {}, A],
  ['StringEqualsIfExists tests a present key', { StringEqualsIfExists: { 'aws:SourceAccount': '111122223333' } }, { 'aws:SourceAccount': '444455556666' }, N],
  ['StringNotEqualsIfExists is true for an absent key', { StringNotEqualsIfExists: { 'aws:SourceAccount': '1' } }, {}, A],
  ['Null true holds for an absent key', { Null: { 'aws:ResourceTag/aws:backup:source-resource': 'true' } }, {}, A],
  ['Null false holds for a present key', { Null: { 'aws:ResourceTag/aws:backup:source-resource': 'false' } }, { 'aws:ResourceTag/aws:backup:source-resource': 'vol-1' }, A],
  ['Null false fails for an absent key', { Null: { 'aws:ResourceTag/aws:backup:source-resource': 'false' } }, {}, N],
  ['ForAnyValue:StringEquals holds when one request value matches', { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'aws:ebs:id' } }, { 'kms:EncryptionContextKeys': ['x', 'aws:ebs:id'] }, A],
  ['ForAnyValue:StringEquals is false for an absent key', { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'aws:ebs:id' } }, {}, N],
  ['ForAnyValue:StringEquals is false for an empty set', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'Env' } }, { 'aws:TagKeys': [] }, N],
  ['ForAllValues:StringEquals holds when every request value matches', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['Env', 'Owner'] } }, { 'aws:TagKeys': ['Env', 'Owner'] }, A],
  ['ForAllValues:StringEquals fails for one stray value', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['Env'] } }, { 'aws:TagKeys': ['Env', 'Owner'] }, N],
  ['ForAllValues:StringEquals is true for an absent key', { 'ForAllValues:StringEquals': { 'aws:TagKeys': 'Env' } }, {}, A],
  ['ForAnyValue:StringNotEquals holds when one value differs', { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': 'Env' } }, { 'aws:TagKeys': ['Env', 'Owner'] }, A],
  ['ForAllValues:StringNotEquals fails when one value is listed', { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': 'Env' } }, { 'aws:TagKeys': ['Env', 'Owner'] }, N],
  ['ForAnyValue:StringLike matches a pattern', { 'ForAnyValue:StringLike': { 'aws:TagKeys': 'aws:*' } }, { 'aws:TagKeys': ['Env', 'aws:x'] }, A],
  ['condition keys are case-insensitive', { StringEquals: { 'AWS:SOURCEACCOUNT': '111122223333' } }, { 'aws:sourceaccount': '111122223333' }, A],
  ['all keys of a block must hold (AND)', { StringEquals: { 'aws:SourceAccount': '111122223333', 'aws:ResourceTag/Env': 'prod' } }, { 'aws:SourceAccount': '111122223333' }, N],
  ['NumericLessThan compares numbers', { NumericLessThan: { 's3:max-keys': '10' } }, { 's3:max-keys': '9' }, A],
  ['NumericGreaterThanEquals compares numbers', { NumericGreaterThanEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': 9 }, N],
  ['NumericNotEquals is true for an absent key', { NumericNotEquals: { 's3:max-keys': '10' } }, {}, A],
  ['DateLessThan compares ISO dates', { DateLessThan: { 'aws:CurrentTime': '2026-12-31T00:00:00Z' } }, { 'aws:CurrentTime': '2026-06-01T00:00:00Z' }, A],
  ['DateGreaterThan compares epoch seconds', { DateGreaterThan: { 'aws:EpochTime': '1780000000' } }, { 'aws:EpochTime': '1700000000' }, N],
  ['a multivalued key without a set qualifier is inconclusive', { StringEquals: { 'aws:TagKeys': 'Env' } }, { 'aws:TagKeys': ['Env', 'Owner'] }, I],
  ['an unknown operator is inconclusive', { StringSoundsLike: { 'aws:SourceAccount': '111122223333' } }, { 'aws:SourceAccount': '111122223333' }, I],
  ['IpAddress is inconclusive (not evaluated)', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.113.7' }, I],
  ['a set qualifier on Bool is inconclusive', { 'ForAnyValue:Bool': { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'true' }, I],
  ['an unknown operator after a false condition is still false', { StringEquals: { 'aws:SourceAccount': '1' }, StringSoundsLike: { 'aws:SourceAccount': '1' } }, { 'aws:SourceAccount': '2' }, N],
];

describe('condition operators', () => {
  it.each(cases)('decides that %s', (_name, condition, context, expected) => {
    // Act
    const decision = decide(condition, context);

    // Assess
    expect(decision).toBe(expected);
  });

  it('reports the unknown operator as the reason', () => {
    // Prepare
    const policy = doc({ Sid: 'Odd', Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringSoundsLike: { 'aws:x': 'y' } } });

    // Act
    const r = evaluateIdentity([policy], { action: 'kms:Decrypt', resource: '*', principal: ROLE });

    // Assess
    expect(r).toEqual({
      decision: 'inconclusive',
      statements: [],
      reasons: ['identity policy Odd: unsupported condition operator StringSoundsLike'],
    });
  });
});

describe('policy variables', () => {
  const tagging = doc({
    Sid: 'RecoveryPointTaggingPermissions',
    Effect: 'Allow',
    Action: ['backup:TagResource'],
    Resource: 'arn:aws:backup:*:*:recovery-point:*',
    Condition: { StringEquals: { 'aws:PrincipalAccount': '${aws:ResourceAccount}' } },
  });
  const request = { action: 'backup:TagResource', resource: 'arn:aws:backup:ap-northeast-1:111122223333:recovery-point:abc', principal: ROLE };

  it('substitutes a variable from the request context', () => {
    // Act
    const r = evaluateIdentity([tagging], { ...request, context: { 'aws:ResourceAccount': '111122223333' } });

    // Assess
    expect(r.decision).toBe('allowed');
  });

  it('reports a variable without a value as inconclusive', () => {
    // Act
    const r = evaluateIdentity([tagging], request);

    // Assess
    expect(r.decision).toBe('inconclusive');
    expect(r.reasons[0]).toContain('${aws:ResourceAccount}');
  });

  it('uses the default value of a variable', () => {
    // Prepare
    const policy = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: "arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'shared'}/*" });

    // Act
    const r = evaluateIdentity([policy], { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/shared/a.txt', principal: ROLE });

    // Assess
    expect(r.decision).toBe('allowed');
  });

  it('reads ${...} literally in a 2008-10-17 policy', () => {
    // Prepare
    const policy = { Version: '2008-10-17', Statement: [{ Effect: 'Allow' as const, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/${aws:username}' }] };

    // Act
    const r = evaluateIdentity([policy], { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/${aws:username}', principal: ROLE });

    // Assess
    expect(r.decision).toBe('allowed');
  });
});

describe('normalizeStatements', () => {
  it('turns every element into arrays and conditions into records', () => {
    // Prepare
    const policy = doc({
      Effect: 'Allow',
      Principal: { AWS: '111122223333', Service: 'backup.amazonaws.com' },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: {
        'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'aws:ebs:id' },
        StringLikeIfExists: { 'kms:ViaService': ['ec2.*.amazonaws.com', 'backup.*.amazonaws.com'] },
        Bool: { 'kms:GrantIsForAWSResource': true },
      },
    });

    // Act
    const [s] = normalizeStatements(policy);

    // Assess
    expect(s).toMatchObject({
      id: '#0',
      effect: 'Allow',
      action: ['kms:Decrypt'],
      resource: ['*'],
      principal: { wildcard: false, aws: ['111122223333'], service: ['backup.amazonaws.com'], federated: [], canonicalUser: [] },
      conditions: [
        { operator: 'StringEquals', key: 'kms:encryptioncontextkeys', values: ['aws:ebs:id'], ifExists: false, setQualifier: 'ForAnyValue' },
        { operator: 'StringLike', key: 'kms:viaservice', values: ['ec2.*.amazonaws.com', 'backup.*.amazonaws.com'], ifExists: true },
        { operator: 'Bool', key: 'kms:grantisforawsresource', values: ['true'], ifExists: false },
      ],
    });
  });

  it('reads Principal "*" and {"AWS": "*"} as a wildcard', () => {
    // Prepare
    const policy = { Statement: [{ Sid: 'A', Effect: 'Allow' as const, Principal: '*' as const, Action: 'x:Y' }, { Effect: 'Deny' as const, Principal: { AWS: ['*'] }, NotAction: 'x:Y', NotResource: 'arn:aws:s3:::b' }] };

    // Act
    const [a, b] = normalizeStatements(policy);

    // Assess
    expect(a).toMatchObject({ id: 'A', principal: { wildcard: true } });
    expect(b).toMatchObject({ id: '#1', principal: { wildcard: true, aws: [] }, notAction: ['x:Y'], notResource: ['arn:aws:s3:::b'] });
  });
});
