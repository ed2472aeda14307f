/**
 * Publishes a diagnosis to the SNS topic exactly once per diagnosis id. The topic fans it out to email, the Slack
 * queue and AWS Chatbot, each in its own format.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Diagnosis, Lang } from '../core/types.ts';
import { type ClaimResult, type IdempotencyStore, publishKey } from './idempotency.ts';
import { buildSnsPublish, type RenderedDiagnosis } from './sns-message.ts';

/** The output formats the publisher needs from the report layer. */
export type PublishFormat = 'slack' | 'chatbot';

/** The report layer's renderers, injected so that the publisher stays independent of their implementation. */
export interface Renderers {
  render(diagnosis: Diagnosis, opts: { format: PublishFormat; lang: Lang }): string;
  emailMessage(diagnosis: Diagnosis, lang: Lang): { subject: string; body: string };
}

/** What publishing needs: the SNS client, the idempotency store, the topic, the language and the clock's value. */
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

/** Publishes one diagnosis unless its key `publish#<id>` was already published; returns which happened. */
export async function publishDiagnosis(diagnosis: Diagnosis, ctx: PublishContext): Promise<ClaimResult> {
  const input = buildSnsPublish(ctx.topicArn, diagnosis, renderForPublish(diagnosis, ctx.lang, ctx.renderers));
  return ctx.store.once(publishKey(diagnosis.event.id), ctx.now, async () => {
    await ctx.sns.send(new PublishCommand(input));
  });
}
