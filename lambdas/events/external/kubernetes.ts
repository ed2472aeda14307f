/**
 * Kubernetes events as two common forwarders POST them: kubernetes-event-exporter (the whole event, with the
 * involved object) and kube-eventer (its default body: EventType, EventKind, EventReason, EventTime,
 * EventMessage). Only events about backups are kept: ACK Backup Center's objects in csdr (applicationbackup,
 * applicationrestore, converttosnapshot, backuplocation), Velero Backup/Restore, and the pods of the backup
 * components; everything else is refused with a one-line reason.
 * @see https://github.com/resmoio/kubernetes-event-exporter
 * @see https://github.com/AliyunContainerService/kube-eventer
 */
import { classifyExternal, type ExternalSource } from '../../catalog/external.ts';
import { parsed, rejected, type Parsed } from '../parsed.ts';
import { field, isRecord, quoted, text, time, type Rec } from '../values.ts';
import { bounded, type Delivery, externalEvent, stableId } from './common.ts';

/** ACK Backup Center's task and vault kinds (API group csdr.alibabacloud.com). */
const ACK_KINDS = new Set(['applicationbackup', 'applicationrestore', 'converttosnapshot', 'backuplocation', 'deleterequest']);
/** Velero's kinds (API group velero.io), which ACK's component runs. */
const VELERO_KINDS = new Set(['backup', 'restore', 'backupstoragelocation']);
/** Namespaces of the backup components: ACK Backup Center, Azure Backup for AKS (both spellings the docs use). */
const ACK_NAMESPACES = new Set(['csdr']);
const AKS_NAMESPACES = new Set(['dataprotection-microsoft', 'dataprotection.microsoft']);
/** Pod name prefixes of backup components that live outside those namespaces. */
const ACK_PODS = /^(?:migrate-controller|hbr-client|csdr-)/;

/** True when the object is a kubernetes-event-exporter event (an involvedObject and a reason or message). */
export function isExporterEvent(input: Rec): boolean {
  return isRecord(field(input, 'involvedObject')) && (typeof field(input, 'reason') === 'string' || typeof field(input, 'message') === 'string');
}

/** True when the object is kube-eventer's default webhook body. */
export function isKubeEventerBody(input: Rec): boolean {
  return typeof field(input, 'EventKind') === 'string' && (typeof field(input, 'EventMessage') === 'string' || typeof field(input, 'EventReason') === 'string');
}

interface K8sEvent {
  readonly format: 'kubernetes-event-exporter' | 'kube-eventer';
  readonly type?: string;
  readonly kind?: string;
  readonly apiVersion?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly reason?: string;
  readonly message?: string;
  readonly time?: string;
  readonly cluster?: string;
  readonly uid?: string;
}

/** Which catalog an event belongs to, or undefined when it is not about a backup at all. */
function catalogOf(e: K8sEvent): ExternalSource | 'both' | undefined {
  const kind = e.kind?.toLowerCase() ?? '';
  const group = e.apiVersion?.split('/')[0]?.toLowerCase() ?? '';
  const ns = e.namespace?.toLowerCase();
  if (group === 'csdr.alibabacloud.com' || (ACK_KINDS.has(kind) && group !== 'velero.io')) return 'ack';
  if (ns !== undefined && ACK_NAMESPACES.has(ns)) return 'ack';
  if (ns !== undefined && AKS_NAMESPACES.has(ns)) return 'aks';
  if (kind === 'pod' && e.name !== undefined && ACK_PODS.test(e.name)) return 'ack';
  if (group === 'velero.io' || (e.format === 'kube-eventer' && VELERO_KINDS.has(kind))) return 'both';
  return undefined;
}

function stateOf(e: K8sEvent): string {
  if ((e.type ?? '').toLowerCase() === 'normal') return 'COMPLETED';
  return /partially/i.test(`${e.reason ?? ''} ${e.message ?? ''}`) ? 'PARTIAL' : 'FAILED';
}

