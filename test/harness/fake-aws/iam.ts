/** The loopback fake of AWS: IAM (awsQuery): roles, their policies and the policy simulation. */
import type { Evidence, PolicyDocument, RoleFacts } from '../../../lambdas/model/types.ts';
import { ApiError, notFound, page } from './wire.ts';

export function iamDoc(doc: PolicyDocument | undefined): string | undefined {
  return doc === undefined ? undefined : encodeURIComponent(JSON.stringify(doc));
}


export function findRole(s: Evidence, name: string): RoleFacts | undefined {
  return Object.values(s.roles ?? {}).find((r) => r.exists && r.name === name);
}

/** Every managed policy (attached or boundary) of the snapshot's roles, by ARN. */
export function managedPolicies(s: Evidence): Map<string, { name: string; versionId: string; document?: PolicyDocument }> {
  const result = new Map<string, { name: string; versionId: string; document?: PolicyDocument }>();
  for (const role of Object.values(s.roles ?? {})) {
    for (const p of [...(role.attachedPolicies ?? []), ...(role.permissionsBoundary ? [role.permissionsBoundary] : [])]) {
      if (p.arn !== undefined) {
        result.set(p.arn, { name: p.name, versionId: p.versionId ?? 'v1', ...(p.document ? { document: p.document } : {}) });
      }
    }
  }
  return result;
}

export function iam(s: Evidence, action: string, p: URLSearchParams, pageSize?: number): unknown {
  const role = (): RoleFacts => findRole(s, p.get('RoleName') ?? '') ?? notFound();
  const paged = <T>(items: readonly T[]) => {
    const got = page(items, p.get('Marker'), Number(p.get('MaxItems') ?? '100'), pageSize);
    return { items: got.items, IsTruncated: got.next !== undefined, ...(got.next !== undefined ? { Marker: got.next } : {}) };
  };
  switch (action) {
    case 'ListRoles': {
      const { items, ...more } = paged(Object.values(s.roles ?? {}).filter((r) => r.exists));
      return {
        Roles: items.map((r) => ({ Path: r.path ?? '/', RoleName: r.name, RoleId: `AROA${r.name.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 16)}`, Arn: r.arn, CreateDate: r.createDate ?? '2020-01-01T00:00:00Z' })),
        ...more,
      };
    }
    case 'ListRoleTags': {
      const { items, ...more } = paged(Object.entries(role().tags ?? {}).map(([Key, Value]) => ({ Key, Value })));
      return { Tags: items, ...more };
    }
    case 'GetRole': {
      const r = role();
      return {
        Role: {
          Path: r.path ?? '/',
          RoleName: r.name,
          RoleId: `AROA${r.name.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 16)}`,
          Arn: r.arn,
          CreateDate: r.createDate ?? '2020-01-01T00:00:00Z',
          AssumeRolePolicyDocument: iamDoc(r.trustPolicy),
          PermissionsBoundary: r.permissionsBoundary?.arn
            ? { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: r.permissionsBoundary.arn }
            : undefined,
          RoleLastUsed: r.lastModified ? { LastUsedDate: r.lastModified } : undefined,
          Tags: r.tags ? Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })) : undefined,
        },
      };
    }
    case 'ListAttachedRolePolicies':
      return {
        AttachedPolicies: (role().attachedPolicies ?? []).map((a) => ({ PolicyName: a.name, PolicyArn: a.arn })),
        IsTruncated: false,
      };
    case 'ListRolePolicies':
      return { PolicyNames: (role().inlinePolicies ?? []).map((a) => a.name), IsTruncated: false };
    case 'GetRolePolicy': {
      const r = role();
      const inline = (r.inlinePolicies ?? []).find((i) => i.name === p.get('PolicyName')) ?? notFound();
      return { RoleName: r.name, PolicyName: inline.name, PolicyDocument: iamDoc(inline.document) };
    }
    case 'GetPolicy': {
      const arn = p.get('PolicyArn') ?? '';
      const m = managedPolicies(s).get(arn) ?? notFound();
      return { Policy: { PolicyName: m.name, Arn: arn, DefaultVersionId: m.versionId, IsAttachable: true } };
    }
    case 'GetPolicyVersion': {
      const m = managedPolicies(s).get(p.get('PolicyArn') ?? '') ?? notFound();
      if (m.versionId !== p.get('VersionId')) notFound();
      return { PolicyVersion: { Document: iamDoc(m.document), VersionId: m.versionId, IsDefaultVersion: true } };
    }
    case 'SimulatePrincipalPolicy': {
      const arn = p.get('PolicySourceArn') ?? '';
      const r = Object.values(s.roles ?? {}).find((x) => x.arn === arn && x.exists) ?? notFound();
      const actions = [...p.entries()].filter(([k]) => k.startsWith('ActionNames.member.')).map(([, v]) => v);
      return {
        EvaluationResults: actions.map((a) => ({
          EvalActionName: a,
          EvalResourceName: '*',
          EvalDecision: r.simulation?.[a] ?? 'implicitDeny',
        })),
        IsTruncated: false,
      };
    }
    default:
      throw new ApiError('NotImplemented', 501);
  }
}
