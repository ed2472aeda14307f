/**
 * Grouping by root cause, on the idempotency table (docs/delivery.md, "Grouping"): the first failure of a
 * fingerprint is published in full at once; later ones in the window are counted; the sweep sends one summary
 * when the window has closed; a completed job for a resource of an open group resolves it with one notice.
 *
 * Records: `group#<fingerprint>` (the group), `groups#open` (fingerprint → when its window closes, for the sweep),
 * `resource#<arn>` (the fingerprints of the groups a resource is in, for resolution), and for evidence reuse
 * `shortcut#<rule key>` and `diagnosing#<likely cause>` (lambdas/grouping/shortcut.ts).
 */
import type { SNSClient } from '@aws-sdk/client-sns';
import type { Diagnosis, Evidence, FailureEvent, JobRecord, Lang } from '../model/types.ts';
import { deliveryKey } from '../publish/delivery-key.ts';
import { type IdempotencyStore, publishKey, seenKey } from '../publish/idempotency.ts';
import { type Renderers, publishDiagnosis, publishOnce } from '../publish/publish-diagnosis.ts';
import type { MessageTable } from '../report/translate.ts';
import {
  type Admission,
  type Failure,
  type GroupRecord,
  admit,
  admitByShortcut,
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
import {
  type ClaimDecision,
  type DiagnosisClaim,
  type ReusedEvidence,
  type ShortcutEntry,
  claimKey,
  decideClaim,
  describeReuse, jobNames, matchShortcut, namedKind, reusedEvidence, withShortcut } from './shortcut.ts';

export * from './model.ts';
export * from './shortcut.ts';
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

/** The resource a failure is of (for resolution and the summary's list). */
const resourceOf = (e: FailureEvent, job?: JobRecord): string =>
  e.resourceArn ?? job?.resourceArn ?? e.ecs?.taskArn ?? e.ebs?.volumeArn ?? deliveryKey(e);

/** The failure grouping sees in a diagnosis. */
export function failureOf(d: Diagnosis, now: Date): Failure {
  const [account = '', region = '', , checkId = '', ...object] = splitFingerprint(d.fingerprint);
  return {
    fingerprint: d.fingerprint,
    key: deliveryKey(d.event),
    resource: resourceOf(d.event),
    at: now.toISOString(),
    cause: { account, region, category: d.category, checkId, object: object.join('|'), headline: d.headline },
  };
}

/** A failure counted on its job record alone: the group it was counted into and the evidence it reused. */
export interface ShortcutHit {
  readonly admission: 'counted' | 'duplicate';
  readonly fingerprint: string;
  readonly evidence: ReusedEvidence;
}

/** Grouping over the idempotency table. */
export class Grouping {
  constructor(private readonly deps: GroupingDeps) {}

  /**
   * Groups one diagnosis; publishes it in full when it is the first of its group. With the evidence it was made
   * from, a diagnosis whose object at fault is named by its job record leaves a shortcut for the group's later
   * failures (docs/delivery.md, "Evidence reuse").
   */
  async onDiagnosis(d: Diagnosis, now: Date, evidence?: Evidence): Promise<GroupOutcome> {
    const f = failureOf(d, now);
    const { admission, openedAt } = await this.deps.records.update<GroupRecord, { admission: Admission; openedAt: string }>(
      groupKey(f.fingerprint),
      now,
      (cur) => {
        const { admission: result, next } = admit(cur, f, this.deps.windowMs);
        return { result: { admission: result, openedAt: (next ?? cur)?.openedAt ?? f.at }, ...(next ? { next } : {}) };
      },
    );
    // Both index writes are idempotent, so a retry after a failure here completes them.
    await this.indexResource(f.resource, f.fingerprint, now);
    // The reconciler's sweep skips a failure marked seen; a redelivery of a counted one is known counted.
    await this.deps.sends.mark(seenKey(f.key), now, admission === 'first' ? undefined : { group: f.fingerprint });
    if (evidence && admission !== 'duplicate') await this.leaveShortcut(d, f, openedAt, evidence, now);
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

  /**
   * Counts a failure into the open group its job record leads to, without diagnosing it; undefined when there is
   * no such group (the failure is then diagnosed in full). Reads and writes only the table.
   */
  async countByShortcut(event: FailureEvent, job: JobRecord | undefined, now: Date): Promise<ShortcutHit | undefined> {
    const names = jobNames(event, job);
    if (!names) return undefined;
    const { value: entries = [] } = await this.deps.records.read<ShortcutEntry[]>(names.key, now);
    const entry = matchShortcut(entries, names, now);
    if (!entry) return undefined;
    // The group's cause is the one its first diagnosis found: the failure takes it from the group record.
    const f: Omit<Failure, 'cause'> = { fingerprint: entry.fingerprint, key: deliveryKey(event), resource: resourceOf(event, job), at: now.toISOString() };
    const admission = await this.deps.records.update<GroupRecord, 'counted' | 'duplicate' | 'miss'>(groupKey(f.fingerprint), now, (cur) => {
      const { admission: result, next } = admitByShortcut(cur, f, entry.openedAt, entry.evidence, now, this.deps.windowMs);
      return { result, ...(next ? { next } : {}) };
    });
    if (admission === 'miss') return undefined;
    await this.indexResource(f.resource, f.fingerprint, now);
    await this.deps.sends.mark(seenKey(f.key), now, { group: f.fingerprint, reused: describeReuse(entry.evidence) });
    return { admission, fingerprint: f.fingerprint, evidence: entry.evidence };
  }

  /**
   * Claims the first diagnosis of the likely cause a job record names (docs/delivery.md, "Evidence reuse"):
   * `mine` to diagnose it (then `releaseDiagnosis`), `held` with the time to wait until, `none` to diagnose
   * without waiting (no shortcut possible, or the cause's last diagnosis left none).
   */
  async claimDiagnosis(event: FailureEvent, job: JobRecord | undefined, owner: string, until: Date, now: Date): Promise<'mine' | 'none' | { held: string }> {
    const names = jobNames(event, job);
    if (!names) return 'none';
    const decision = await this.deps.records.update<DiagnosisClaim, ClaimDecision>(claimKey(names), now, (cur) => {
      const d = decideClaim(cur, owner, until, now);
      return { result: d, ...(d.result === 'mine' ? { next: d.next } : {}) };
    });
    return decision.result === 'held' ? { held: decision.until } : decision.result;
  }

  /** Ends a claimed diagnosis: its shortcut (or that none may be taken) is recorded already. */
  async releaseDiagnosis(event: FailureEvent, job: JobRecord | undefined, owner: string, now: Date): Promise<void> {
    const names = jobNames(event, job);
    if (!names) return;
    await this.deps.records.update<DiagnosisClaim, void>(claimKey(names), now, (cur) => ({
      result: undefined,
      ...(cur?.owner === owner && Date.parse(cur.until) > now.getTime() ? { next: { ...cur, until: now.toISOString() } } : {}),
    }));
  }

  /**
   * Whether a failure was handled already: counted into a group, or its full diagnosis published (or its publish
   * begun: a send is never made twice). A redelivery of it needs nothing read.
   */
  async wasHandled(event: FailureEvent, now: Date): Promise<boolean> {
    const key = deliveryKey(event);
    const [counted, published] = await Promise.all([this.deps.sends.countedIn(seenKey(key), now), this.deps.sends.has(publishKey(key), now)]);
    return counted !== undefined || published;
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

  /**
   * Records the shortcut a diagnosis leaves: only for a confirmed cause (a failing check) whose object at fault
   * the job record names. Best effort: without it, later failures are diagnosed in full, which costs reads only.
   */
  private async leaveShortcut(d: Diagnosis, f: Failure, openedAt: string, evidence: Evidence, now: Date): Promise<void> {
    const names = jobNames(d.event, evidence.job);
    // An unconfirmed cause (no failing check, evidence missing) leaves nothing: the next failure tries again.
    if (!names || f.cause.checkId === '') return;
    const kind = namedKind(names, f.cause.object);
    const reused = kind ? reusedEvidence(kind, f.cause.object, evidence, d.event.jobId ?? f.key, now) : undefined;
    try {
      if (!reused) {
        // A cause no shortcut may stand for: the failures of this likely cause are diagnosed without waiting.
        await this.deps.records.update<DiagnosisClaim, void>(claimKey(names), now, () => ({
          result: undefined,
          next: { owner: '', until: now.toISOString(), none: now.toISOString() },
        }));
        return;
      }
      const entry: ShortcutEntry = { fingerprint: f.fingerprint, openedAt, evidence: reused };
      await this.deps.records.update<ShortcutEntry[], void>(names.key, now, (cur = []) => {
        const next = withShortcut(cur, entry, now);
        return { result: undefined, ...(next ? { next } : {}) };
      });
    } catch {
      // A throttled or contended table: the next diagnosis of the group leaves it.
    }
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
