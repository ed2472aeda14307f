/**
 * The webhook in the template: a Function URL with auth type NONE (the function authenticates), reserved
 * concurrency as a cost ceiling, a role that reads only its secret and writes only its queue and replay table,
 * no secret in the environment, and cdk-nag clean.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupDoctorStack } from '../../lib/index.ts';
import { WEBHOOK_RESERVED_CONCURRENCY } from '../../lib/webhook.ts';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown };

const dir = mkdtempSync(join(tmpdir(), 'backup-doctor-webhook-cdk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CONTEXT = (JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> }).context;

let template: Template;
let resources: Resources;

beforeAll(() => {
  const app = new App({ outdir: dir, context: CONTEXT });
  const stack = new BackupDoctorStack(app, 'WebhookTest', {
    env: { account: '111122223333', region: 'ap-northeast-1' },
    doctor: { webhook: { secretName: 'backup-doctor/webhook', queryToken: true } },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  // Synthesis throws "Validation failed" when any cdk-nag finding is left unacknowledged.
  const assembly = app.synth();
  template = Template.fromJSON(assembly.getStackByName(stack.stackName).template as Record<string, unknown>);
  resources = template.toJSON()['Resources'] as Resources;
});

function webhookStatements(): Statement[] {
  const roleId = Object.keys(resources).find((id) => id.includes('Webhook') && resources[id]?.Type === 'AWS::IAM::Role');
  expect(roleId).toBeDefined();
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties['Roles']).includes(`"${roleId}"`))
    .flatMap((p) => (p.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement);
}

describe('the webhook in the template', () => {
  it('synthesises with no unacknowledged cdk-nag finding', () => {
    expect(template).toBeDefined();
  });

  it('serves a Function URL with auth type NONE on the webhook function only', () => {
    template.resourceCountIs('AWS::Lambda::Url', 1);
    template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE', InvokeMode: 'BUFFERED' });
    const url = Object.values(resources).find((r) => r.Type === 'AWS::Lambda::Url');
    expect(JSON.stringify(url?.Properties['TargetFunctionArn'])).toMatch(/Webhook/);
  });

  it('caps the function with reserved concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('webhook'),
      ReservedConcurrentExecutions: WEBHOOK_RESERVED_CONCURRENCY,
    });
  });

  it('reads only its own secret, with GetSecretValue alone', () => {
    const reads = webhookStatements().filter((s) => [s.Action].flat().some((a) => a.startsWith('secretsmanager:')));
    expect(reads).toHaveLength(1);
    expect(reads[0]?.Action).toBe('secretsmanager:GetSecretValue');
    expect(JSON.stringify(reads[0]?.Resource)).toContain('secret:backup-doctor/webhook-??????');
  });

  it('writes only to its intake queue and its replay table, and never reads the account', () => {
    const actions = webhookStatements().flatMap((s) => [s.Action].flat());
    expect(new Set(actions)).toEqual(
      new Set([
        'secretsmanager:GetSecretValue',
        'sqs:SendMessage',
        'dynamodb:PutItem',
        'dynamodb:DeleteItem',
        'kms:Decrypt',
        'kms:Encrypt',
        'kms:GenerateDataKey',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
      ]),
    );
    for (const s of webhookStatements()) expect(JSON.stringify(s.Resource), s.Sid).not.toBe('"*"');
  });

  it('keeps secrets out of the environment and sets both switches', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('webhook'),
      Environment: {
        Variables: Match.objectLike({ WEBHOOK_HMAC: 'on', WEBHOOK_QUERY_TOKEN: 'on', WEBHOOK_SECRET_ID: 'backup-doctor/webhook' }),
      },
    });
    expect(JSON.stringify(template.toJSON())).not.toMatch(/whsec_/);
  });

  it('keeps replayed ids in a table encrypted with the key, expired by TTL', () => {
    const tables = Object.entries(resources).filter(([id, r]) => r.Type === 'AWS::DynamoDB::Table' && id.includes('Webhook'));
    expect(tables).toHaveLength(1);
    expect(tables[0]?.[1].Properties).toMatchObject({
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
    });
  });
});
