/**
 * Payloads from outside AWS, as the signed webhook receives them: Azure Monitor alerts (common alert schema),
 * Kubernetes events (kubernetes-event-exporter, kube-eventer), Alertmanager-format alerts (ARMS) and the documented generic JSON. Each gives the
 * same FailureEvent the AWS paths give, with kind `external` and the source cloud recorded.
 */
import type { Parsed } from '../parsed.ts';
import { isRecord, type Rec } from '../values.ts';
import { isAlertmanager, parseAlertmanager } from './alertmanager.ts';
import { isAzureMonitorAlert, parseAzureMonitorAlert } from './azure-monitor.ts';
import { type Delivery, deliveryOf } from './common.ts';
import { isGeneric, parseGeneric } from './generic.ts';
import { isExporterEvent, isKubeEventerBody, parseExporterEvent, parseKubeEventerBody } from './kubernetes.ts';

export { DELIVERY_KEY, type Delivery } from './common.ts';

/** Parses an external payload (or the webhook's envelope around one); undefined when the input is none of them. */
export function parseExternal(input: Rec): Parsed | undefined {
  const envelope = deliveryOf(input);
  if (envelope) {
    if (!isRecord(envelope.payload)) return { ok: false, error: 'webhook delivery: the payload is not a JSON object' };
    return parseExternalPayload(envelope.payload, envelope.delivery) ?? { ok: false, error: 'webhook delivery: the payload is none of the supported forms (Azure Monitor common alert schema, kubernetes-event-exporter, kube-eventer, generic {"source","text"})' };
  }
  return parseExternalPayload(input);
}

function parseExternalPayload(input: Rec, delivery?: Delivery): Parsed | undefined {
  if (isAzureMonitorAlert(input)) return parseAzureMonitorAlert(input, delivery);
  if (isExporterEvent(input)) return parseExporterEvent(input, delivery);
  if (isKubeEventerBody(input)) return parseKubeEventerBody(input, delivery);
  if (isAlertmanager(input)) return parseAlertmanager(input, delivery);
  if (isGeneric(input)) return parseGeneric(input, delivery);
  return undefined;
}
