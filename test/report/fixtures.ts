/**
 * Diagnoses built by hand for the report tests. Events and status messages are AWS's own (sources noted);
 * findings, facts and account details are our own synthetic data, worded through the test message table below.
 */
import { readFileSync } from 'node:fs';
import type { Diagnosis, FailureEvent, Finding, Messages } from '../../lambdas/model/types.ts';

const EVENTS = '/work/shared/aws-reference/events';
const readEvent = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(`${EVENTS}/${name}`, 'utf8')) as Record<string, unknown>;

/** Test-only messages for the fake checks below (keys `test-*`), in both languages. */
export const TEST_MESSAGES: Messages = {
  en: {
    'test-vault-exists.title': 'Backup vault {vault} does not exist',
    'test-vault-exists.detail': 'AWS Backup writes recovery points into the vault named by the backup rule; that vault was deleted or never created in {region}.',
    'test-vault-exists.fix': 'Create the vault again, or point the backup rule at an existing vault.',
    'test-role-trust.pass': 'Role {role} can be assumed by backup.amazonaws.com',
    'test-key-policy.title': 'Could not check whether key {key} lets role {role} use it',
    'test-hostile.title': 'Finding {n}: {text}',
    'test-next.rerun': 'AWS Backup does not retry a failed job. Once the vault exists, start the backup again:',
    'fact.vaultName': 'Vault name',
  },
  ja: {
    'test-vault-exists.title': 'バックアップボールト {vault} が存在しません',
    'test-vault-exists.detail': 'AWS Backup はバックアップルールで指定されたボールトに復旧ポイントを書き込みます。そのボールトは {region} で削除されたか、作成されていません。',
    'test-vault-exists.fix': 'ボールトを作成し直すか、バックアップルールの保存先を既存のボールトに変更してください。',
    'test-role-trust.pass': 'ロール {role} は backup.amazonaws.com から引き受けることができます',
    'test-key-policy.title': 'キー {key} をロール {role} が使用できるかどうかを確認できませんでした',
    'test-hostile.title': '項目 {n}: {text}',
    'test-next.rerun': 'AWS Backup は失敗したジョブを再試行しません。ボールトを作成したら、次のコマンドでバックアップを開始してください:',
    'fact.vaultName': 'ボールト名',
  },
};

const baseClassification = {
  category: 'unknown' as const,
  ruleId: 'unknown',
  confidence: 0,
  suspects: [],
};

// Source: AWS Backup Developer Guide, EventBridge "Backup Job State Change" FAILED example
// (/work/shared/aws-reference/events/backup-job-failed.json).
const failedRaw = readEvent('backup-job-failed.json');
const failedDetail = failedRaw['detail'] as Record<string, string>;
const vaultName = '9ab3e749-82c6-4342-9320-5edbf4918b86';

const failedEvent: FailureEvent = {
  kind: 'backup-job',
  origin: 'eventbridge',
  id: '34176239-e96d-4e1d-9fad-529dbb3c3556',
  eventId: '710b0398-d48e-f3c3-afca-cfeb2fdaa656',
  jobId: '34176239-e96d-4e1d-9fad-529dbb3c3556',
  account: '1112233445566',
  region: 'us-west-2',
  time: '2020-07-29T20:15:26Z',
  state: 'FAILED',
  statusMessage: (failedDetail['statusMessage'] ?? '').replace(/^"|"$/g, ''),
  resourceArn: 'arn:aws:service:us-west-2:1112233445566:resource-type/resource-id',
  resourceType: 'type',
  roleArn: 'arn:aws:iam::1112233445566:role/MockRCBackupTestRole',
  vaultArn: `arn:aws:backup:us-west-2:1112233445566:backup-vault:${vaultName}`,
  vaultName,
  creationDate: '2020-07-29T20:13:07.392Z',
  startBy: '2020-07-30T04:13:07.392Z',
  raw: failedRaw,
};

/** The exact CLI command of the fix: tests assert that it survives every format unbroken. */
export const FIX_COMMAND = `aws backup create-backup-vault --backup-vault-name ${vaultName} --region us-west-2`;
export const NEXT_COMMAND =
  'aws backup start-backup-job --backup-vault-name 9ab3e749-82c6-4342-9320-5edbf4918b86 --resource-arn arn:aws:service:us-west-2:1112233445566:resource-type/resource-id --iam-role-arn arn:aws:iam::1112233445566:role/MockRCBackupTestRole --region us-west-2';

