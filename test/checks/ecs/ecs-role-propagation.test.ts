import { describe, expect, it } from 'vitest';
import { ecsRolePropagation } from '../../../lambdas/checks/ecs/ecs-role-propagation.ts';
import { REASONS, ROLE, context, ecsEvent, evidence, infraRole } from './fixtures.ts';

// The base event's time is 2026-11-20T09:12:31Z.
describe('ecs-role-propagation', () => {
  it.each([
    ['fail', 'a role created 3 minutes before the failure', { createDate: '2026-11-20T09:09:31Z' }],
    ['fail', 'a role changed 9 minutes before the failure', { lastModified: '2026-11-20T09:03:40Z' }],
    ['pass', 'a role created months before', {}],
    ['pass', 'a role changed 11 minutes before the failure', { lastModified: '2026-11-20T09:01:00Z' }],
    ['pass', 'a role changed only after the failure', { lastModified: '2026-11-20T09:14:00Z' }],
    ['inconclusive', 'a role without dates', { createDate: undefined }],
  ] as const)('reports %s for %s', (verdict, _case, over) => {
    // Prepare
    const ctx = context(ecsEvent(REASONS.assume), evidence({ roles: { [ROLE]: infraRole(over) } }));

    // Act
    const finding = ecsRolePropagation.run(ctx);

    // Assess
    expect(finding.verdict).toBe(verdict);
  });

  it('reports inconclusive when the role could not be read', () => {
    // Prepare
    const ctx = context(ecsEvent(REASONS.assume), evidence({ roles: {} }));

    // Act
    const finding = ecsRolePropagation.run(ctx);

    // Assess
    expect(finding.verdict).toBe('inconclusive');
    expect(finding.missing?.[0]?.subject).toBe(ROLE);
  });

  it('tells to wait and retry with the minutes since the creation', () => {
    // Prepare
    const ctx = context(ecsEvent(REASONS.assume), evidence({ roles: { [ROLE]: infraRole({ createDate: '2026-11-20T09:10:00Z' }) } }));

    // Act
    const finding = ecsRolePropagation.run(ctx);

    // Assess
    expect(finding.title).toEqual({ key: 'ecs-role-propagation.failCreated', params: { role: 'ecsInfrastructureRole', minutes: 2 } });
    expect(finding.fix?.command).toMatch(/^aws ecs run-task --cluster default /);
  });

  it('relaunches a service task with a new deployment', () => {
    // Prepare
    const ctx = context(ecsEvent(REASONS.assume, 'service:web'), evidence({ roles: { [ROLE]: infraRole({ createDate: '2026-11-20T09:10:00Z' }) } }));

    // Act
    const finding = ecsRolePropagation.run(ctx);

    // Assess
    expect(finding.fix?.command).toBe('aws ecs update-service --cluster default --service web --force-new-deployment');
  });

  it('stays out of failures that the catalog puts on the KMS key', () => {
    // Prepare
    const ctx = context(ecsEvent(REASONS.idempotent), evidence({ roles: { [ROLE]: infraRole({ createDate: '2026-11-20T09:10:00Z' }) } }));

    // Act
    const finding = ecsRolePropagation.run(ctx);

    // Assess
    expect(finding.verdict).toBe('not-applicable');
  });
});
