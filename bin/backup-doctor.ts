/**
 * The CDK app: one stack with BackupDoctor, configured from context:
 * `npx cdk deploy -c notifyEmail=ops@example.com [-c slackWebhookSecretName=...] [-c lang=ja]`.
 * `-c deployment=organization -c organizationId=o-...` gives an organization's central stack and member template.
 */
import { App } from 'aws-cdk-lib';
import type { Lang } from '../lambdas/model/types.ts';
import { BackupDoctorStack } from '../lib/backup-doctor-stack.ts';
import { loadAgentProfiles, type AgentProfile } from '../profiles/agent-profiles.ts';
import { addOrganizationStacks, listOf } from '../lib/organization/app.ts';

const app = new App();

function context(name: string): string | undefined {
  const value: unknown = app.node.tryGetContext(name);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

// BackupDoctor checks the language (and every other setting) and reports a mistake as one line.
const lang = context('lang') ?? 'en';

const optional = <K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> =>
  value === undefined ? {} : ({ [key]: value } as Record<K, string>);

/** `-c agentProfilesDir=DIR` (user profiles, validated) and `-c profileBindings='{"role":"profile@version"}'`. */
function agentContext(): { agentProfiles?: AgentProfile[]; profileBindings?: Record<string, string> } {
  const dir = context('agentProfilesDir');
  const raw: unknown = app.node.tryGetContext('profileBindings');
  const bindings: unknown = typeof raw === 'string' && raw.trim() !== '' ? JSON.parse(raw) : raw;
  if (bindings !== undefined && (typeof bindings !== 'object' || bindings === null || Object.values(bindings).some((v) => typeof v !== 'string'))) {
    throw new Error('Context profileBindings must map role ARNs or names to "profile@version" strings');
  }
  return {
    ...(dir !== undefined ? { agentProfiles: loadAgentProfiles(dir) } : {}),
    ...(bindings !== undefined ? { profileBindings: bindings as Record<string, string> } : {}),
  };
}

const env = { account: process.env['CDK_DEFAULT_ACCOUNT'], region: process.env['CDK_DEFAULT_REGION'] };
const doctor = {
  lang: lang as Lang,
  ...optional('notifyEmail', context('notifyEmail')),
  ...optional('slackWebhookSecretName', context('slackWebhookSecretName')),
  ...optional('chatbotSlackChannelId', context('chatbotSlackChannelId')),
  ...optional('chatbotSlackWorkspaceId', context('chatbotSlackWorkspaceId')),
  ...agentContext(),
  // -c webhookSecretName=NAME enables the signed webhook; -c webhookQueryToken=on adds the weaker token.
  ...(context('webhookSecretName') === undefined
    ? {}
    : {
        webhook: {
          secretName: context('webhookSecretName') as string,
          hmac: context('webhookHmac') !== 'off',
          queryToken: context('webhookQueryToken') === 'on',
        },
      }),
};

const deployment = context('deployment') ?? 'single';
if (deployment === 'organization') {
  // A central stack plus the member template for StackSets: see "AWS Organizations" in the README.
  const organizationId = context('organizationId');
  if (organizationId === undefined) throw new Error('Context organizationId is required with deployment=organization (-c organizationId=o-...)');
  const callAs = context('callAs') ?? 'SELF';
  if (callAs !== 'SELF' && callAs !== 'DELEGATED_ADMIN') throw new Error(`Context callAs must be "SELF" or "DELEGATED_ADMIN", got "${callAs}"`);
  addOrganizationStacks(app, {
    organizationId,
    env,
    doctor,
    memberRegions: listOf(context('memberRegions')),
    stackSetTargets: listOf(context('stackSetTargets')),
    callAs,
    ...optional('externalId', context('externalId')),
    ...optional('stackSetName', context('stackSetName')),
  });
} else if (deployment === 'single') {
  new BackupDoctorStack(app, context('stackName') ?? 'BackupDoctor', {
    description: 'backup-doctor: explains failed AWS Backup jobs and ECS EBS volume attachments',
    env,
    doctor,
  });
} else {
  throw new Error(`Context deployment must be "single" or "organization", got "${deployment}"`);
}
