/**
 * IAM: a role's trust policy, attached, inline and boundary policies, and one SimulatePrincipalPolicy call for
 * all the actions in question. Roles and policy versions are cached; the IAM API's rate limits cannot be raised.
 */
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import type { AttachedPolicy, RoleFacts } from '../model/types.ts';
import { decodePolicy } from './decode.ts';
import type { Reader, Scope } from './read.ts';
import { cachedRead, compact, isOtherAccount, iso, ownerScope } from './read.ts';

type Decision = 'allowed' | 'implicitDeny' | 'explicitDeny';

/** The role name of a role ARN (the last path segment). */
export function roleNameOf(roleArn: string): string {
  const resource = roleArn.slice(roleArn.indexOf(':role/') + ':role/'.length);
  return resource.slice(resource.lastIndexOf('/') + 1);
}

/** A managed policy's default version, decoded; the version is cached by ARN and version id. */
async function readManagedPolicy(scope: Scope, reader: Reader, name: string, arn: string): Promise<AttachedPolicy> {
  const versionId = await reader.read({ action: 'iam:GetPolicy', subject: arn }, async (abortSignal) => {
    const out = await scope.clients.iam.send(new GetPolicyCommand({ PolicyArn: arn }), { abortSignal });
    return out.Policy?.DefaultVersionId;
  });
  if (versionId === undefined) return { name, arn };
  const spec = { action: 'iam:GetPolicyVersion', subject: arn };
  const raw = await cachedRead(scope.cache, reader, `policy:${arn}@${versionId}`, spec, (r) =>
    r.read(spec, async (abortSignal) => {
      const out = await scope.clients.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId }), {
        abortSignal,
      });
      return out.PolicyVersion?.Document;
    }),
  );
  const document = decodePolicy(raw);
  if (raw !== undefined && document === undefined) reader.gap(spec, 'error', 'unparseable policy document');
  return compact({ name, arn, versionId, document });
}

async function readRole(scope: Scope, reader: Reader, roleArn: string): Promise<RoleFacts | undefined> {
  const name = roleNameOf(roleArn);
  const iam = scope.clients.iam;
  const [role, attached, inlineNames] = await Promise.all([
    reader.attempt((abortSignal) => iam.send(new GetRoleCommand({ RoleName: name }), { abortSignal })),
    reader.read({ action: 'iam:ListAttachedRolePolicies', subject: roleArn }, async (abortSignal) => {
      const out = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name, MaxItems: 1000 }), { abortSignal });
      return out.AttachedPolicies ?? [];
    }),
    reader.read({ action: 'iam:ListRolePolicies', subject: roleArn }, async (abortSignal) => {
      const out = await iam.send(new ListRolePoliciesCommand({ RoleName: name, MaxItems: 1000 }), { abortSignal });
      return out.PolicyNames ?? [];
    }),
  ]);
  if (!role.ok) {
    if (role.why === 'not-found') {
      // The listings fail the same way for a missing role: the fact says it all.
      reader.gaps.length = 0;
      return { arn: roleArn, name, exists: false };
    }
    reader.gap({ action: 'iam:GetRole', subject: roleArn }, role.why, role.detail);
    return undefined;
  }
  const r = role.value.Role;
  const boundaryArn = r?.PermissionsBoundary?.PermissionsBoundaryArn;
  const [attachedPolicies, inlinePolicies, permissionsBoundary] = await Promise.all([
    attached === undefined
      ? undefined
      : Promise.all(attached.map((p) => readManagedPolicy(scope, reader, p.PolicyName ?? '', p.PolicyArn ?? ''))),
    inlineNames === undefined
      ? undefined
      : Promise.all(
          inlineNames.map(async (policyName): Promise<AttachedPolicy> => {
            const spec = { action: 'iam:GetRolePolicy', subject: roleArn, what: `iam:GetRolePolicy ${roleArn} ${policyName}` };
            const raw = await reader.read(spec, async (abortSignal) => {
              const out = await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName }), {
                abortSignal,
              });
              return out.PolicyDocument;
            });
            const document = decodePolicy(raw);
            if (raw !== undefined && document === undefined) reader.gap(spec, 'error', 'unparseable policy document');
            return compact({ name: policyName, document });
          }),
        ),
    boundaryArn === undefined
      ? undefined
      : readManagedPolicy(scope, reader, boundaryArn.slice(boundaryArn.lastIndexOf('/') + 1), boundaryArn),
  ]);
  const trustPolicy = decodePolicy(r?.AssumeRolePolicyDocument);
  return compact({
    arn: r?.Arn ?? roleArn,
    name: r?.RoleName ?? name,
    path: r?.Path,
    exists: true,
    createDate: iso(r?.CreateDate),
    lastModified: iso(r?.RoleLastUsed?.LastUsedDate),
    trustPolicy,
    attachedPolicies,
    inlinePolicies,
    permissionsBoundary,
    tags: r?.Tags && r.Tags.length > 0 ? Object.fromEntries(r.Tags.map((t) => [t.Key ?? '', t.Value ?? ''])) : undefined,
  });
}