/** A failure whose cause one check found, with evidence, a fix and a next step. */
export const failWithFix: Diagnosis = {
  event: failedEvent,
  classification: { ...baseClassification, category: 'resource-not-found', ruleId: 'backup-vault-missing', confidence: 0.9 },
  category: 'resource-not-found',
  headline: { key: 'test-vault-exists.title', params: { vault: vaultName } },
  findings: [
    {
      checkId: 'test-vault-exists',
      category: 'resource-not-found',
      verdict: 'fail',
      title: { key: 'test-vault-exists.title', params: { vault: vaultName } },
      detail: { key: 'test-vault-exists.detail', params: { region: 'us-west-2' } },
      facts: [
        { name: 'vaultName', value: vaultName },
        { name: 'region', value: 'us-west-2' },
      ],
      fix: {
        summary: { key: 'test-vault-exists.fix' },
        command: FIX_COMMAND,
        docs: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault.html',
      },
      confidence: 0.95,
    },
    {
      checkId: 'test-role-trust',
      category: 'iam-trust',
      verdict: 'pass',
      title: { key: 'test-role-trust.pass', params: { role: 'MockRCBackupTestRole' } },
      facts: [],
    },
    {
      checkId: 'test-ecs-role',
      category: 'iam-trust',
      verdict: 'not-applicable',
      title: { key: 'common.notApplicableKind', params: { kind: 'backup-job' } },
      facts: [],
    },
  ],
  nextSteps: [{ text: { key: 'test-next.rerun' }, command: NEXT_COMMAND }],
  fingerprint: `1112233445566|us-west-2|resource-not-found|test-vault-exists|${vaultName}`,
  gaps: [],
  generatedAt: '2026-11-22T05:03:00.000Z',
};

// Source: AWS Backup Developer Guide, EventBridge "Copy Job State Change" FAILED example
// (/work/shared/aws-reference/events/copy-job-failed.json).
const copyRaw = readEvent('copy-job-failed.json');
const keyArn = 'arn:aws:kms:us-west-2:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** A failure that could not be explained because evidence could not be read, plus a check that threw. */
export const inconclusiveWithGaps: Diagnosis = {
  event: {
    kind: 'copy-job',
    origin: 'eventbridge',
    id: '47C8EF56-74D8-059D-1301-C5BE1D5C926E',
    jobId: '47C8EF56-74D8-059D-1301-C5BE1D5C926E',
    account: '1112233445566',
    region: 'us-west-2',
    time: '2020-07-15T20:37:34Z',
    state: 'FAILED',
    statusMessage: 'Access denied exception while trying to list tags',
    resourceArn: 'arn:aws:ec2:us-west-2:1112233445566:instance/i-0515aee7de03f58e1',
    resourceType: 'EC2',
    roleArn: 'arn:aws:iam::1112233445566:role/RoleForEc2BackupWithNoDescribeTagsPermissions',
    sourceVaultArn: 'arn:aws:backup:us-west-2:1112233445566:backup-vault:55aa945e-c46a-421b-aa27-f94b074e31b7',
    destinationVaultArn: 'arn:aws:backup:us-west-2:1112233445566:backup-vault:55aa945e-c46a-421b-aa27-f94b074e31b7',
    raw: copyRaw,
  },
  classification: { ...baseClassification, category: 'iam-permission', ruleId: 'copy-list-tags-denied', confidence: 0.6 },
  category: 'iam-permission',
  headline: { key: 'common.headline.inconclusive', params: { object: 'arn:aws:ec2:us-west-2:1112233445566:instance/i-0515aee7de03f58e1' } },
  findings: [
    {
      checkId: 'test-key-policy',
      category: 'kms-key-policy',
      verdict: 'inconclusive',
      title: { key: 'test-key-policy.title', params: { key: keyArn, role: 'RoleForEc2BackupWithNoDescribeTagsPermissions' } },
      facts: [{ name: 'keyArn', value: keyArn }],
      missing: [
        { what: `the key policy of ${keyArn}`, subject: keyArn, action: 'kms:GetKeyPolicy', why: 'access-denied', detail: 'AccessDeniedException' },
        { what: `the grants of ${keyArn}`, subject: keyArn, action: 'kms:ListGrants', why: 'cross-account' },
      ],
    },
    {
      checkId: 'test-thrower',
      category: 'iam-permission',
      verdict: 'error',
      title: { key: 'common.checkError', params: { check: 'test-thrower', message: "Cannot read properties of undefined (reading 'Statement')" } },
      facts: [],
    },
  ],
  nextSteps: [],
  fingerprint: '1112233445566|us-west-2|iam-permission||arn:aws:iam::1112233445566:role/RoleForEc2BackupWithNoDescribeTagsPermissions',
  gaps: [{ what: `the key policy of ${keyArn}`, subject: keyArn, action: 'kms:GetKeyPolicy', why: 'access-denied', detail: 'AccessDeniedException' }],
  generatedAt: '2026-11-22T05:03:00.000Z',
};

