/**
 * Azure Monitor alerts in the common alert schema, as an action group's webhook POSTs them. Azure Backup's
 * job-failure alerts (Backup vaults, which protect AKS clusters, and Recovery Services vaults) carry
 * monitoringService "Azure Backup"; the error code and message sit in `alertContext` (its `properties`,
 * `extendedInfo`, or UserFacingError-shaped `errorDetails`) and in `customProperties`. Other alerts are refused.
 * @see https://learn.microsoft.com/en-us/azure/azure-monitor/alerts/alerts-common-schema
 * @see https://learn.microsoft.com/en-us/azure/backup/backup-azure-monitoring-alerts
 */
import { EXTERNAL_ENTRIES } from '../../catalog/external.ts';
import { parsed, rejected, type Parsed } from '../parsed.ts';
import { field, isRecord, quoted, strings, text, time, type Rec } from '../values.ts';
import { bounded, type Delivery, externalEvent, stableId } from './common.ts';

/** True when the object is a common-alert-schema payload. */
export function isAzureMonitorAlert(input: Rec): boolean {
  return field(input, 'schemaId') === 'azureMonitorCommonAlertSchema' || isRecord(field(field(input, 'data'), 'essentials'));
}

const BACKUP_TARGETS = /\/providers\/microsoft\.(?:dataprotection\/backupvaults|recoveryservices\/vaults)\//i;
const AKS_RESOURCE = /\/providers\/microsoft\.containerservice\/managedclusters\/([^/\s]{1,63})/i;
// Log search alerts over Azure Backup's resource-specific tables.
const BACKUP_TABLES = /\bAddonAzureBackup(?:Jobs|Alerts)\b|\bCoreAzureBackup\b/;
const CODE_KEYS = new Set(['code', 'errorcode', 'jobfailurecode', 'failurecode']);
const MESSAGE_KEYS = new Set(['message', 'errormessage', 'errorstring', 'possiblecauses', 'failuremessage']);
const KNOWN_CODES = EXTERNAL_ENTRIES.flatMap((e) => (e.code ? [e.code] : []));
// How deep and how many values the walk reads: the schema nests at most a few levels.
const MAX_DEPTH = 8;
const MAX_VALUES = 500;

interface Found {
  codes: string[];
  messages: string[];
  all: string[];
}

/** Collects codes, messages and every string under a value, bounded in depth and count. */
function walk(value: unknown, key: string, depth: number, found: Found): void {
  if (depth > MAX_DEPTH || found.all.length >= MAX_VALUES) return;
  const s = bounded(value, 4096);
  if (s !== undefined) {
    found.all.push(s);
    const k = key.toLowerCase();
    if (CODE_KEYS.has(k)) found.codes.push(s);
    else if (MESSAGE_KEYS.has(k)) found.messages.push(s);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value.slice(0, 50)) walk(item, key, depth + 1, found);
  } else if (isRecord(value)) {
    for (const [k, v] of Object.entries(value).slice(0, 100)) walk(v, k, depth + 1, found);
  }
}

/** A catalog code named anywhere in the alert, as a whole word. */
function knownCode(values: readonly string[]): string | undefined {
  for (const code of KNOWN_CODES) {
    const re = new RegExp(`(?:^|[^A-Za-z0-9])${code}(?:$|[^A-Za-z0-9])`, 'i');
    if (values.some((v) => re.test(v))) return code;
  }
  return undefined;
}

/** Parses a common-alert-schema payload; only Azure Backup alerts give an event. */
export function parseAzureMonitorAlert(input: Rec, delivery?: Delivery): Parsed {
  const data = field(input, 'data');
  const essentials = field(data, 'essentials');
  if (!isRecord(essentials)) return rejected('Azure Monitor alert without "data.essentials": not the common alert schema');
  const service = text(field(essentials, 'monitoringService')) ?? '';
  const targets = strings(field(essentials, 'alertTargetIDs'));
  const rule = bounded(field(essentials, 'alertRule'), 256);
  const context = field(data, 'alertContext');
  const found: Found = { codes: [], messages: [], all: [] };
  walk(context, 'alertContext', 0, found);
  walk(field(data, 'customProperties'), 'customProperties', 0, found);
  const known = knownCode(found.all);
  // Azure Backup's own alerts, alerts on a backup vault, and log alerts over the Azure Backup tables or naming a catalog code.
  const isBackup =
    service.toLowerCase() === 'azure backup' ||
    targets.some((t) => BACKUP_TARGETS.test(t)) ||
    known !== undefined ||
    found.all.some((v) => BACKUP_TABLES.test(v));
  if (!isBackup) {
    return rejected(
      `Azure Monitor alert ${quoted(rule ?? '?')} (monitoringService ${quoted(service || '?')}, signalType ${quoted(text(field(essentials, 'signalType')) ?? '?')}) is not an Azure Backup alert: nothing to diagnose`,
    );
  }
  const code = known ?? found.codes[0];
  const description = bounded(field(essentials, 'description'));
  const recommended = bounded(field(field(context, 'extendedInfo'), 'recommendedActions'));
  const statusMessage = [code, ...found.messages, description, recommended ? `Recommended action: ${recommended}` : undefined]
    .filter((t, i, all): t is string => t !== undefined && all.indexOf(t) === i)
    .join(' | ');

  const aksId = [...targets, ...strings(field(essentials, 'configurationItems')), ...found.all]
    .map((v) => /\/subscriptions\/[^/\s]{1,64}\/resourcegroups\/[^/\s]{1,90}\/providers\/microsoft\.containerservice\/managedclusters\/[^/\s]{1,63}/i.exec(v)?.[0])
    .find((v) => v !== undefined);
  const resource =
    aksId ??
    bounded(field(context, 'sourceId'), 1024) ?? bounded(field(context, 'affectedItems'), 1024) ?? bounded(field(context, 'linkedResourceId'), 1024) ?? targets[0];
  const cluster = [resource, ...targets, ...found.all].map((v) => (v ? AKS_RESOURCE.exec(v)?.[1] : undefined)).find((v) => v !== undefined);
  const sourceType = text(field(context, 'sourceType')) ?? text(field(context, 'formattedSourceType')) ?? '';
  const isAks = cluster !== undefined || /kubernetes/i.test(sourceType);
  const monitor = (text(field(essentials, 'monitorCondition')) ?? 'Fired').toLowerCase();

  return parsed(
    externalEvent({
      id: `azure:${bounded(field(essentials, 'alertId'), 512) ?? stableId(input)}`,
      delivery,
      state: monitor === 'resolved' ? 'COMPLETED' : 'FAILED',
      time: time(field(essentials, 'firedDateTime')),
      statusMessage: statusMessage || undefined,
      facts: {
        cloud: 'azure',
        format: 'azure-monitor',
        ...(isAks ? { source: 'aks' as const } : {}),
        code,
        resource,
        cluster,
        alertRule: rule,
        objectKind: sourceType || undefined,
      },
      raw: input,
    }),
  );
}
