/**
 * Is a copy to another account's vault allowed: cross-account backup on in the organization, a destination vault
 * policy that lets the source account copy in, and keys that can be shared?
 */
import { cliCommand } from '../../model/shell.ts';
import type { Check, CheckContext, Evidence, Finding, Fix, Gap, PolicyDocument, PolicyStatement, Text, VaultFacts } from '../../model/types.ts';
import { evaluateResourcePolicy } from '../../policy/index.ts';
import { gapsFor, keyOf } from '../support/lookup.ts';
import { arnAccount, arnRegion, vaultNameFromArn } from '../../model/arn.ts';
import { facts, fail, inconclusive, msg, notApplicable, pass, pretty } from '../support/finding.ts';
import { vaultLookup } from '../support/backup-common.ts';
import { factMessages } from '../../model/fact-labels.ts';

const DOCS = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html';
const META = { id: 'copy-cross-account-settings', category: 'cross-account-copy' } as const;
const FACTS = factMessages([
  'copySourceAccount', 'copyDestinationAccount', 'crossAccountBackupEnabled', 'destinationVaultPolicy',
  'destinationVaultKey', 'sourceVaultKey', 'resourceKey',
]);
const COPY_ACTION = 'backup:CopyIntoBackupVault';
/**
 * Resource types whose backups inherit the source's encryption (not fully managed by AWS Backup): their
 * recovery points cannot be copied to another account from or into a vault under the AWS managed key.
 */
const NOT_FULLY_MANAGED = new Set(['EBS', 'EC2', 'RDS', 'Aurora', 'DocumentDB', 'Neptune', 'FSx', 'Storage Gateway', 'Redshift']);
/** Types whose snapshots AWS cannot share when they use the AWS managed EBS key. */
const SNAPSHOT_TYPES = new Set(['EBS', 'EC2']);

/** What a vault access policy says about the source account copying in. */
export type VaultPolicyVerdict = 'allows' | 'denies' | 'silent' | 'unknown';

function list<T>(v: T | readonly T[] | undefined): readonly T[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? (v as readonly T[]) : [v as T];
}

/**
 * Judges a vault access policy for backup:CopyIntoBackupVault by the source account (its root principal) with
 * the project's policy evaluator; anything it cannot decide (conditions, unknown keys) is `unknown`.
 */
export function vaultPolicyVerdict(doc: PolicyDocument, sourceAccount: string, vaultArn: string): VaultPolicyVerdict {
  const result = evaluateResourcePolicy(
    doc,
    { action: COPY_ACTION, resource: vaultArn, principal: `arn:aws:iam::${sourceAccount}:root` },
    arnAccount(vaultArn),
  );
  if (result.decision === 'allowed') return 'allows';
  if (result.decision === 'explicit-deny') return 'denies';
  if (result.decision === 'implicit-deny') return 'silent';
  return 'unknown';
}

function isAwsManagedKey(evidence: Evidence, keyArn: string | undefined): boolean | undefined {
  if (!keyArn) return undefined;
  if (keyArn.endsWith(':alias/aws/backup') || keyArn.endsWith(':alias/aws/ebs')) return true;
  const key = keyOf(evidence, keyArn);
  if (!key) return undefined;
  return key.manager === 'AWS' || (key.aliases ?? []).some((a) => a.startsWith('alias/aws/'));
}

type Problem =
  | { kind: 'orgDisabled' }
  | { kind: 'policyMissing' | 'policySilent' | 'policyDenies'; vault: VaultFacts }
  | { kind: 'vaultAwsKey'; vault: VaultFacts; role: 'destination' | 'source' }
  | { kind: 'resourceAwsKey'; keyArn: string };