async function simulate(
  scope: Scope,
  reader: Reader,
  roleArn: string,
  actions: readonly string[],
): Promise<Readonly<Record<string, Decision>> | undefined> {
  return reader.read({ action: 'iam:SimulatePrincipalPolicy', subject: roleArn }, async (abortSignal) => {
    const out = await scope.clients.iam.send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: roleArn, ActionNames: [...actions], MaxItems: 1000 }),
      { abortSignal },
    );
    const result: Record<string, Decision> = {};
    for (const e of out.EvaluationResults ?? []) {
      if (e.EvalActionName !== undefined && e.EvalDecision !== undefined) {
        result[e.EvalActionName] = e.EvalDecision as Decision;
      }
    }
    return result;
  });
}

/**
 * Reads a role (cached per role ARN, single-flight) and, when `actions` is not empty, simulates them in one call
 * (cached per role and action set). A role of another account is a `cross-account` gap; a missing one exists:false.
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
 */
export async function collectRole(scope: Scope, roleArn: string, actions: readonly string[]): Promise<RoleFacts | undefined> {
  const owner = await ownerScope(scope, roleArn);
  if (owner && 'scope' in owner) return collectRole(owner.scope, roleArn, actions);
  if (owner) {
    scope.reader.gap({ action: 'iam:GetRole', subject: roleArn }, 'cross-account', owner.detail);
    return undefined;
  }
  if (isOtherAccount(scope, roleArn)) {
    scope.reader.gap({ action: 'iam:GetRole', subject: roleArn }, 'cross-account');
    return undefined;
  }
  const sorted = [...new Set(actions)].sort();
  const [facts, simulation] = await Promise.all([
    cachedRead(scope.cache, scope.reader, `role:${roleArn}`, { action: 'iam:GetRole', subject: roleArn }, (r) => readRole(scope, r, roleArn)),
    sorted.length === 0
      ? undefined
      : cachedRead(
          scope.cache,
          scope.reader,
          `simulation:${roleArn}:${sorted.join(',')}`,
          { action: 'iam:SimulatePrincipalPolicy', subject: roleArn },
          (r) => simulate(scope, r, roleArn, sorted),
        ),
  ]);
  if (facts?.exists === false) {
    // Simulating a missing role fails with NoSuchEntity; that gap says nothing the fact does not.
    const drop = scope.reader.gaps.filter((g) => g.subject === roleArn && g.action === 'iam:SimulatePrincipalPolicy');
    for (const g of drop) scope.reader.gaps.splice(scope.reader.gaps.indexOf(g), 1);
    return facts;
  }
  if (facts === undefined) return undefined;
  return simulation === undefined ? facts : { ...facts, simulation };
}
