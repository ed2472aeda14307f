import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventPatterns } from '../../../lambdas/catalog/routes.ts';
import type { PolicyDocument } from '../../../lambdas/model/types.ts';
import { COLLECTOR_PERMISSIONS } from '../../../lambdas/evidence/index.ts';
import { MEMBER_ROLE_NAME } from '../../../lambdas/organization/config.ts';
import { evaluateResourcePolicy, evaluateTrust } from '../../../lambdas/policy/index.ts';
import { addOrganizationStacks, memberTemplateBody } from '../../../lib/organization/app.ts';

type Resource = { Type: string; Properties: Record<string, unknown>; Condition?: string };
type Template = { Resources: Record<string, Resource>; Parameters?: Record<string, unknown>; Conditions?: Record<string, unknown>; Outputs?: Record<string, unknown> };

const ORG = 'o-exampleorgid';
const CENTRAL = '111122223333';
const CDK_JSON_CONTEXT = (
  JSON.parse(readFileSync(new URL('../../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> }
).context;
const outdir = mkdtempSync(join(tmpdir(), 'backup-doctor-org-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

let central: Template;
let member: Template;
const ofType = (t: Template, type: string): [string, Resource][] => Object.entries(t.Resources).filter(([, r]) => r.Type === type);

/** Replaces the template's own references by values, as CloudFormation would with these parameters. */
function resolve(value: unknown, refs: Record<string, unknown>): unknown {
  if (Array.isArray(value)) return value.map((v) => resolve(v, refs));
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o['Ref'] === 'string' && o['Ref'] in refs) return refs[o['Ref']];
    if (Array.isArray(o['Fn::GetAtt']) && (o['Fn::GetAtt'] as string[]).join('.') in refs) return refs[(o['Fn::GetAtt'] as string[]).join('.')];
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, resolve(v, refs)]));
  }
  return value;
}

