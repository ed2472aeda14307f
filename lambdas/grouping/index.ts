/**
 * Grouping by root cause, on the idempotency table (docs/delivery.md, "Grouping"): the first failure of a
 * fingerprint is published in full at once; later ones in the window are counted; the sweep sends one summary
 * when the window has closed; a completed job for a resource of an open group resolves it with one notice.
 *
 * Records: `group#<fingerprint>` (the group), `groups#open` (fingerprint → when its window closes, for the sweep)
 * and `resource#<arn>` (the fingerprints of the groups a resource is in, for resolution).
 */
import type { SNSClient } from '@aws-sdk/client-sns';
import type { Diagnosis, FailureEvent, Lang } from '../model/types.ts';
import { deliveryKey } from '../publish/delivery-key.ts';
import { type IdempotencyStore, seenKey } from '../publish/idempotency.ts';
import { type Renderers, publishDiagnosis, publishOnce } from '../publish/publish-diagnosis.ts';
import type { MessageTable } from '../report/translate.ts';
import {
  type Admission,
  type Failure,
  type GroupRecord,
  admit,
  closed,
  isDue,
  laterCount,
  resolved,
  resolvedKey,
  resolvesGroup,
  summaryKey,
} from './model.ts';
import { buildNoticePublish, renderNotice } from './notices.ts';
import { emailSubject } from '../report/render-email.ts';
import type { RecordStore } from './store.ts';

export * from './model.ts';
export { RecordStore, ContendedRecord, type RecordStoreOptions } from './store.ts';
export { renderNotice, buildNoticePublish, groupSubject, MESSAGE_KIND_ATTRIBUTE, type MessageKind, type RenderedNotice } from './notices.ts';

/** The default grouping window, in minutes (the `groupWindowMinutes` context key). */
export const DEFAULT_GROUP_WINDOW_MINUTES = 60;
/** The most groups a resource index remembers. */
const MAX_GROUPS_PER_RESOURCE = 50;

export const groupKey = (fingerprint: string): string => `group#${fingerprint}`;
export const OPEN_GROUPS_KEY = 'groups#open';
export const resourceKey = (arn: string): string => `resource#${arn}`;

/** What grouping needs. */
export interface GroupingDeps {
  readonly records: RecordStore;
  readonly sends: IdempotencyStore;
  readonly sns: SNSClient;
  readonly topicArn: string;
  readonly lang: Lang;
  readonly renderers: Renderers;
  readonly table: MessageTable;
  readonly windowMs: number;
}

/** What happened to a diagnosis: published in full (first of its group), counted, or already handled. */
export type GroupOutcome = 'published' | 'counted' | 'duplicate';

/** What a sweep or a resolution sent. */
export interface SweepResult {
  readonly summaries: number;
  readonly closed: number;
}

const splitFingerprint = (fp: string): string[] => fp.split('|');

/** The failure grouping sees in a diagnosis. */
export function failureOf(d: Diagnosis, now: Date): Failure {
  const [account = '', region = '', , checkId = '', ...object] = splitFingerprint(d.fingerprint);
  return {
    fingerprint: d.fingerprint,
    key: deliveryKey(d.event),
    resource: d.event.resourceArn ?? d.event.ecs?.taskArn ?? d.event.ebs?.volumeArn ?? deliveryKey(d.event),
    at: now.toISOString(),
    cause: { account, region, category: d.category, checkId, object: object.join('|'), headline: d.headline },
  };
}

/** Grouping over the idempotency table. */
export class Grouping {
  constructor(private readonly deps: GroupingDeps) {}

  /** Groups one diagnosis; publishes it in full when it is the first of its group. */
  async onDiagnosis(d: Diagnosis, now: Date): Promise<GroupOutcome> {
    const f = failureOf(d, now);
    const admission = await this.deps.records.update<GroupRecord, Admission>(groupKey(f.fingerprint), now, (cur) => {
      const { admission: result, next } = admit(cur, f, this.deps.windowMs);
      return { result, ...(next ? { next } : {}) };
    });
    // Both index writes are idempotent, so a retry after a failure here completes them.
    await this.indexResource(f.resource, f.fingerprint, now);
    // The reconciler's sweep skips a failure marked seen.
    await this.deps.sends.mark(seenKey(f.key), now);
    if (admission !== 'first') return admission;
    await this.register(f.fingerprint, new Date(now.getTime() + this.deps.windowMs).toISOString(), now);
    const sent = await publishDiagnosis(d, {
      sns: this.deps.sns,
      store: this.deps.sends,
      topicArn: this.deps.topicArn,
      lang: this.deps.lang,
      now,
      renderers: this.newRenderers(),
    });
    return sent === 'claimed' ? 'published' : 'duplicate';
  }

