import { describe, expect, it } from 'vitest';
import { ecsKmsKey } from '../../../lambdas/checks/ecs/ecs-kms-key.ts';
import type { KeyFacts, KeyState } from '../../../lambdas/model/types.ts';
import { ACCOUNT, REASONS, REGION, context, ebsEvent, ecsEvent, evidence, volumeConfig } from './fixtures.ts';

const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/7c1e9a4b-2d3f-4a5b-8c6d-ecsvolumes01`;
const key = (state: KeyState): KeyFacts => ({ arn: KEY, keyId: '7c1e9a4b-2d3f-4a5b-8c6d-ecsvolumes01', state, manager: 'CUSTOMER' });
/** The key named by the EBS user guide's createVolume-failed examples. */
const EBS_KEY = 'arn:aws:kms:sa-east-1:0123456789ab:key/01234567-0123-0123-0123-0123456789ab';

describe('ecs-kms-key on the volume configuration', () => {
  it.each([
    ['fail', 'an alias that does not resolve', evidence({ config: volumeConfig({ kmsKeyId: 'alias/ecs-volumes' }), keys: { 'alias/ecs-volumes': { arn: 'alias/ecs-volumes', state: 'Missing' } } })],
    ['fail', 'a disabled key', evidence({ config: volumeConfig({ kmsKeyId: KEY }), keys: { [KEY]: key('Disabled') } })],
    ['pass', 'an enabled key named by alias', evidence({ config: volumeConfig({ kmsKeyId: 'alias/ecs-volumes' }), keys: { [KEY]: key('Enabled') }, aliases: { 'alias/ecs-volumes': KEY } })],
    ['inconclusive', 'a key that could not be read', evidence({ config: volumeConfig({ kmsKeyId: KEY }), gaps: [{ what: 'kms:DescribeKey', subject: KEY, action: 'kms:DescribeKey', why: 'access-denied' }] })],
    ['inconclusive', 'an unread volume configuration', evidence({ config: null })],
    ['not-applicable', 'a volume without a customer managed key', evidence()],
  ] as const)('reports %s for %s', (verdict, _case, ev) => {
    // Prepare
    const ctx = context(ecsEvent(REASONS.idempotent), ev);

    // Act
    const finding = ecsKmsKey.run(ctx);

    // Assess
    expect(finding.verdict).toBe(verdict);
  });

  it('reports a missing alias as a key-state cause with the alias to create', () => {
    // Prepare
    const ctx = context(
      ecsEvent(REASONS.idempotent),
      evidence({ config: volumeConfig({ kmsKeyId: 'alias/ecs-volumes' }), keys: { 'alias/ecs-volumes': { arn: 'alias/ecs-volumes', state: 'Missing' } } }),
    );

    // Act
    const finding = ecsKmsKey.run(ctx);

    // Assess
    expect(finding.category).toBe('kms-key-state');
    expect(finding.facts).toContainEqual({ name: 'keyReference', value: 'alias/ecs-volumes' });
    expect(finding.fix?.command).toContain('aws kms create-alias --alias-name alias/ecs-volumes --target-key-id <key-id>');
  });

  it.each([
    ['Disabled', `aws kms enable-key --key-id ${KEY}`],
    ['PendingDeletion', `aws kms cancel-key-deletion --key-id ${KEY}\naws kms enable-key --key-id ${KEY}`],
  ] as const)('gives the exact command for a %s key', (state, command) => {
    // Prepare
    const ctx = context(ecsEvent(REASONS.idempotent), evidence({ config: volumeConfig({ kmsKeyId: KEY }), keys: { [KEY]: key(state) } }));

    // Act
    const finding = ecsKmsKey.run(ctx);

    // Assess
    expect(finding.fix?.command).toBe(command);
  });
});

describe('ecs-kms-key on EBS volume notifications', () => {
  it.each([
    ['fail', 'a disabled key read as disabled', 'ebs-volume-notification-createvolume-failed-kms-disabled.json', { [EBS_KEY]: { arn: EBS_KEY, state: 'Disabled' as const } }],
    ['fail', 'a key that could not be read, from the state the event names', 'ebs-volume-notification-createvolume-failed-kms-pending-import.json', undefined],
    ['pass', 'a key enabled since the event', 'ebs-volume-notification-createvolume-failed-kms-disabled.json', { [EBS_KEY]: { arn: EBS_KEY, state: 'Enabled' as const } }],
    ['not-applicable', 'a successful createVolume event', 'ebs-volume-notification-createvolume-available.json', undefined],
  ] as const)('reports %s for %s', (verdict, _case, file, keys) => {
    // Prepare
    const ctx = context(ebsEvent(file), evidence(keys ? { keys } : {}));

    // Act
    const finding = ecsKmsKey.run(ctx);

    // Assess
    expect(finding.verdict).toBe(verdict);
  });

  it('tells to import the key material for a key pending import', () => {
    // Prepare
    const ctx = context(ebsEvent('ebs-volume-notification-createvolume-failed-kms-pending-import.json'), evidence());

    // Act
    const finding = ecsKmsKey.run(ctx);

    // Assess
    expect(finding.category).toBe('kms-key-state');
    expect(finding.facts).toContainEqual({ name: 'keyState', value: 'PendingImport' });
    expect(finding.fix?.command).toContain(`aws kms import-key-material --key-id ${EBS_KEY}`);
  });

  it('cancels the deletion of a key pending deletion on attach', () => {
    // Prepare
    const ctx = context(ebsEvent('ebs-volume-notification-attachvolume-failed-kms-pending-deletion.json'), evidence());

    // Act
    const finding = ecsKmsKey.run(ctx);

    // Assess
    expect(finding.fix?.command).toMatch(/^aws kms cancel-key-deletion --key-id arn:aws:kms:/);
  });
});
