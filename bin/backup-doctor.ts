/**
 * The CDK app: one stack with BackupDoctor, configured from context:
 * `npx cdk deploy -c notifyEmail=ops@example.com [-c slackWebhookSecretName=...] [-c lang=ja]`.
 */
import { App } from 'aws-cdk-lib';
import type { Lang } from '../lambdas/core/types.ts';
import { BackupDoctorStack } from '../lib/backup-doctor-stack.ts';

const app = new App();

function context(name: string): string | undefined {
  const value: unknown = app.node.tryGetContext(name);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

const lang = context('lang') ?? 'en';
if (lang !== 'en' && lang !== 'ja') throw new Error(`Context lang must be "en" or "ja", got "${lang}"`);

const optional = <K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> =>
  value === undefined ? {} : ({ [key]: value } as Record<K, string>);

new BackupDoctorStack(app, context('stackName') ?? 'BackupDoctor', {
  description: 'backup-doctor: explains failed AWS Backup jobs and ECS EBS volume attachments',
  env: { account: process.env['CDK_DEFAULT_ACCOUNT'], region: process.env['CDK_DEFAULT_REGION'] },
  doctor: {
    lang: lang as Lang,
    ...optional('notifyEmail', context('notifyEmail')),
    ...optional('slackWebhookSecretName', context('slackWebhookSecretName')),
    ...optional('chatbotSlackChannelId', context('chatbotSlackChannelId')),
    ...optional('chatbotSlackWorkspaceId', context('chatbotSlackWorkspaceId')),
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
  },
});
