/** The backup checks, in the order they are listed in reports when they tie. */
import type { Check } from '../../model/types.ts';
import { completionWindow } from './backup-completion-window.ts';
import { copyCrossAccountSettings } from './copy-cross-account-settings.ts';
import { retentionOutsideVaultLock } from './backup-retention-outside-vault-lock.ts';
import { s3Versioning } from './s3-versioning.ts';
import { startWindow } from './backup-start-window.ts';
import { vaultMissing } from './backup-vault-missing.ts';
import { vmwareDiskMode } from './vmware-disk-mode.ts';
import { vmwareDiskSize } from './vmware-disk-size.ts';
import { vmwareGatewayConnectivity } from './vmware-gateway-connectivity.ts';

/** AWS Backup checks other than IAM and KMS: vault, windows, VMware, S3 and cross-account copy. */
export const backupChecks: readonly Check[] = [
  vaultMissing,
  retentionOutsideVaultLock,
  completionWindow,
  startWindow,
  s3Versioning,
  copyCrossAccountSettings,
  vmwareDiskSize,
  vmwareDiskMode,
  vmwareGatewayConnectivity,
];
