/**
 * Differential test of our evaluator against @cloud-copilot/iam-simulate (AGPL, a devDependency used here as a
 * test oracle only; nothing under lambdas/ imports it). Cases are generated with fast-check from a fixed seed.
 *
 * Deliberate exclusions, each because AWS's documented semantics are not unambiguous there:
 * - NotPrincipal is not generated: AWS matches it against the session, the role and the account separately, and
 *   our evaluator answers inconclusive whenever it names any of them.
 * - KMS requests always name a key ARN, never "*": the oracle trusts identity policies for a same-account request
 *   on "*", which is not a key-policy decision.
 * - The account root user is never the requesting principal (identity policies do not apply to it).
 * - A Principal "*" grant behind a permissions boundary that does not allow the action: AWS documents the
 *   boundary rule for grants to role and session ARNs only, so ours is inconclusive there and the oracle's answer
 *   is not compared (inconclusive answers never are).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { evaluateAccess } from '../../lambdas/policy/index.ts';
import type { AccessInput, ContextValue, Decision } from '../../lambdas/policy/index.ts';
import type { PolicyDocument, PolicyStatement } from '../../lambdas/model/types.ts';

const A = '111122223333';
const B = '444455556666';
const REGION = 'ap-northeast-1';
const ROLE = `arn:aws:iam::${A}:role/service-role/BackupRole`;
const SESSION = `arn:aws:sts::${A}:assumed-role/BackupRole/AWSBackup-1`;
const OTHER_ROLE = `arn:aws:iam::${A}:role/Other`;
const B_ROLE = `arn:aws:iam::${B}:role/CopyRole`;
const B_SESSION = `arn:aws:sts::${B}:assumed-role/CopyRole/copy-1`;
const KEY = `arn:aws:kms:${REGION}:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const VOLUME = `arn:aws:ec2:${REGION}:${A}:volume/vol-0123456789abcdef0`;
const TARGET_ROLE = `arn:aws:iam::${A}:role/Target`;

type Scenario = 'identity' | 'kms' | 'trust';

interface Case {
  readonly scenario: Scenario;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly identity: PolicyDocument[];
  readonly boundary?: PolicyDocument;
  readonly resourcePolicy?: PolicyDocument;
  readonly context: Record<string, string | string[]>;
}

const doc = (Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });

const conditionEntry: fc.Arbitrary<[string, string, string | string[]]> = fc.oneof(
  fc.tuple(
    fc.constantFrom('StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringEqualsIfExists', 'StringNotEqualsIfExists'),
    fc.constantFrom('aws:SourceAccount', 'aws:PrincipalAccount', 'aws:ResourceTag/Env'),
    fc.constantFrom<string | string[]>(A, B, [A, B], 'prod', 'PROD', ['dev', 'prod']),
  ),
  fc.tuple(
    fc.constantFrom('StringLike', 'StringNotLike', 'StringLikeIfExists'),
    fc.constantFrom('kms:ViaService', 'aws:ResourceTag/Env'),
    fc.constantFrom<string | string[]>('backup.*.amazonaws.com', 'ec2.*', ['pr?d', 'dev*'], '*'),
  ),
  fc.tuple(
    fc.constantFrom('ArnLike', 'ArnEquals', 'ArnNotLike', 'ArnNotEquals', 'ArnLikeIfExists'),
    fc.constantFrom('aws:SourceArn', 'aws:PrincipalArn'),
    fc.constantFrom<string | string[]>(
      `arn:aws:backup:*:${A}:*`,
      `arn:aws:iam::${A}:role/service-role/*`,
      ROLE,
      `arn:aws:iam::${B}:role/*`,
      [`arn:aws:backup:${REGION}:${B}:*`, `arn:aws:iam::*:role/Other`],
    ),
  ),
  fc.tuple(
    fc.constantFrom('Bool', 'BoolIfExists'),
    fc.constantFrom('kms:GrantIsForAWSResource', 'aws:SecureTransport'),
    fc.constantFrom('true', 'false'),
  ),
  fc.tuple(fc.constant('Null'), fc.constantFrom('aws:ResourceTag/Env', 'kms:ViaService', 'aws:SourceAccount'), fc.constantFrom('true', 'false')),
  fc.tuple(
    fc.constantFrom('ForAnyValue:StringEquals', 'ForAllValues:StringEquals', 'ForAnyValue:StringLike', 'ForAllValues:StringNotEquals', 'ForAnyValue:StringNotEquals'),
    fc.constantFrom('kms:EncryptionContextKeys', 'aws:TagKeys'),
    fc.constantFrom<string | string[]>('aws:ebs:id', ['aws:ebs:id', 'Env'], 'aws:*', 'Env'),
  ),
  fc.tuple(
    fc.constantFrom('NumericLessThan', 'NumericGreaterThanEquals', 'NumericNotEquals'),
    fc.constant('aws:MultiFactorAuthAge'),
    fc.constantFrom('3600', '60'),
  ),
  fc.tuple(
    fc.constantFrom('DateLessThan', 'DateGreaterThan'),
    fc.constant('aws:CurrentTime'),
    fc.constantFrom('2026-01-01T00:00:00Z', '2027-06-30T12:00:00Z'),
  ),
);

const conditionBlock = fc.array(conditionEntry, { maxLength: 2 }).map((entries) => {
  if (entries.length === 0) return undefined;
  const block: Record<string, Record<string, string | string[]>> = {};
  for (const [op, key, value] of entries) (block[op] ??= {})[key] = value;
  return block;
});

interface Pools {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

const POOLS: Record<Scenario, Pools> = {
  identity: {
    actions: ['ec2:CreateSnapshot', 'ec2:*', 'ec2:Create*', 'EC2:createsnapshot', 'ec2:?reateSnapshot', 'ec2:DeleteVolume', '*', 's3:*'],
    resources: ['*', VOLUME, 'arn:aws:ec2:*:*:volume/*', `arn:aws:ec2:*:${B}:volume/*`, 'arn:aws:ec2:*:*:snapshot/*', 'arn:aws:ec2:ap-*:*:volume/vol-0123*'],
  },
  kms: {
    actions: ['kms:Decrypt', 'kms:*', 'kms:De*', 'kms:?ecrypt', 'KMS:decrypt', 'kms:CreateGrant', 'kms:Describe*', '*', 'ec2:*'],
    resources: ['*', KEY, 'arn:aws:kms:*:*:key/*', `arn:aws:kms:*:${B}:key/*`, 'arn:aws:kms:*:*:alias/*'],
  },
  trust: {
    actions: ['sts:AssumeRole', 'sts:*', 'sts:Assume*', 'sts:TagSession', '*'],
    resources: ['*', TARGET_ROLE, `arn:aws:iam::${A}:role/*`, `arn:aws:iam::${B}:role/*`],
  },
};

function statement(scenario: Scenario, withPrincipal: fc.Arbitrary<PolicyStatement['Principal']> | undefined): fc.Arbitrary<PolicyStatement> {
  const pools = POOLS[scenario];
  return fc
    .record({
      effect: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Allow', 'Allow', 'Deny'),
      actions: fc.subarray([...pools.actions], { minLength: 1, maxLength: 2 }),
      resources: fc.subarray([...pools.resources], { minLength: 1, maxLength: 2 }),
      notResource: fc.constantFrom(false, false, false, true),
      condition: conditionBlock,
      principal: withPrincipal ?? fc.constant(undefined),
      notActionWeight: fc.integer({ min: 0, max: 5 }),
      withResource: fc.boolean(),
    })
    .map((r) => {
      const s: Record<string, unknown> = { Effect: r.effect };
      s[r.notActionWeight === 0 ? 'NotAction' : 'Action'] = r.actions;
      // Trust policies usually carry no Resource element.
      if (scenario !== 'trust' || !withPrincipal || r.withResource) s[r.notResource ? 'NotResource' : 'Resource'] = r.resources;
      if (r.principal !== undefined) s.Principal = r.principal;
      if (r.condition) s.Condition = r.condition;
      return s as unknown as PolicyStatement;
    });
}

const awsPrincipal = fc.oneof(
  fc.constant<PolicyStatement['Principal']>('*'),
  fc.constantFrom<PolicyStatement['Principal']>(
    { AWS: `arn:aws:iam::${A}:root` },
    { AWS: A },
    { AWS: ROLE },
    { AWS: SESSION },
    { AWS: OTHER_ROLE },
    { AWS: `arn:aws:iam::${B}:root` },
    { AWS: [B_ROLE, `arn:aws:iam::${A}:root`] },
    { Service: 'backup.amazonaws.com' },
    { Service: ['ecs.amazonaws.com', 'backup.amazonaws.com'] },
  ),
);

const policies = (scenario: Scenario, max: number) =>
  fc.array(fc.array(statement(scenario, undefined), { minLength: 1, maxLength: 3 }).map(doc), { maxLength: max });

const contextArb = fc.record(
  {
    'aws:SourceAccount': fc.constantFrom(A, B),
    'aws:SourceArn': fc.constantFrom(`arn:aws:backup:${REGION}:${A}:backup-plan:p1`, `arn:aws:backup:${REGION}:${B}:backup-vault:v`),
    'kms:ViaService': fc.constantFrom(`backup.${REGION}.amazonaws.com`, `ec2.${REGION}.amazonaws.com`),
    'kms:GrantIsForAWSResource': fc.constantFrom('true', 'false'),
    'aws:SecureTransport': fc.constantFrom('true', 'false'),
    'aws:ResourceTag/Env': fc.constantFrom('prod', 'Prod', 'dev1'),
    'kms:EncryptionContextKeys': fc.constantFrom(['aws:ebs:id'], ['aws:ebs:id', 'Env'], ['Other']),
    'aws:TagKeys': fc.constantFrom(['Env'], ['Env', 'Owner'], ['aws:x']),
    'aws:MultiFactorAuthAge': fc.constantFrom('30', '7200'),
    'aws:CurrentTime': fc.constantFrom('2026-06-01T00:00:00Z', '2028-01-01T00:00:00Z'),
  },
  { requiredKeys: [] },
);

const principalFor: Record<Scenario, readonly string[]> = {
  identity: [ROLE, SESSION],
  kms: [ROLE, SESSION, SESSION, B_SESSION],
  trust: ['backup.amazonaws.com', 'ecs.amazonaws.com', SESSION, B_SESSION],
};

const caseArb: fc.Arbitrary<Case> = fc.constantFrom<Scenario>('identity', 'kms', 'kms', 'trust').chain((scenario) =>
  fc
    .record({
      principal: fc.constantFrom(...principalFor[scenario]),
      identity: policies(scenario, 3),
      boundary: fc.option(fc.array(statement(scenario, undefined), { minLength: 1, maxLength: 2 }).map(doc), { freq: 2 }),
      resourceStatements: fc.array(statement(scenario, awsPrincipal), { minLength: scenario === 'identity' ? 0 : 1, maxLength: 4 }),
      rootStatement: fc.boolean(),
      context: contextArb,
      kmsAction: fc.constantFrom('kms:Decrypt', 'kms:CreateGrant'),
    })
    .map((r): Case => {
      const action = scenario === 'kms' ? r.kmsAction : scenario === 'trust' ? 'sts:AssumeRole' : 'ec2:CreateSnapshot';
      const resource = scenario === 'kms' ? KEY : scenario === 'trust' ? TARGET_ROLE : VOLUME;
      const statements = [...r.resourceStatements];
      if (scenario === 'kms' && r.rootStatement) {
        statements.unshift({ Sid: 'EnableIAM', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' });
      }
      const service = !r.principal.startsWith('arn:');
      const principalArn = r.principal === SESSION ? ROLE : r.principal === B_SESSION ? B_ROLE : r.principal;
      // Service-specific keys only where the service sets them (the oracle drops the others, and so do we).
      const context: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(r.context) as [string, string | string[]][]) {
        if (scenario === 'kms' || !k.startsWith('kms:')) context[k] = v;
      }
      if (!service) {
        context['aws:PrincipalArn'] = principalArn;
        context['aws:PrincipalAccount'] = principalArn.split(':')[4]!;
      }
      return {
        scenario,
        principal: r.principal,
        action,
        resource,
        identity: service ? [] : r.identity,
        ...(r.boundary && !service ? { boundary: r.boundary } : {}),
        ...(statements.length > 0 ? { resourcePolicy: doc(statements) } : {}),
        context,
      };
    }),
);

const ORACLE: Record<string, Decision> = {
  Allowed: 'allowed',
  ImplicitlyDenied: 'implicit-deny',
  ExplicitlyDenied: 'explicit-deny',
};

async function oracle(c: Case): Promise<{ decision?: Decision; ignored: string[]; error?: string }> {
  const simulation: Simulation = {
    request: { principal: c.principal, action: c.action, resource: { resource: c.resource, accountId: A }, contextVariables: c.context },
    identityPolicies: c.identity.map((policy, i) => ({ name: `identity-${i}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(c.resourcePolicy ? { resourcePolicy: c.resourcePolicy } : {}),
    ...(c.boundary ? { permissionBoundaryPolicies: [{ name: 'boundary', policy: c.boundary }] } : {}),
  };
  const r = await runSimulation(simulation, {});
  if (r.resultType === 'error') return { ignored: [], error: r.errors.message };
  if (r.resultType !== 'single') return { ignored: [], error: 'wildcard result' };
  return { decision: ORACLE[r.overallResult], ignored: r.result.ignoredContextKeys ?? [] };
}

function ours(c: Case, ignored: readonly string[]): Decision {
  const drop = new Set(ignored.map((k) => k.toLowerCase()));
  const context: Record<string, ContextValue> = {};
  for (const [k, v] of Object.entries(c.context)) if (!drop.has(k.toLowerCase())) context[k] = v;
  const input: AccessInput = {
    request: { action: c.action, resource: c.resource, principal: c.principal, context },
    identityPolicies: c.identity,
    ...(c.boundary ? { boundary: c.boundary } : {}),
    ...(c.resourcePolicy ? { resourcePolicy: c.resourcePolicy } : {}),
    resourceKind: c.scenario === 'kms' ? 'kms-key' : 'generic',
    resourceAccount: A,
  };
  return evaluateAccess(input).decision;
}

const SEED = 20_260_301;
const RUNS = 600;

describe('differential against @cloud-copilot/iam-simulate', () => {
  it('agrees on every case where our evaluator is conclusive', async () => {
    // Prepare
    const cases = fc.sample(caseArb, { seed: SEED, numRuns: RUNS });
    const mismatches: { c: Case; ours: Decision; oracle: Decision }[] = [];
    const stats = { compared: 0, conclusive: 0, oracleErrors: 0, withIgnoredKeys: 0, byDecision: {} as Record<string, number> };

    // Act
    for (const c of cases) {
      const o = await oracle(c);
      if (!o.decision) {
        stats.oracleErrors++;
        continue;
      }
      stats.compared++;
      if (o.ignored.length > 0) stats.withIgnoredKeys++;
      const d = ours(c, o.ignored);
      stats.byDecision[d] = (stats.byDecision[d] ?? 0) + 1;
      if (d === 'inconclusive') continue;
      stats.conclusive++;
      if (d !== o.decision) mismatches.push({ c, ours: d, oracle: o.decision });
    }
    const ratio = stats.conclusive / stats.compared;
    console.info(
      `differential: ${stats.compared} compared, ${stats.conclusive} conclusive (${(ratio * 100).toFixed(1)}%), ` +
        `${stats.oracleErrors} rejected by the oracle, ${stats.withIgnoredKeys} with context keys the oracle dropped, decisions ${JSON.stringify(stats.byDecision)}`,
    );

    // Assess
    expect(mismatches.slice(0, 3)).toEqual([]);
    expect(stats.compared).toBeGreaterThanOrEqual(300);
    expect(ratio).toBeGreaterThan(0.8);
    for (const d of ['allowed', 'implicit-deny', 'explicit-deny']) expect(stats.byDecision[d] ?? 0).toBeGreaterThan(30);
  });
});