  /** A completed job: resolves every open group its resource is in, with one notice each. */
  async onCompleted(event: FailureEvent, now: Date): Promise<number> {
    const resource = event.resourceArn;
    if (!resource) return 0;
    const { value: fingerprints = [] } = await this.deps.records.read<string[]>(resourceKey(resource), now);
    let notices = 0;
    for (const fp of fingerprints) {
      const { value: g } = await this.deps.records.read<GroupRecord>(groupKey(fp), now);
      if (!resolvesGroup(g, resource)) continue;
      const done = resolved(g, { resource, job: event.jobId ?? event.id, at: now.toISOString() });
      if ((await this.sendNotice('resolved', done, resolvedKey(g), now)) === 'claimed') notices += 1;
      await this.deps.records.update<GroupRecord, void>(groupKey(fp), now, (cur) => ({
        result: undefined,
        ...(cur && cur.state === 'open' && cur.openedAt === g.openedAt ? { next: done } : {}),
      }));
      await this.unregister(fp, now);
    }
    return notices;
  }

  /** Closes every group whose window has ended: one summary each when it counted later failures. */
  async sweep(now: Date): Promise<SweepResult> {
    const { value: open = {} } = await this.deps.records.read<Record<string, string>>(OPEN_GROUPS_KEY, now);
    let summaries = 0;
    let count = 0;
    for (const [fp, closesAt] of Object.entries(open)) {
      if (Date.parse(closesAt) > now.getTime()) continue;
      const { value: g } = await this.deps.records.read<GroupRecord>(groupKey(fp), now);
      if (g && isDue(g, now)) {
        if (laterCount(g) > 0 && (await this.sendNotice('summary', g, summaryKey(g), now)) === 'claimed') summaries += 1;
        await this.deps.records.update<GroupRecord, void>(groupKey(fp), now, (cur) => ({
          result: undefined,
          ...(cur && isDue(cur, now) && cur.openedAt === g.openedAt ? { next: closed(cur) } : {}),
        }));
        count += 1;
      }
      if (!g || g.state !== 'open' || isDue(g, now)) await this.unregister(fp, now);
    }
    return { summaries, closed: count };
  }

  private async sendNotice(kind: 'summary' | 'resolved', g: GroupRecord, key: string, now: Date) {
    const id = key;
    const input = buildNoticePublish(this.deps.topicArn, id, renderNotice(kind, g, id, this.deps.lang, this.deps.table));
    return publishOnce(key, input, {
      sns: this.deps.sns,
      store: this.deps.sends,
      topicArn: this.deps.topicArn,
      lang: this.deps.lang,
      now,
      renderers: this.deps.renderers,
    });
  }

  /** The diagnosis renderers with the email subject of a new group: "New", then account, region and cause. */
  private newRenderers(): Renderers {
    const { renderers, table } = this.deps;
    return {
      render: renderers.render,
      emailMessage: (d, lang) => ({ ...renderers.emailMessage(d, lang), subject: emailSubject(d, lang, table, 'new') }),
    };
  }

  private async register(fp: string, closesAt: string, now: Date): Promise<void> {
    await this.deps.records.update<Record<string, string>, void>(OPEN_GROUPS_KEY, now, (cur = {}) => ({
      result: undefined,
      ...(cur[fp] === undefined || Date.parse(cur[fp]) < now.getTime() ? { next: { ...cur, [fp]: closesAt } } : {}),
    }));
  }

  private async unregister(fp: string, now: Date): Promise<void> {
    await this.deps.records.update<Record<string, string>, void>(OPEN_GROUPS_KEY, now, (cur = {}) => {
      if (cur[fp] === undefined) return { result: undefined };
      const { [fp]: _gone, ...rest } = cur;
      return { result: undefined, next: rest };
    });
  }

  private async indexResource(resource: string, fp: string, now: Date): Promise<void> {
    await this.deps.records.update<string[], void>(resourceKey(resource), now, (cur = []) => ({
      result: undefined,
      ...(cur.includes(fp) ? {} : { next: [...cur, fp].slice(-MAX_GROUPS_PER_RESOURCE) }),
    }));
  }
}
