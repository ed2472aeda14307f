import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyEvent } from '../../../lambdas/catalog/index.ts';
import { iamAgentRoleProfile } from '../../../lambdas/checks/iam/iam-agent-role-profile.ts';
import type { CheckContext, Evidence, FailureEvent, PolicyDocument, RoleFacts } from '../../../lambdas/model/types.ts';
import { parseInput } from '../../../lambdas/events/index.ts';
import { parseAgentProfile } from '../../../profiles/agent-profiles.ts';

/** The seed-004 denial: a real EC2 Client.UnauthorizedOperation record, altered (test/fixtures/events/SOURCES.md). */
function deniedEvent(file = 'aws-api-call-via-cloudtrail-ec2-modifynetworkinterfaceattribute-denied.synthetic.json'): FailureEvent {
  const raw = JSON.parse(readFileSync(new URL(`../../fixtures/events/${file}`, import.meta.url), 'utf8')) as unknown;
  const parsed = parseInput(raw);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.events[0] as FailureEvent;
}

const ROLE_ARN = 'arn:aws:iam::123456789012:role/lifekeeper-node-role';
const KIT_952 = ['ec2:DisassociateAddress', 'ec2:DescribeAddresses', 'ec2:AssociateAddress', 'ec2:DescribeRouteTables', 'ec2:ReplaceRoute'];
const allow = (actions: string[], extra: PolicyDocument['Statement'][] = []): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Sid: 'Kit', Effect: 'Allow', Action: actions, Resource: '*' }, ...(extra as never[])],
});

function role(over: Partial<RoleFacts> = {}): RoleFacts {
  return {
    arn: ROLE_ARN,
    name: 'lifekeeper-node-role',
    exists: true,
    tags: { 'backup-doctor:profile': 'lifekeeper-ec2@9.7.0' },
    attachedPolicies: [],
    inlinePolicies: [{ name: 'kit', document: allow(KIT_952) }],
    ...over,
  };
}

function ctx(r: RoleFacts | undefined, over: Partial<CheckContext> = {}, event = deniedEvent()): CheckContext {
  const evidence: Evidence = { schemaVersion: 1, ...(r ? { roles: { [r.arn]: r } } : {}), gaps: [] };
  return { event, evidence, classification: classifyEvent(event), now: new Date('2026-11-19T03:15:00Z'), ...over };
}

const fact = (f: { facts: readonly { name: string; value: string }[] }, name: string) => f.facts.find((x) => x.name === name)?.value;