function policyStatement(sourceAccount: string): PolicyStatement {
  return {
    Sid: 'AllowCopyFromSourceAccount',
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${sourceAccount}:root` },
    Action: COPY_ACTION,
    Resource: '*',
  };
}

/**
 * A copy into another account's vault needs cross-account backup enabled for the organization, a destination
 * vault policy allowing backup:CopyIntoBackupVault, and keys other than the AWS managed ones for the resource
 * types that AWS Backup does not fully manage.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html
 */
export const copyCrossAccountSettings: Check = {
  ...META,
  appliesTo: ['copy-job'],
  docs: DOCS,
  messages: {
    en: {
      'copy-cross-account-settings.title.orgDisabled':
        'Cross-account backup is not enabled for the organization, so the copy to account {destAccount} cannot run',
      'copy-cross-account-settings.title.policyMissing':
        'Destination vault {vault} in account {destAccount} has no access policy allowing account {sourceAccount} to copy in',
      'copy-cross-account-settings.title.policySilent':
        'The access policy of destination vault {vault} does not allow account {sourceAccount} to copy in',
      'copy-cross-account-settings.title.policyDenies':
        'The access policy of destination vault {vault} denies backup:CopyIntoBackupVault to account {sourceAccount}',
      'copy-cross-account-settings.title.vaultAwsKey':
        'The {role} vault {vault} is encrypted with the AWS managed key, so {resourceType} backups cannot be copied to another account',
      'copy-cross-account-settings.title.resourceAwsKey':
        'The {resourceType} resource is encrypted with the AWS managed key {key}, whose snapshots cannot be shared with account {destAccount}',
      'copy-cross-account-settings.detail':
        'A copy from account {sourceAccount} to account {destAccount} needs: cross-account backup enabled in the organization\'s management account; a destination vault access policy that allows backup:CopyIntoBackupVault for the source account; and, for resource types that AWS Backup does not fully manage (such as EBS, EC2 and RDS), customer managed KMS keys, because resources and vaults under AWS managed keys cannot be shared.',
      'copy-cross-account-settings.fix.orgDisabled':
        'In the organization\'s management account, enable cross-account backup:',
      'copy-cross-account-settings.fix.policyMissing':
        'In account {destAccount}, give vault {vault} an access policy that lets account {sourceAccount} copy in:',
      'copy-cross-account-settings.fix.policySilent':
        'In account {destAccount}, add the statement below to the access policy of vault {vault} (the command writes the current policy plus that statement):',
      'copy-cross-account-settings.fix.policyDenies':
        'In account {destAccount}, remove or narrow the Deny statement for backup:CopyIntoBackupVault in the access policy of vault {vault}; the statement below is what the source account needs.',
      'copy-cross-account-settings.fix.vaultAwsKey':
        'A vault\'s key cannot be changed. Create a vault encrypted with a customer managed key that the other account may use, and copy through it (update the rule\'s target or copy action).',
      'copy-cross-account-settings.fix.resourceAwsKey':
        'Re-encrypt the resource with a customer managed key shared with account {destAccount}, for example by copying its snapshot with that key, and back up the re-encrypted resource.',
      'copy-cross-account-settings.pass': 'The organization, the destination vault policy and the keys allow this cross-account copy',
      'copy-cross-account-settings.inconclusive': 'Could not check every setting that a copy to account {destAccount} needs',
      'copy-cross-account-settings.notApplicable': 'The copy stays in account {sourceAccount}',
      ...FACTS.en,
    },
    ja: {
      'copy-cross-account-settings.title.orgDisabled':
        '組織でクロスアカウントバックアップが有効になっていないため、アカウント {destAccount} へのコピーを実行できません',
      'copy-cross-account-settings.title.policyMissing':
        'アカウント {destAccount} のコピー先ボールト {vault} に、アカウント {sourceAccount} からのコピーを許可するアクセスポリシーがありません',
      'copy-cross-account-settings.title.policySilent':
        'コピー先ボールト {vault} のアクセスポリシーが、アカウント {sourceAccount} からのコピーを許可していません',
      'copy-cross-account-settings.title.policyDenies':
        'コピー先ボールト {vault} のアクセスポリシーが、アカウント {sourceAccount} の backup:CopyIntoBackupVault を拒否しています',
      'copy-cross-account-settings.title.vaultAwsKey':
        '{role} 側のボールト {vault} が AWS マネージドキーで暗号化されているため、{resourceType} のバックアップを別のアカウントにコピーできません',
      'copy-cross-account-settings.title.resourceAwsKey':
        '{resourceType} リソースが AWS マネージドキー {key} で暗号化されており、そのスナップショットはアカウント {destAccount} と共有できません',
      'copy-cross-account-settings.detail':
        'アカウント {sourceAccount} からアカウント {destAccount} へのコピーには、次の 3 点が必要です。組織の管理アカウントでクロスアカウントバックアップが有効になっていること、コピー先ボールトのアクセスポリシーでコピー元アカウントに backup:CopyIntoBackupVault が許可されていること、そして AWS Backup が完全には管理しないリソースタイプ（EBS、EC2、RDS など）ではカスタマーマネージド KMS キーを使っていることです。AWS マネージドキーで暗号化されたリソースやボールトは共有できません。',
      'copy-cross-account-settings.fix.orgDisabled': '組織の管理アカウントで、クロスアカウントバックアップを有効にしてください。',
      'copy-cross-account-settings.fix.policyMissing':
        'アカウント {destAccount} で、アカウント {sourceAccount} からのコピーを許可するアクセスポリシーをボールト {vault} に設定してください。',
      'copy-cross-account-settings.fix.policySilent':
        'アカウント {destAccount} で、ボールト {vault} のアクセスポリシーに下記のステートメントを追加してください（コマンドは現在のポリシーにそのステートメントを加えたものを書き込みます）。',
      'copy-cross-account-settings.fix.policyDenies':
        'アカウント {destAccount} で、ボールト {vault} のアクセスポリシーにある backup:CopyIntoBackupVault の Deny ステートメントを削除するか範囲を狭めてください。コピー元アカウントに必要なのは下記のステートメントです。',
      'copy-cross-account-settings.fix.vaultAwsKey':
        'ボールトのキーは後から変更できません。別のアカウントが使えるカスタマーマネージドキーで暗号化したボールトを作成し、そのボールトを経由してコピーしてください（ルールの保存先またはコピーアクションを更新します）。',
      'copy-cross-account-settings.fix.resourceAwsKey':
        'アカウント {destAccount} と共有したカスタマーマネージドキーでリソースを暗号化し直し（たとえばそのキーでスナップショットをコピーします）、暗号化し直したリソースをバックアップしてください。',
      'copy-cross-account-settings.pass': '組織の設定、コピー先ボールトのポリシー、キーのいずれもこのクロスアカウントコピーを許可しています',
      'copy-cross-account-settings.inconclusive': 'アカウント {destAccount} へのコピーに必要な設定をすべては確認できませんでした',
      'copy-cross-account-settings.notApplicable': 'コピーはアカウント {sourceAccount} の中で行われます',
      ...FACTS.ja,
    },
  },
  run(ctx: CheckContext): Finding {
    const { event, evidence } = ctx;
    const destArn = event.destinationVaultArn;
    const sourceAccount = event.account ?? arnAccount(event.sourceVaultArn ?? '');
    const destAccount = destArn ? arnAccount(destArn) : undefined;
    if (!sourceAccount || !destAccount || !destArn) {
      return inconclusive(META, {
        title: msg(META, 'inconclusive', { destAccount: destAccount ?? '?' }),
        missing: [{ what: 'the accounts of the source and destination vaults of the copy job', why: 'not-collected' }],
      });
    }
    if (sourceAccount === destAccount) return notApplicable(META, { title: msg(META, 'notApplicable', { sourceAccount }) });

    const resourceType = event.resourceType ?? evidence.job?.resourceType ?? '';
    const problems: Problem[] = [];
    const unknown: Gap[] = [];

    const orgEnabled = evidence.backupSettings?.crossAccountBackupEnabled;
    if (orgEnabled === false) problems.push({ kind: 'orgDisabled' });
    if (orgEnabled === undefined) {
      const recorded = evidence.gaps.filter((g) => g.action === 'backup:DescribeGlobalSettings');
      unknown.push(...(recorded.length ? recorded : [{ what: 'backup:DescribeGlobalSettings', action: 'backup:DescribeGlobalSettings', why: 'not-collected' as const }]));
    }

    const dest = vaultLookup(evidence, destArn);
    let policyVerdict: VaultPolicyVerdict | 'none' | undefined;
    if (!dest.vault) {
      unknown.push(...dest.missing);
    } else if (dest.vault.exists) {
      const vault = dest.vault;
      if (vault.accessPolicy) {
        policyVerdict = vaultPolicyVerdict(vault.accessPolicy, sourceAccount, vault.arn ?? destArn);
      } else {
        const policyGaps = [...gapsFor(evidence, destArn, 'backup:GetBackupVaultAccessPolicy'), ...gapsFor(evidence, vault.name, 'backup:GetBackupVaultAccessPolicy')];
        if (policyGaps.some((g) => g.why === 'not-found')) policyVerdict = 'none';
        else unknown.push(...(policyGaps.length ? policyGaps : [{ what: `backup:GetBackupVaultAccessPolicy ${vault.name}`, subject: destArn, action: 'backup:GetBackupVaultAccessPolicy', why: 'not-collected' as const }]));
      }
      if (policyVerdict === 'none') problems.push({ kind: 'policyMissing', vault });
      if (policyVerdict === 'silent') problems.push({ kind: 'policySilent', vault });
      if (policyVerdict === 'denies') problems.push({ kind: 'policyDenies', vault });
      if (policyVerdict === 'unknown') {
        unknown.push({ what: `whether the access policy of vault ${vault.name} lets account ${sourceAccount} copy in (conditions or narrow principals)`, subject: destArn, why: 'not-collected' });
      }
    }

    const source = event.sourceVaultArn ? vaultLookup(evidence, event.sourceVaultArn).vault : undefined;
    const keyChecks: { role: 'destination' | 'source'; vault: VaultFacts | undefined }[] = [
      { role: 'destination', vault: dest.vault },
      { role: 'source', vault: source },
    ];
    if (NOT_FULLY_MANAGED.has(resourceType)) {
      for (const { role, vault } of keyChecks) {
        if (!vault?.exists) continue;
        const awsKey = isAwsManagedKey(evidence, vault.encryptionKeyArn);
        if (awsKey === true) problems.push({ kind: 'vaultAwsKey', vault, role });
        if (awsKey === undefined && vault.encryptionKeyArn) {
          unknown.push(...gapsFor(evidence, vault.encryptionKeyArn));
        }
      }
    }
    const resourceArn = event.resourceArn ?? evidence.job?.resourceArn;
    const resourceKey = resourceArn ? evidence.resources?.[resourceArn]?.encryptionKeyArn : undefined;
    if (SNAPSHOT_TYPES.has(resourceType) && resourceKey && isAwsManagedKey(evidence, resourceKey) === true) {
      problems.push({ kind: 'resourceAwsKey', keyArn: resourceKey });
    }

    const factList = facts({
      copySourceAccount: sourceAccount,
      copyDestinationAccount: destAccount,
      crossAccountBackupEnabled: orgEnabled,
      destinationVaultPolicy: policyVerdict,
      destinationVaultKey: dest.vault?.encryptionKeyArn,
      sourceVaultKey: source?.encryptionKeyArn,
      resourceKey,
    });
    const first = problems[0];
    if (first) {
      const destName = vaultNameFromArn(destArn) ?? destArn;
      const params = {
        sourceAccount,
        destAccount,
        vault: 'vault' in first ? first.vault.name : destName,
        role: first.kind === 'vaultAwsKey' ? first.role : '',
        resourceType,
        key: first.kind === 'resourceAwsKey' ? first.keyArn : '',
      };
      return fail(META, {
        title: msg(META, `title.${first.kind}`, params),
        detail: msg(META, 'detail', params),
        facts: factList,
        fix: fixFor(first, msg(META, `fix.${first.kind}`, params), { sourceAccount, destArn, region: event.region }),
        confidence: first.kind === 'orgDisabled' || first.kind.startsWith('policy') ? 0.9 : 0.8,
        subject: first.kind === 'orgDisabled' ? `organization:${sourceAccount}` : 'vault' in first ? (first.vault.arn ?? first.vault.name) : first.keyArn,
      });
    }
    if (unknown.length) {
      return inconclusive(META, { title: msg(META, 'inconclusive', { destAccount }), facts: factList, missing: unknown });
    }
    return pass(META, { title: msg(META, 'pass'), facts: factList });
  },
};

function fixFor(p: Problem, summary: Text, c: { sourceAccount: string; destArn: string; region?: string }): Fix {
  const destRegion = arnRegion(c.destArn);
  if (p.kind === 'orgDisabled') {
    return {
      summary,
      command: cliCommand('aws backup update-global-settings', [
        ['global-settings', 'isCrossAccountBackupEnabled=true'],
        ['region', c.region],
      ]),
      docs: DOCS,
    };
  }
  if (p.kind === 'policyMissing' || p.kind === 'policySilent' || p.kind === 'policyDenies') {
    const statement = policyStatement(c.sourceAccount);
    const existing = p.kind === 'policyMissing' ? [] : list(p.vault.accessPolicy?.Statement);
    const policy: PolicyDocument = { Version: '2012-10-17', Statement: [...existing, statement] };
    return {
      summary,
      ...(p.kind === 'policyDenies'
        ? {}
        : {
            command: cliCommand('aws backup put-backup-vault-access-policy', [
              ['backup-vault-name', p.vault.name],
              ['policy', JSON.stringify(policy)],
              ['region', destRegion],
            ]),
          }),
      snippet: pretty(p.kind === 'policyDenies' ? statement : policy),
      docs: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault-access-policy.html',
    };
  }
  if (p.kind === 'vaultAwsKey') {
    return {
      summary,
      command: cliCommand('aws backup create-backup-vault', [
        ['backup-vault-name', '<new-vault-name>'],
        ['encryption-key-arn', '<customer-managed-key-arn>'],
        ['region', arnRegion(p.vault.arn ?? '') ?? (p.role === 'destination' ? destRegion : c.region)],
      ]),
      docs: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html',
    };
  }
  return {
    summary,
    command: cliCommand('aws ec2 copy-snapshot', [
      ['source-region', c.region ?? '<region>'],
      ['source-snapshot-id', '<snapshot-id>'],
      ['encrypted', ''],
      ['kms-key-id', '<customer-managed-key-arn>'],
      ['region', c.region],
    ]),
    docs: 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-copy-snapshot.html',
  };
}
