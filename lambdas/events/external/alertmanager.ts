/**
 * Alertmanager-format webhooks, as Alibaba Cloud ARMS (and Prometheus Alertmanager) POST them. Only alerts
 * whose labels place them in a backup component's namespace are read; the rest are refused with the alert's
 * name, so that a monitoring alert wired to the wrong receiver says so in one line.
 * @see https://prometheus.io/docs/alerting/latest/configuration/#webhook_config
 */
import { parsed, rejected, type Parsed } from '../parsed.ts';
import { field, isRecord, quoted, text, time, type Rec } from '../values.ts';
import { bounded, type Delivery, externalEvent, stableId } from './common.ts';

const NAMESPACES: Readonly<Record<string, 'aks' | 'ack'>> = { csdr: 'ack', 'dataprotection-microsoft': 'aks' };

/** True for an Alertmanager webhook body: an `alerts` array and a `receiver` or `status`. */
export function isAlertmanager(input: Rec): boolean {
  return Array.isArray(field(input, 'alerts')) && (typeof field(input, 'receiver') === 'string' || typeof field(input, 'status') === 'string');
}

/** Parses the first alert of the body that is about a backup component; refuses the body when none is. */
export function parseAlertmanager(input: Rec, delivery?: Delivery): Parsed {
  const alerts = (field(input, 'alerts') as unknown[]).filter(isRecord).slice(0, 100);
  for (const alert of alerts) {
    const labels = field(alert, 'labels');
    const ns = text(field(labels, 'namespace'))?.toLowerCase();
    const source = ns === undefined ? undefined : NAMESPACES[ns];
    if (source === undefined) continue;
    const annotations = field(alert, 'annotations');
    const name = bounded(field(labels, 'alertname'), 256);
    const message = bounded(field(annotations, 'message')) ?? bounded(field(annotations, 'summary')) ?? bounded(field(annotations, 'description'));
    const resource = bounded(field(labels, 'pod_name'), 253) ?? bounded(field(labels, 'pod'), 253) ?? name;
    return parsed(
      externalEvent({
        id: `alertmanager:${bounded(field(alert, 'fingerprint'), 128) ?? stableId(alert)}`,
        delivery,
        state: text(field(alert, 'status')) === 'resolved' ? 'COMPLETED' : 'FAILED',
        time: time(field(alert, 'startsAt')),
        statusMessage: [name, message].filter(Boolean).join(': ') || undefined,
        facts: {
          cloud: source === 'ack' ? 'alibaba' : 'azure',
          format: 'generic',
          source,
          resource: resource ? `${ns}/${resource}` : ns,
          cluster: bounded(field(labels, 'clustername'), 256) ?? bounded(field(labels, 'cluster'), 256),
          alertRule: name,
          namespace: ns,
        },
        raw: input,
      }),
    );
  }
  const first = alerts[0];
  const name = text(field(field(first, 'labels'), 'alertname')) ?? '?';
  const ns = text(field(field(first, 'labels'), 'namespace')) ?? '?';
  return rejected(`Alertmanager alert ${quoted(name)} (namespace ${quoted(ns)}) is not about a backup component: nothing to diagnose`);
}
