/**
 * Objects of a third account (a KMS key owned by another member) are read in the key owner's account, through
 * its inspection role, when the role is there; otherwise the gap names the account. Over the fake organization's
 * wire protocols, with the collection step the diagnoser uses.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadScenarios } from '../../lambdas/cli/scenarios.ts';
import type { Evidence, PolicyDocument } from '../../lambdas/model/types.ts';
import { createClients, EvidenceCache } from '../../lambdas/evidence/index.ts';
import { MEMBER_ROLE_NAME, organizationCollector } from '../../lambdas/organization/index.ts';
import { type FakeOrg, startFakeOrg } from '../harness/fake-org.ts';

const ORG = 'o-exampleorgid';
const A = '444455556666';
const B = '222233334444';
const OWNER = '555566667777';
const EXTERNAL_ID = `backup-doctor-${ORG}`;
const SESSION = `arn:aws:sts::${A}:assumed-role/BackupDoctorCentral-DiagnoserRole/backup-doctor-diagnoser`;
// Our own trust policy of the member template's shape (the template itself is asserted in test/lib/organization).
const TRUST: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${A}:role/BackupDoctorCentral-DiagnoserRole` },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': EXTERNAL_ID, 'aws:PrincipalOrgID': ORG } },
    },
  ],
};

const scenario = loadScenarios().find((s) => s.id === '04-key-policy-without-root');
if (!scenario) throw new Error('demo scenario 04-key-policy-without-root is missing');
const SCENARIO_ACCOUNT = scenario.evidence.account ?? '111122223333';
const VAULT_KEY = Object.keys(scenario.evidence.keys ?? {}).find((k) => k.endsWith('backupvault01')) ?? '';
const rewrite = <T>(value: T, from: string, to: string): T => JSON.parse(JSON.stringify(value).replaceAll(from, to)) as T;
/** B's account, except that the vault's key belongs to the owner account. */
const inB = <T>(value: T): T => rewrite(rewrite(value, VAULT_KEY, VAULT_KEY.replace(SCENARIO_ACCOUNT, OWNER)), SCENARIO_ACCOUNT, B);
const OWNER_KEY = VAULT_KEY.replace(SCENARIO_ACCOUNT, OWNER);

let org: FakeOrg | undefined;
const saved = { ...process.env };
afterEach(async () => {
  await org?.close();
  org = undefined;
  process.env = { ...saved };
});

async function collect(ownerHasRole: boolean): Promise<{ evidence: Evidence; org: FakeOrg }> {
  org = await startFakeOrg({
    organizationId: ORG,
    central: { account: A, snapshot: { schemaVersion: 1, account: A, gaps: [] }, sessionArn: SESSION },
    members: [
      { account: B, snapshot: inB(scenario!.evidence), role: { name: MEMBER_ROLE_NAME, trustPolicy: TRUST } },
      {
        account: OWNER,
        snapshot: { ...rewrite(scenario!.evidence, SCENARIO_ACCOUNT, OWNER), account: OWNER },
        ...(ownerHasRole ? { role: { name: MEMBER_ROLE_NAME, trustPolicy: TRUST } } : {}),
      },
    ],
  });
  Object.assign(process.env, org.env);
  const region = scenario!.evidence.region ?? 'ap-northeast-1';
  const { collect: run } = organizationCollector(
    { roleName: MEMBER_ROLE_NAME, externalId: EXTERNAL_ID, centralAccount: A, stackSetName: 'backup-doctor-member', roleRegion: region },
    { clients: createClients({ region, maxAttempts: 1 }), cache: new EvidenceCache(), region },
  );
  const evidence = await run(inB(scenario!.event), { now: scenario!.now, deadline: Date.now() + 20_000 });
  return { evidence, org };
}

describe('objects of another member account', () => {
  it("are read in the owner's account with the owner's role", async () => {
    const { evidence, org } = await collect(true);
    expect(evidence.readAs).toMatchObject({ account: B, outcome: 'assumed' });
    expect(evidence.keys?.[OWNER_KEY]?.policy).toBeDefined();
    const ownerKeys = new Set(org.issuedKeys.get(OWNER) ?? []);
    const policyReads = org.calls.filter((c) => c.service === 'kms' && c.action === 'GetKeyPolicy' && c.status === 200);
    expect(policyReads.some((c) => c.account === OWNER && ownerKeys.has(c.accessKeyId))).toBe(true);
    // Nothing of the owner's was read with B's keys, nor anything at all with the central account's.
    const bKeys = new Set(org.issuedKeys.get(B) ?? []);
    expect(org.calls.filter((c) => c.account === OWNER).every((c) => ownerKeys.has(c.accessKeyId))).toBe(true);
    expect(org.calls.filter((c) => c.account === B).every((c) => bKeys.has(c.accessKeyId))).toBe(true);
    expect(org.calls.filter((c) => c.accessKeyId === org.centralAccessKeyId).map((c) => c.service)).toEqual(
      org.calls.filter((c) => c.accessKeyId === org.centralAccessKeyId).map(() => 'sts'),
    );
    expect(evidence.gaps.filter((g) => g.why === 'cross-account')).toEqual([]);
  });

  it('leave a gap naming the account when its role is not there', async () => {
    const { evidence, org } = await collect(false);
    expect(evidence.keys?.[OWNER_KEY]).toBeUndefined();
    const gap = evidence.gaps.find((g) => g.subject === OWNER_KEY);
    expect(gap).toMatchObject({ why: 'cross-account', action: 'kms:GetKeyPolicy' });
    expect(gap?.detail).toContain(`account ${OWNER} cannot be read`);
    expect(gap?.detail).toContain(`arn:aws:iam::${OWNER}:role/${MEMBER_ROLE_NAME}`);
    expect(org.calls.filter((c) => c.account === OWNER)).toEqual([]);
  });
});