describe('iam-agent-role-profile', () => {
  it('lists every action the bound version lacks, names the version that introduced them, and gives the policy', () => {
    const finding = iamAgentRoleProfile.run(ctx(role()));

    expect(finding.verdict).toBe('fail');
    expect(finding.title.params).toMatchObject({
      count: 2,
      actions: 'ec2:DescribeNetworkInterfaceAttribute, ec2:ModifyNetworkInterfaceAttribute',
      since: '9.6.0',
      purpose: 'source/destination check',
      inferred: 'inferred',
    });
    expect(JSON.parse(finding.fix?.snippet ?? '{}')).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['ec2:DescribeNetworkInterfaceAttribute', 'ec2:ModifyNetworkInterfaceAttribute'], Resource: '*' }],
    });
    expect(finding.fix?.command).toContain('aws iam put-role-policy --role-name lifekeeper-node-role');
    expect(fact(finding, 'bindingSource')).toBe('tag');
    expect(finding.subject).toBe(ROLE_ARN);
  });

  it('passes for the version the role was written for', () => {
    const finding = iamAgentRoleProfile.run(ctx(role({ tags: { 'backup-doctor:profile': 'lifekeeper-ec2@9.5.2' } })));

    // The role has all 9.5.2 actions: AWS denied something the 9.5.2 list does not name.
    expect(finding.verdict).toBe('pass');
  });

  it('binds through the context map by role name when the role has no tag', () => {
    const finding = iamAgentRoleProfile.run(ctx(role({ tags: {} }), { profileBindings: { 'lifekeeper-node-role': 'lifekeeper-ec2@9.7.0' } }));

    expect(finding.verdict).toBe('fail');
    expect(fact(finding, 'bindingSource')).toBe('context');
  });

  it('evaluates several bindings in one tag, comma or space separated', () => {
    const r = role({ tags: { 'backup-doctor:profile': 'fence-aws@4.7.0, lifekeeper-ec2@9.7.0' } });
    const finding = iamAgentRoleProfile.run(ctx(r));

    expect(finding.verdict).toBe('fail');
    expect(finding.title.params?.agent).toBe('fence-aws@4.7.0');
    expect(finding.title.params?.actions).toBe('ec2:DescribeInstances, ec2:StopInstances, ec2:StartInstances');
  });

  it('says so when the role is bound to no profile, with the tag command', () => {
    const finding = iamAgentRoleProfile.run(ctx(role({ tags: {} })));

    expect(finding.verdict).toBe('inconclusive');
    expect(finding.fix?.command).toBe('aws iam tag-role --role-name lifekeeper-node-role --tags Key=backup-doctor:profile,Value=<profile>@<version>');
  });

  it('names a binding it cannot read', () => {
    const finding = iamAgentRoleProfile.run(ctx(role({ tags: { 'backup-doctor:profile': 'lifekeeper-ec2' } })));

    expect(finding.verdict).toBe('inconclusive');
    expect(finding.title.params?.error).toContain('"lifekeeper-ec2" is not PROFILE@VERSION');
  });

  it('reports an explicit deny before missing actions', () => {
    const deny = { Sid: 'NoEni', Effect: 'Deny', Action: 'ec2:ModifyNetworkInterfaceAttribute', Resource: '*' };
    const r = role({ inlinePolicies: [{ name: 'kit', document: allow([...KIT_952, 'ec2:DescribeNetworkInterfaceAttribute', 'ec2:ModifyNetworkInterfaceAttribute'], [deny as never]) }] });

    const finding = iamAgentRoleProfile.run(ctx(r));

    expect(finding.verdict).toBe('fail');
    expect(finding.title.key).toBe('iam-agent-role-profile.denied');
    expect(finding.fix?.summary.params?.statements).toBe('NoEni');
  });

  it('blames the permissions boundary when it blocks what the policies allow', () => {
    const all = [...KIT_952, 'ec2:DescribeNetworkInterfaceAttribute', 'ec2:ModifyNetworkInterfaceAttribute'];
    const r = role({
      inlinePolicies: [{ name: 'kit', document: allow(all) }],
      permissionsBoundary: { name: 'ha-boundary', arn: 'arn:aws:iam::123456789012:policy/ha-boundary', document: allow(KIT_952) },
    });

    const finding = iamAgentRoleProfile.run(ctx(r));

    expect(finding.title.key).toBe('iam-agent-role-profile.boundary');
    expect(finding.title.params?.actions).toBe('ec2:DescribeNetworkInterfaceAttribute, ec2:ModifyNetworkInterfaceAttribute');
  });

  it('says the denial comes from outside the role when its policies allow every action', () => {
    const all = [...KIT_952, 'ec2:DescribeNetworkInterfaceAttribute', 'ec2:ModifyNetworkInterfaceAttribute'];
    const finding = iamAgentRoleProfile.run(ctx(role({ inlinePolicies: [{ name: 'kit', document: allow(all) }] })));

    expect(finding.verdict).toBe('inconclusive');
    expect(finding.title.key).toBe('iam-agent-role-profile.elsewhere');
    expect(finding.missing?.map((g) => g.action)).toContain('organizations:ListPoliciesForTarget');
  });

  it('decides with the simulation when a policy document could not be read', () => {
    const r = role({
      inlinePolicies: [{ name: 'kit' }],
      simulation: Object.fromEntries([...KIT_952.map((a) => [a, 'allowed']), ['ec2:DescribeNetworkInterfaceAttribute', 'implicitDeny'], ['ec2:ModifyNetworkInterfaceAttribute', 'implicitDeny']]),
    });

    const finding = iamAgentRoleProfile.run(ctx(r));

    expect(finding.verdict).toBe('fail');
    expect(finding.title.params?.count).toBe(2);
  });

  it('is inconclusive when the role could not be read', () => {
    const finding = iamAgentRoleProfile.run(ctx(undefined));

    expect(finding.verdict).toBe('inconclusive');
    expect(finding.title.key).toBe('iam-agent-role-profile.notRead');
  });

  it('honours a user profile given in the same shape', () => {
    const user = parseAgentProfile(
      {
        id: 'acme-dns-failover',
        product: 'Acme',
        component: 'DNS failover',
        versions: ['1.0', '2.0'],
        requirements: [
          { since: '1.0', introduced: true, actions: [{ action: 'route53:ListResourceRecordSets' }, { action: 'route53:ChangeResourceRecordSets' }], purpose: { en: 'update', ja: '更新' }, basis: 'user-defined', verified: true, source: 'runbook' },
          { since: '2.0', introduced: true, actions: [{ action: 'route53:GetChange' }], purpose: { en: 'wait', ja: '待機' }, basis: 'user-defined', verified: true, source: 'runbook' },
        ],
      },
      'acme.json',
    );
    const r = role({ tags: { 'backup-doctor:profile': 'acme-dns-failover@2.0' }, inlinePolicies: [{ name: 'dns', document: allow(['route53:ListResourceRecordSets']) }] });
    const event = deniedEvent('aws-api-call-via-cloudtrail-route53-changeresourcerecordsets-denied.synthetic.json');

    const withUser = iamAgentRoleProfile.run(ctx(r, { agentProfiles: [user] }, event));
    const without = iamAgentRoleProfile.run(ctx(r, {}, event));

    expect(withUser.verdict).toBe('fail');
    expect(withUser.title.params).toMatchObject({ actions: 'route53:ChangeResourceRecordSets, route53:GetChange', since: '1.0, 2.0', inferred: 'documented' });
    expect(without.title.key).toBe('iam-agent-role-profile.unknownProfile');
  });
});
