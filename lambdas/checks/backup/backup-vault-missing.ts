/**
 * Does the vault a job writes to (or copies from) exist?
 */
import { cliCommand } from '../../model/shell.ts';
import type { Check, CheckContext, Finding, Gap } from '../../model/types.ts';
import { facts, fail, inconclusive, msg, notApplicable, pass } from '../support/finding.ts';
import { arnAccount, arnRegion, vaultNameFromArn } from '../../model/arn.ts';
import { ruleOf, targetVaultRef, vaultLookup } from '../support/backup-common.ts';
import { factMessages } from '../../model/fact-labels.ts';

const DOCS = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault.html';
const META = { id: 'backup-vault-missing', category: 'resource-not-found' } as const;
const FACTS = factMessages(['vaultRole']);

interface VaultRole {
  readonly ref: string;
  readonly role: 'target' | 'destination' | 'source';
}

function vaultsOf(ctx: CheckContext): VaultRole[] {
  const { event } = ctx;
  if (event.kind === 'copy-job') {
    const out: VaultRole[] = [];
    if (event.destinationVaultArn) out.push({ ref: event.destinationVaultArn, role: 'destination' });
    if (event.sourceVaultArn) out.push({ ref: event.sourceVaultArn, role: 'source' });
    return out;
  }
  const target = targetVaultRef(ctx, ruleOf(ctx).rule);
  return target ? [{ ref: event.vaultArn ?? target, role: 'target' }] : [];
}

type State = { kind: 'exists' } | { kind: 'missing' } | { kind: 'unknown'; missing: readonly Gap[] };

function stateOf(ctx: CheckContext, ref: string): State {
  const { vault, missing } = vaultLookup(ctx.evidence, ref);
  if (vault) return vault.exists ? { kind: 'exists' } : { kind: 'missing' };
  // A collector that got ResourceNotFoundException may record a not-found gap instead of a vault.
  if (missing.some((g) => g.why === 'not-found')) return { kind: 'missing' };
  return { kind: 'unknown', missing };
}

/**
 * A job fails when its target vault, or a copy job's source or destination vault, does not exist.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault.html
 */
export const vaultMissing: Check = {
  ...META,
  appliesTo: ['backup-job', 'copy-job'],
  docs: DOCS,
  messages: {
    en: {
      'backup-vault-missing.title.target': 'Backup vault {vault} does not exist',
      'backup-vault-missing.title.destination': 'Copy destination vault {vault} does not exist',
      'backup-vault-missing.title.source': 'Copy source vault {vault} does not exist',
      'backup-vault-missing.detail':
        'The job needs vault {vault} in account {account}, region {region}, and it was not found there (deleted, misspelled, or created in another account or region).',
      'backup-vault-missing.fix':
        'Create vault {vault} in account {account}, region {region} (add --encryption-key-arn to encrypt it with a customer managed key), or point the backup plan or job at a vault that exists.',
      'backup-vault-missing.pass': 'Every vault the job uses exists',
      'backup-vault-missing.inconclusive': 'Could not check whether vault {vault} exists',
      'backup-vault-missing.notApplicable': 'The job names no vault',
      ...FACTS.en,
    },
    ja: {
      'backup-vault-missing.title.target': 'バックアップボールト {vault} が存在しません',
      'backup-vault-missing.title.destination': 'コピー先ボールト {vault} が存在しません',
      'backup-vault-missing.title.source': 'コピー元ボールト {vault} が存在しません',
      'backup-vault-missing.detail':
        'ジョブにはアカウント {account}、リージョン {region} のボールト {vault} が必要ですが、見つかりませんでした（削除された、名前が誤っている、または別のアカウントやリージョンに作成されている可能性があります）。',
      'backup-vault-missing.fix':
        'アカウント {account}、リージョン {region} にボールト {vault} を作成してください（カスタマーマネージドキーで暗号化する場合は --encryption-key-arn を付けます）。または、バックアッププランやジョブの保存先を既存のボールトに変更してください。',
      'backup-vault-missing.pass': 'ジョブが使うボールトはすべて存在します',
      'backup-vault-missing.inconclusive': 'ボールト {vault} が存在するか確認できませんでした',
      'backup-vault-missing.notApplicable': 'ジョブにボールトが指定されていません',
      ...FACTS.ja,
    },
  },
  run(ctx: CheckContext): Finding {
    const vaults = vaultsOf(ctx);
    if (vaults.length === 0) return notApplicable(META, { title: msg(META, 'notApplicable') });
    const states = vaults.map((v) => ({ ...v, state: stateOf(ctx, v.ref) }));
    const gone = states.find((s) => s.state.kind === 'missing');
    if (gone) {
      const name = vaultNameFromArn(gone.ref) ?? gone.ref;
      const account = arnAccount(gone.ref) ?? ctx.event.account ?? '';
      const region = arnRegion(gone.ref) ?? ctx.event.region;
      const params = { vault: name, account, region: region ?? '' };
      return fail(META, {
        title: msg(META, `title.${gone.role}`, params),
        detail: msg(META, 'detail', params),
        facts: facts({ vault: gone.ref, vaultRole: gone.role }),
        fix: {
          summary: msg(META, 'fix', params),
          command: cliCommand('aws backup create-backup-vault', [
            ['backup-vault-name', name],
            ['region', region],
          ]),
          docs: DOCS,
        },
        confidence: 0.95,
        subject: gone.ref,
      });
    }
    const unknown = states.filter((s) => s.state.kind === 'unknown');
    if (unknown.length) {
      return inconclusive(META, {
        title: msg(META, 'inconclusive', { vault: unknown.map((u) => vaultNameFromArn(u.ref) ?? u.ref).join(', ') }),
        missing: unknown.flatMap((u) => (u.state.kind === 'unknown' ? u.state.missing : [])),
      });
    }
    return pass(META, { title: msg(META, 'pass'), facts: facts({ vault: vaults.map((v) => v.ref).join(', ') }) });
  },
};
