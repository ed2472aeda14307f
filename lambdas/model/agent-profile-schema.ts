/**
 * The shape of an agent permission profile (zod): product + component + the actions each version needs, with the
 * basis and source of every list. schema/agent-profile.schema.json is generated from it; the profiles themselves
 * and their loading live in profiles/.
 */
import { z } from 'zod';

/** How a list of actions is known. Everything but documented-iam-list is an inference. */
export const BASES = ['documented-iam-list', 'reported-case', 'documented-behaviour', 'inferred-from-source', 'user-defined'] as const;

const str = z.string().min(1);
const ACTION = /^[a-zA-Z0-9-]+:[A-Za-z0-9*]+$/;
/** A version: numbers separated by dots. */
export const VERSION = /^[0-9]+(\.[0-9]+)*$/;
/** A profile id. */
export const ID = /^[a-z0-9][a-z0-9-]*$/;
const text = z.object({ en: str, ja: str }).meta({ description: 'The same text in English and Japanese.' });

const conditionValue = z.union([z.string(), z.boolean(), z.number(), z.array(z.union([z.string(), z.boolean(), z.number()]))]);

const requiredAction = z.strictObject({
  action: z.string().regex(ACTION, 'must be service:Action, e.g. ec2:ReplaceRoute'),
  resource: str.optional().meta({ description: 'The resource ARN the vendor states; "*" when none is stated.' }),
  condition: z
    .record(str, z.record(str, conditionValue))
    .optional()
    .meta({ description: 'An IAM Condition block the vendor states for this action.' }),
  resourceNote: str.optional().meta({ description: 'How the vendor scopes the resource, when it cannot be written here.' }),
});

const requirement = z.strictObject({
  since: z.string().regex(VERSION, 'must be a version like 9.6.0'),
  until: z.string().regex(VERSION, 'must be a version like 9.6.0').optional().meta({ description: 'The first version that no longer needs these actions.' }),
  introduced: z.boolean().meta({
    description: 'true when the source says this version introduced the actions; false when it is only the earliest version a source lists them for.',
  }),
  when: str.optional().meta({ description: 'A setting the actions are needed for only (not evaluated unless it is known).' }),
  actions: z.array(requiredAction).min(1),
  purpose: text,
  basis: z.enum(BASES),
  verified: z.boolean().meta({ description: 'true only when the action list itself was read in the source.' }),
  source: str,
  corroboration: z.array(str).optional(),
});

/** The agent profile schema (zod); schema/agent-profile.schema.json is generated from it. */
export const agentProfileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    id: z.string().regex(ID, 'must be lower-case letters, digits and dashes'),
    product: str,
    component: str,
    versions: z.array(z.string().regex(VERSION, 'must be a version like 9.6.0')).min(1).meta({ description: 'Known releases, for upgrade forecasts.' }),
    requirements: z.array(requirement).min(1),
  })
  .meta({
    title: 'backup-doctor agent permission profile',
    description: 'The IAM actions an agent needs, by version, with the basis and source of every list.',
  });

/** An agent profile, validated. */
export type AgentProfile = z.infer<typeof agentProfileSchema>;
/** One list of actions of a profile. */
export type AgentRequirement = AgentProfile['requirements'][number];
/** How a list is known. */
export type Basis = (typeof BASES)[number];