beforeAll(() => {
  // One synthesis of both stacks, with cdk-nag: synthesis throws "Validation failed" on any unacknowledged finding.
  const app = new App({ outdir, context: CDK_JSON_CONTEXT });
  const { central: c, member: m } = addOrganizationStacks(app, {
    organizationId: ORG,
    env: { account: CENTRAL, region: 'eu-west-1' },
    doctor: { notifyEmail: 'ops@example.com' },
    stackSetTargets: ['ou-ab12-cdef3456'],
    memberRegions: ['us-east-1', 'ap-northeast-1'],
    callAs: 'DELEGATED_ADMIN',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const assembly = app.synth();
  central = assembly.getStackByName(c.stackName).template as Template;
  member = assembly.getStackByName(m.stackName).template as Template;
}, 300_000);

describe('central stack', () => {
  it('has a bus whose policy accepts PutEvents only from principals of the organization', () => {
    const [[, policy]] = ofType(central, 'AWS::Events::EventBusPolicy') as [[string, Resource]];
    const statement = policy.Properties['Statement'] as Record<string, unknown>;
    expect(statement).toMatchObject({
      Effect: 'Allow',
      Action: 'events:PutEvents',
      Principal: { AWS: '*' },
      Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } },
    });
  });

  it('refuses a foreign organization at the bus, evaluated with the policy evaluator', () => {
    const [[, policy]] = ofType(central, 'AWS::Events::EventBusPolicy') as [[string, Resource]];
    const busArn = `arn:aws:events:eu-west-1:${CENTRAL}:event-bus/backup-doctor-central`;
    const doc = resolve({ Version: '2012-10-17', Statement: [policy.Properties['Statement']] }, {
      'BusEA82B648.Arn': busArn,
    }) as PolicyDocument;
    const request = (account: string, org: string) => ({
      action: 'events:PutEvents',
      resource: busArn,
      principal: `arn:aws:iam::${account}:role/BackupDoctorMember-ForwardRole`,
      context: { 'aws:PrincipalOrgID': org, 'aws:PrincipalAccount': account },
    });
    expect(evaluateResourcePolicy(doc, request('222233334444', ORG), CENTRAL).decision).toBe('allowed');
    expect(evaluateResourcePolicy(doc, request('999988887777', 'o-foreignorg01'), CENTRAL).decision).toBe('implicit-deny');
    // A principal outside any organization carries no aws:PrincipalOrgID at all.
    const { context: _c, ...noOrg } = request('999988887777', '');
    expect(evaluateResourcePolicy(doc, noOrg, CENTRAL).decision).toBe('implicit-deny');
  });

  it('routes every route on both the default bus and the central bus into one intake queue', () => {
    // The scheduled audit's change rules start the audit of the central account, not the intake.
    const rules = ofType(central, 'AWS::Events::Rule').filter(([id, r]) => r.Properties['EventPattern'] !== undefined && !/AuditChanges/.test(id));
    const onBus = rules.filter(([, r]) => r.Properties['EventBusName'] !== undefined);
    const onDefault = rules.filter(([, r]) => r.Properties['EventBusName'] === undefined);
    expect(onBus).toHaveLength(eventPatterns().length);
    expect(onDefault).toHaveLength(eventPatterns().length);
    // The queue's deny of other rules names the central bus's rules too.
    const denies = ofType(central, 'AWS::SQS::QueuePolicy').flatMap(([, p]) =>
      ((p.Properties['PolicyDocument'] as { Statement: { Sid?: string; Condition?: unknown }[] }).Statement).filter(
        (s) => s.Sid === 'DenyEventBridgeRulesOtherThanTheRoutes',
      ),
    );
    const named = JSON.stringify(denies);
    for (const [id] of rules) expect(named).toContain(`"${id}"`);
  });

  it('lets the diagnoser assume the inspection role, and tells it which role and StackSet', () => {
    const policies = ofType(central, 'AWS::IAM::Policy').flatMap(([, p]) => (p.Properties['PolicyDocument'] as { Statement: Record<string, unknown>[] }).Statement);
    const assume = policies.find((s) => s['Sid'] === 'AssumeMemberInspectionRole');
    expect(assume?.['Action']).toBe('sts:AssumeRole');
    expect(JSON.stringify(assume?.['Resource'])).toContain(`:iam::*:role/${MEMBER_ROLE_NAME}`);
    const fns = ofType(central, 'AWS::Lambda::Function').map(([, f]) => (f.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables);
    const diagnoser = fns.find((v) => v['MEMBER_ROLE_NAME'] !== undefined);
    expect(diagnoser).toMatchObject({
      MEMBER_ROLE_NAME: MEMBER_ROLE_NAME,
      MEMBER_ROLE_EXTERNAL_ID: `backup-doctor-${ORG}`,
      MEMBER_STACK_SET_NAME: 'backup-doctor-member',
      CENTRAL_ACCOUNT_ID: CENTRAL,
    });
    expect(Object.keys(central.Outputs ?? {})).toEqual(
      expect.arrayContaining(['CentralEventBusArn', 'DiagnoserRoleArn', 'ExternalId', 'InspectionRoleRegion', 'MemberStackSetName']),
    );
  });

  it('creates the service-managed, auto-deploying StackSet of the member template when given targets', () => {
    const [[, set]] = ofType(central, 'AWS::CloudFormation::StackSet') as [[string, Resource]];
    expect(set.Properties).toMatchObject({
      StackSetName: 'backup-doctor-member',
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      CallAs: 'DELEGATED_ADMIN',
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      StackInstancesGroup: [
        { DeploymentTargets: { OrganizationalUnitIds: ['ou-ab12-cdef3456'] }, Regions: ['eu-west-1', 'us-east-1', 'ap-northeast-1'] },
      ],
    });
    const body = JSON.parse(set.Properties['TemplateBody'] as string) as Template;
    expect(ofType(body, 'AWS::Events::Rule')).toHaveLength(eventPatterns().length);
    const params = Object.fromEntries((set.Properties['Parameters'] as { ParameterKey: string; ParameterValue: unknown }[]).map((p) => [p.ParameterKey, p.ParameterValue]));
    expect(Object.keys(params).sort()).toEqual(Object.keys(member.Parameters ?? {}).sort());
    expect(params).toMatchObject({ ExternalId: `backup-doctor-${ORG}`, OrganizationId: ORG, InspectionRoleRegion: 'eu-west-1' });
  });
});

describe('member template', () => {
  it('is region-agnostic and needs no bootstrap', () => {
    const text = JSON.stringify(member);
    expect(text).not.toMatch(/eu-west-1|111122223333/);
    expect(Object.keys(member.Parameters ?? {})).not.toContain('BootstrapVersion');
    expect(ofType(member, 'AWS::Lambda::Function')).toHaveLength(0);
  });

  it('forwards every route of the routes table to the central bus, with a role and a dead-letter queue', () => {
    const rules = ofType(member, 'AWS::Events::Rule');
    const patterns = rules.map(([, r]) => r.Properties['EventPattern']);
    expect(patterns).toEqual(
      eventPatterns().map(({ pattern }) => ({ source: pattern.source, 'detail-type': pattern['detail-type'], detail: pattern.detail })),
    );
    const [[dlqId]] = ofType(member, 'AWS::SQS::Queue') as [[string, Resource]];
    for (const [, rule] of rules) {
      const targets = rule.Properties['Targets'] as Record<string, unknown>[];
      expect(targets).toHaveLength(1);
      expect(targets[0]).toMatchObject({
        Arn: { Ref: 'CentralEventBusArn' },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
        RoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^ForwardRole/), 'Arn'] },
      });
    }
    const putEvents = ofType(member, 'AWS::IAM::Policy').flatMap(([, p]) => (p.Properties['PolicyDocument'] as { Statement: Record<string, unknown>[] }).Statement);
    expect(putEvents).toEqual([expect.objectContaining({ Action: 'events:PutEvents', Resource: { Ref: 'CentralEventBusArn' } })]);
  });

  it('has an inspection role that trusts only the central diagnoser role, with the external id and the organization', () => {
    const roles = ofType(member, 'AWS::IAM::Role').filter(([, r]) => r.Properties['RoleName'] === MEMBER_ROLE_NAME);
    expect(roles).toHaveLength(1);
    const [[, role]] = roles as [[string, Resource]];
    // Created once per account: only by the stack instance of the role's region.
    expect(role.Condition).toBe('InRoleRegion');
    const trust = resolve(role.Properties['AssumeRolePolicyDocument'], {
      CentralDiagnoserRoleArn: `arn:aws:iam::${CENTRAL}:role/BackupDoctorCentral-DiagnoserRole`,
      ExternalId: 'backup-doctor-o-exampleorgid',
      OrganizationId: ORG,
    }) as PolicyDocument;
    const diagnoser = `arn:aws:sts::${CENTRAL}:assumed-role/BackupDoctorCentral-DiagnoserRole/fn`;
    const ok = { 'sts:ExternalId': 'backup-doctor-o-exampleorgid', 'aws:PrincipalOrgID': ORG };
    expect(evaluateTrust(trust, `arn:aws:iam::${CENTRAL}:role/BackupDoctorCentral-DiagnoserRole`, ok).decision).toBe('allowed');
    expect(evaluateTrust(trust, `arn:aws:iam::${CENTRAL}:role/BackupDoctorCentral-DiagnoserRole`, { ...ok, 'sts:ExternalId': 'guess' }).decision).toBe('implicit-deny');
    expect(evaluateTrust(trust, `arn:aws:iam::${CENTRAL}:role/BackupDoctorCentral-DiagnoserRole`, { 'sts:ExternalId': ok['sts:ExternalId'] }).decision).toBe('implicit-deny');
    expect(evaluateTrust(trust, `arn:aws:iam::${CENTRAL}:role/SomeOtherRole`, ok).decision).toBe('implicit-deny');
    expect(evaluateTrust(trust, diagnoser.replace(CENTRAL, '999988887777'), ok).decision).toBe('implicit-deny');
    expect(trust.Statement).toHaveLength(1);
  });

  it('has a read-only inspection role whose policy is exactly the collectors declared read actions', () => {
    const [[, role]] = ofType(member, 'AWS::IAM::Role').filter(([, r]) => r.Properties['RoleName'] === MEMBER_ROLE_NAME) as [[string, Resource]];
    const policies = role.Properties['Policies'] as { PolicyDocument: { Statement: { Effect: string; Action: string[]; Resource: string }[] } }[];
    const statements = policies.flatMap((p) => p.PolicyDocument.Statement);
    expect(statements).toHaveLength(1);
    expect(statements[0]?.Effect).toBe('Allow');
    expect([...(statements[0]?.Action ?? [])].sort()).toEqual([...COLLECTOR_PERMISSIONS].sort());
    // Read-only by the action's own verb: nothing that creates, changes, deletes, passes or assumes.
    for (const action of statements[0]?.Action ?? []) {
      expect(action.split(':')[1]).toMatch(/^(Get|Describe|List|Lookup|Simulate)[A-Za-z]*$/);
    }
    expect(role.Properties['ManagedPolicyArns']).toBeUndefined();
    // No other policy is attached to the inspection role.
    const attached = ofType(member, 'AWS::IAM::Policy').filter(([, p]) => JSON.stringify(p.Properties['Roles']).includes('InspectionRole'));
    expect(attached).toHaveLength(0);
  });

  it('fits in a StackSet TemplateBody', () => {
    expect(Buffer.byteLength(memberTemplateBody({ organizationId: ORG }), 'utf8')).toBeLessThan(51_200);
  });
});
