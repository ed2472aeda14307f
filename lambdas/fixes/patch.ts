/**
 * Fixes as changes to the evidence: a patch is applied to a copy of the evidence exactly as the fix's command would
 * change the account, so that the checks can be run again on the result.
 */
import type { Evidence, EvidencePatch, PolicyDocument, RoleFacts } from '../model/types.ts';

/** The role at an ARN in the evidence (by ARN, else by the name at the end of the ARN in the same account). */
function roleKey(evidence: Evidence, arn: string): string | undefined {
  const roles = evidence.roles ?? {};
  if (roles[arn]) return arn;
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  const account = arn.split(':')[4];
  return Object.keys(roles).find((k) => roles[k]!.name === name && roles[k]!.arn.split(':')[4] === account);
}

function withRole(evidence: Evidence, arn: string, change: (role: RoleFacts) => RoleFacts): Evidence {
  const key = roleKey(evidence, arn);
  if (!key) throw new Error(`the evidence holds no role ${arn}`);
  return { ...evidence, roles: { ...evidence.roles, [key]: change(evidence.roles![key]!) } };
}

/** The evidence after a patch; the input is not changed. Throws when the patch names an object the evidence lacks. */
export function applyPatch(evidence: Evidence, patch: EvidencePatch): Evidence {
  const copy = structuredClone(evidence) as Evidence;
  const doc = structuredClone(patch.document) as PolicyDocument;
  switch (patch.kind) {
    case 'trust-policy':
      return withRole(copy, patch.roleArn, (role) => ({ ...role, trustPolicy: doc }));
    case 'role-inline-policy':
      return withRole(copy, patch.roleArn, (role) => ({
        ...role,
        // put-role-policy replaces an inline policy of the same name, or adds it.
        inlinePolicies: [...(role.inlinePolicies ?? []).filter((p) => p.name !== patch.policyName), { name: patch.policyName, document: doc }],
      }));
    case 'key-policy': {
      const keys = copy.keys ?? {};
      const key = keys[patch.keyArn] ? patch.keyArn : Object.keys(keys).find((k) => keys[k]!.arn === patch.keyArn);
      if (!key) throw new Error(`the evidence holds no key ${patch.keyArn}`);
      return { ...copy, keys: { ...keys, [key]: { ...keys[key]!, policy: doc } } };
    }
  }
}

/** The policy documents a patch replaces or adds, before and after, for the security comparison. */
export function documentsOf(evidence: Evidence, patch: EvidencePatch): { before: PolicyDocument[]; after: PolicyDocument[] } {
  switch (patch.kind) {
    case 'trust-policy': {
      const key = roleKey(evidence, patch.roleArn);
      const trust = key ? evidence.roles![key]!.trustPolicy : undefined;
      return { before: trust ? [trust] : [], after: [patch.document] };
    }
    case 'key-policy': {
      const key = Object.values(evidence.keys ?? {}).find((k) => k.arn === patch.keyArn);
      return { before: key?.policy ? [key.policy] : [], after: [patch.document] };
    }
    case 'role-inline-policy': {
      const key = roleKey(evidence, patch.roleArn);
      const role = key ? evidence.roles![key] : undefined;
      const all = [...(role?.attachedPolicies ?? []), ...(role?.inlinePolicies ?? [])];
      const before = all.flatMap((p) => (p.document ? [p.document] : []));
      const kept = [...(role?.attachedPolicies ?? []), ...(role?.inlinePolicies ?? []).filter((p) => p.name !== patch.policyName)];
      return { before, after: [...kept.flatMap((p) => (p.document ? [p.document] : [])), patch.document] };
    }
  }
}
