/**
 * Publishes a diagnosis to the SNS topic at most once per delivery key (docs/delivery.md). The topic fans it out to
 * email, the Slack queue and AWS Chatbot, each in its own format.
 */
import { PublishCommand, type PublishCommandInput, type SNSClient } from '@aws-sdk/client-sns';
import type { Diagnosis, Lang } from '../model/types.ts';
import { deliveryKey } from './delivery-key.ts';
import { type ClaimResult, type IdempotencyStore, publishKey } from './idempotency.ts';
import { buildSnsPublish, type RenderedDiagnosis } from './sns-message.ts';

/** The output formats the publisher needs from the report layer. */
export type PublishFormat = 'slack' | 'chatbot';

/** The report layer's renderers, injected so that the publisher stays independent of their implementation. */
export interface Renderers {
  render(diagnosis: Diagnosis, opts: { format: PublishFormat; lang: Lang }): string;
  emailMessage(diagnosis: Diagnosis, lang: Lang): { subject: string; body: string };
}

/**
 * What publishing needs: the SNS client, the idempotency store, the topic, the language and the clock's value.
 * The SNS client must not retry by itself (`maxAttempts: 1`): after a 5xx or a timeout the message may have been
 * accepted, and a retry would send it twice.
 */
export interface PublishContext {
  readonly sns: SNSClient;
  readonly store: IdempotencyStore;
  readonly topicArn: string;
  readonly lang: Lang;
  readonly now: Date;
  readonly renderers: Renderers;
}

/** Renders the three forms a diagnosis is published in. */
export function renderForPublish(diagnosis: Diagnosis, lang: Lang, renderers: Renderers): RenderedDiagnosis {
  return {
    email: renderers.emailMessage(diagnosis, lang),
    slack: renderers.render(diagnosis, { format: 'slack', lang }),
    chatbot: renderers.render(diagnosis, { format: 'chatbot', lang }),
  };
}

/** Publishes a prepared message once under `key`; returns which happened. */
export async function publishOnce(key: string, input: PublishCommandInput, ctx: PublishContext): Promise<ClaimResult> {
  return ctx.store.once(key, ctx.now, async () => {
    await ctx.sns.send(new PublishCommand(input));
  });
}

/** Publishes one diagnosis unless its key `publish#<delivery key>` was already claimed; returns which happened. */
export async function publishDiagnosis(diagnosis: Diagnosis, ctx: PublishContext): Promise<ClaimResult> {
  const input = buildSnsPublish(ctx.topicArn, diagnosis, renderForPublish(diagnosis, ctx.lang, ctx.renderers));
  return publishOnce(publishKey(deliveryKey(diagnosis.event)), input, ctx);
}
