/**
 * What a diagnosis says about the account it read, in an organization deployment: the member account and the role
 * assumed there, or, when the account refused the role, that and the exact command that deploys it. Pure.
 */
import { shellArg } from '../model/shell.ts';
import type { AccountAccess, Diagnosis, Messages, NextStep } from '../model/types.ts';

/** The id under which an account that refused the role is grouped: one alert per account, not one per job. */
export const REFUSED_CHECK_ID = 'organization-inspection-role';


/**
 * The command that adds stack instances for one account to the StackSet. Service-managed StackSets target OUs;
 * INTERSECTION narrows the OU to this one account. The OU id cannot be known from the event.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html
 */
export function deployCommand(access: AccountAccess, eventRegion: string | undefined): string {
  const regions = [...new Set([access.roleRegion, eventRegion].filter((r): r is string => r !== undefined && r !== ''))];
  return [
    'aws cloudformation create-stack-instances',
    `--stack-set-name ${shellArg(access.stackSetName ?? 'backup-doctor-member')}`,
    `--deployment-targets OrganizationalUnitIds=<ou-id>,Accounts=${shellArg(access.account)},AccountFilterType=INTERSECTION`,
    `--regions ${regions.length > 0 ? regions.map(shellArg).join(' ') : '<region>'}`,
  ].join(' ');
}

/** The diagnosis with what was read where: a refused account gets its own headline and the deployment step. */
export function withAccountAccess(diagnosis: Diagnosis, access: AccountAccess): Diagnosis {
  if (access.outcome !== 'refused') return { ...diagnosis, readAs: access };
  const { event } = diagnosis;
  const params = { account: access.account, role: access.roleArn, stackSet: access.stackSetName ?? 'backup-doctor-member' };
  const step: NextStep = { text: { key: 'organization.next.deploy', params }, command: deployCommand(access, event.region) };
  return {
    ...diagnosis,
    readAs: access,
    headline: { key: 'organization.headline.refused', params },
    nextSteps: [step, ...diagnosis.nextSteps],
    fingerprint: [access.account, event.region ?? '', diagnosis.category, REFUSED_CHECK_ID, access.roleArn].join('|'),
  };
}

/** The texts of organization deployments. */
export const organizationMessages: Messages = {
  en: {
    'organization.headline.refused':
      'Account {account} could not be read: its inspection role {role} could not be assumed. Deploy the StackSet {stackSet} to this account',
    'organization.next.deploy':
      'Add a stack instance of {stackSet} for account {account}, then check that its inspection role trusts this diagnoser (run from the management account, or add --call-as DELEGATED_ADMIN)',
    'organization.readAs': 'Read in',
    'organization.readAs.value': 'account {account} through {role}',
  },
  ja: {
    'organization.headline.refused':
      'アカウント {account} を読み取れませんでした。調査用ロール {role} を引き受けられません。このアカウントに StackSet {stackSet} をデプロイしてください',
    'organization.next.deploy':
      'アカウント {account} 用に {stackSet} のスタックインスタンスを追加し、調査用ロールがこの診断機能を信頼していることを確認してください（管理アカウントから実行するか、--call-as DELEGATED_ADMIN を付けてください）',
    'organization.readAs': '読み取り先',
    'organization.readAs.value': 'アカウント {account}（{role} を使用）',
  },
};
