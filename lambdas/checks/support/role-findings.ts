/**
 * The findings that end a check about one role before it looks at the role's policies: the role is not known,
 * IAM has no such role (iam-role-missing reports that), or the role could not be read. A check that uses them
 * declares the message keys `<id>.noRole`, `<id>.roleMissing` and `<id>.notRead` (the last two with {role}).
 */
import type { Check, CheckContext, Finding, Gap, RoleFacts } from '../../model/types.ts';
import { facts, inconclusive, msg, notApplicable } from './finding.ts';
import { gapsOrNotCollected, roleOf } from './lookup.ts';
import { arnName } from '../../model/arn.ts';

type Meta = Pick<Check, 'id' | 'category'>;

/** The role a check is about: its ARN, its name, and its facts when they were read. */
export interface RoleAtHand {
  readonly arn: string;
  readonly name: string;
  readonly role: RoleFacts | undefined;
  readonly stop?: undefined;
}

/**
 * The role at `arn`, or the finding that stops the check: `noRole` (inconclusive, missing `unknown`) when there
 * is no ARN, `roleMissing` (not applicable) when IAM has no such role.
 */
export function roleAtHand(
  check: Meta,
  ctx: CheckContext,
  arn: string | undefined,
  unknown: readonly Gap[],
): RoleAtHand | { readonly stop: Finding } {
  if (!arn) return { stop: inconclusive(check, { title: msg(check, 'noRole'), missing: unknown }) };
  const name = arnName(arn);
  const role = roleOf(ctx.evidence, arn);
  if (role && !role.exists) return { stop: notApplicable(check, { title: msg(check, 'roleMissing', { role: name }) }) };
  return { arn, name, role };
}

/** The `notRead` finding (inconclusive): `what` (an IAM read of the role) is not in the evidence. */
export function roleNotRead(check: Meta, ctx: CheckContext, at: Pick<RoleAtHand, 'arn' | 'name'>, what: string): Finding {
  return inconclusive(check, {
    title: msg(check, 'notRead', { role: at.name }),
    facts: facts({ roleArn: at.arn }),
    missing: gapsOrNotCollected(ctx, at.arn, what),
  });
}