function describe(e: K8sEvent): string {
  const where = [e.namespace, e.name].filter(Boolean).join('/');
  return [e.kind, where].filter(Boolean).join(' ');
}

function toEvent(e: K8sEvent, raw: unknown, delivery?: Delivery): Parsed {
  let catalog = catalogOf(e);
  const statusMessage = [e.reason, e.message].filter(Boolean).join(': ');
  // kube-eventer's default body names no namespace: a text of a backup product's own catalog is enough.
  if (catalog === undefined && e.format === 'kube-eventer' && statusMessage) {
    const c = classifyExternal(`${e.kind ?? ''}: ${statusMessage}`);
    if (c.confidence >= 0.9) catalog = c.ruleId.startsWith('aks-') ? 'aks' : 'ack';
  }
  if (catalog === undefined) {
    const what = describe(e) || 'an object';
    return rejected(`${e.format} event about ${quoted(what)} (reason ${quoted(e.reason ?? '')}) is not about a backup: nothing to diagnose`);
  }
  if (!statusMessage) return rejected(`${e.format} event about ${quoted(describe(e))} has no reason or message: nothing to diagnose`);
  const source = catalog === 'both' ? undefined : catalog;
  return parsed(
    externalEvent({
      id: `k8s:${e.uid ?? stableId(raw)}`,
      delivery,
      state: stateOf(e),
      time: e.time,
      statusMessage,
      facts: {
        cloud: source === 'aks' ? 'azure' : source === 'ack' ? 'alibaba' : 'kubernetes',
        format: e.format,
        ...(source ? { source } : {}),
        resource: describe(e) || undefined,
        cluster: e.cluster,
        objectKind: e.kind,
        namespace: e.namespace,
        reason: e.reason,
      },
      raw,
    }),
  );
}

/** Parses one kubernetes-event-exporter event. */
export function parseExporterEvent(input: Rec, delivery?: Delivery): Parsed {
  const obj = field(input, 'involvedObject');
  const meta = field(input, 'metadata');
  return toEvent(
    {
      format: 'kubernetes-event-exporter',
      type: bounded(field(input, 'type'), 64),
      kind: bounded(field(obj, 'kind'), 128),
      apiVersion: bounded(field(obj, 'apiVersion'), 256),
      namespace: bounded(field(obj, 'namespace'), 253) ?? bounded(field(meta, 'namespace'), 253),
      name: bounded(field(obj, 'name'), 253),
      reason: bounded(field(input, 'reason'), 256),
      message: bounded(field(input, 'message')),
      time: time(field(input, 'lastTimestamp')) ?? time(field(input, 'eventTime')) ?? time(field(meta, 'creationTimestamp')),
      cluster: bounded(field(input, 'clusterName'), 256),
      uid: bounded(field(meta, 'uid'), 128),
    },
    input,
    delivery,
  );
}

/**
 * Parses kube-eventer's body: the default template, optionally extended with EventNamespace, EventObject and
 * EventApiVersion (from .InvolvedObject). A body that still holds its template placeholders is refused.
 */
export function parseKubeEventerBody(input: Rec, delivery?: Delivery): Parsed {
  const values = ['EventType', 'EventKind', 'EventReason', 'EventMessage'].map((k) => text(field(input, k)) ?? '');
  if (values.some((v) => /\{\{[^}]*\}\}/.test(v))) {
    return rejected('kube-eventer body still holds its template placeholders ({{ .Message }} ...): it is the template, not an event');
  }
  return toEvent(
    {
      format: 'kube-eventer',
      type: bounded(field(input, 'EventType'), 64),
      kind: bounded(field(input, 'EventKind'), 128),
      apiVersion: bounded(field(input, 'EventApiVersion'), 256),
      namespace: bounded(field(input, 'EventNamespace'), 253),
      name: bounded(field(input, 'EventObject'), 253),
      reason: bounded(field(input, 'EventReason'), 256),
      message: bounded(field(input, 'EventMessage')),
      time: time(field(input, 'EventTime')),
    },
    input,
    delivery,
  );
}