// Source: the backup-job-failed.json example above, cloned and altered to carry the real status message
// corpus bk-062 ("We are unable to copy resource tags ..."), which no category claims.
const unknownMessage =
  'We are unable to copy resource tags to your backup because source or destination recovery point is unavailable';

/** A failure no rule matched and no check explained. */
export const unknownNoFindings: Diagnosis = {
  event: { ...failedEvent, statusMessage: unknownMessage, raw: { ...failedRaw, detail: { ...failedDetail, statusMessage: `"${unknownMessage}"` } } },
  classification: baseClassification,
  category: 'unknown',
  headline: { key: 'common.headline.unknown', params: { object: failedEvent.resourceArn ?? '' } },
  findings: [],
  nextSteps: [],
  fingerprint: '1112233445566|us-west-2|unknown||arn:aws:service:us-west-2:1112233445566:resource-type/resource-id',
  gaps: [],
  generatedAt: '2026-11-22T05:03:00.000Z',
};

/** Mention and markup injection, as a hostile resource name or status message would carry it. */
export const MENTIONS = ['<!channel>', '<!here>', '<!everyone>', '<@U123>', '<#C123>', '<!subteam^S012AB|@oncall>'];
const hostileText = `${MENTIONS.join(' ')} & <b>bold</b> \`\`\` fence \x1b[31mred\x1b[0m 東京リージョン`;
const longText = `${hostileText} ${'very long message '.repeat(400)}`;
const hugePolicy = JSON.stringify(
  { Version: '2012-10-17', Statement: Array.from({ length: 200 }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Action: 'kms:*', Resource: '*' })) },
  null,
  2,
);

function hostileFinding(n: number): Finding {
  return {
    checkId: `test-hostile-${n}`,
    category: 'iam-permission',
    verdict: 'fail',
    title: { key: 'test-hostile.title', params: { n, text: n === 0 ? longText : hostileText } },
    detail: { key: 'test-hostile.title', params: { n, text: longText } },
    facts: [
      { name: 'policy', value: hugePolicy },
      { name: 'role', value: hostileText },
    ],
    fix: { summary: { key: 'test-hostile.title', params: { n, text: hostileText } }, command: `aws iam get-role --role-name '${hostileText}'`, snippet: hugePolicy },
  };
}

/** Hostile strings everywhere, very long texts, and 60 failing findings. */
export const hostile: Diagnosis = {
  event: {
    ...failedEvent,
    statusMessage: longText,
    resourceArn: `arn:aws:s3:::${hostileText}`,
    vaultName: hostileText,
  },
  classification: baseClassification,
  category: 'iam-permission',
  headline: { key: 'test-hostile.title', params: { n: 0, text: longText } },
  findings: [
    ...Array.from({ length: 60 }, (_, n) => hostileFinding(n)),
    {
      checkId: 'test-hostile-gap',
      category: 'kms-key-policy',
      verdict: 'inconclusive',
      title: { key: 'test-hostile.title', params: { n: 61, text: hostileText } },
      facts: [],
      missing: [{ what: hostileText, why: 'access-denied', action: 'kms:GetKeyPolicy', detail: longText }],
    },
  ],
  nextSteps: [{ text: { key: 'test-hostile.title', params: { n: 62, text: hostileText } }, command: `echo '${hostileText}'` }],
  fingerprint: `1112233445566|us-west-2|iam-permission|test-hostile-0|${hostileText}`,
  gaps: [],
  generatedAt: '2026-11-22T05:03:00.000Z',
};
