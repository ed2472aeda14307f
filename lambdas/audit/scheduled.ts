/**
 * The scheduled audit: runs the audit on the live account (daily, and after a change to what it checks), compares
 * the findings with the last run's, and notifies only the change: one notice for the new findings and one for the
 * resolved ones, on the topic that carries the diagnoses (email, Slack, AWS Chatbot).
 *
 * State: one versioned record per account and region in the idempotency table (`audit#<account>#<region>`): the
 * last finding set, when the last audit began reading, and an outbox of notices decided but not yet sent. A run
 * first writes its decision (the new finding set and the notices) in one conditional write, then sends each
 * notice at most once under its own key (`audit-new#…#<generation>`, the claim of publish/idempotency.ts), then
 * takes it out of the outbox. docs/delivery.md, "The scheduled audit", says what happens when each write fails.
 */
import type { PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import type { Evidence, Gap, Lang, Text } from '../model/types.ts';
import type { RecordStore } from '../grouping/store.ts';
import { MESSAGE_KIND_ATTRIBUTE, groupSubject } from '../grouping/notices.ts';
import { type MessageTable, translateWith } from '../report/translate.ts';
import { DeliveryOutcomeUnknown, type IdempotencyStore } from '../publish/idempotency.ts';
import { publishOnce, type Renderers } from '../publish/publish-diagnosis.ts';
import { DIAGNOSIS_ID_ATTRIBUTE, DIAGNOSIS_MESSAGE_TYPE, MESSAGE_TYPE_ATTRIBUTE, truncateBytes } from '../publish/sns-message.ts';
import { type ListedFinding, type NoticeKind, auditChanges, auditChatbot, auditNoticeText, auditSlack } from './render.ts';
import type { AuditReport } from './run.ts';
import type { Trigger } from './triggers.ts';

/** A notice decided by a run and kept in the outbox until it is sent. */
export interface AuditNotice {
  /** The send key: one per notice kind and state generation. */
  readonly key: string;
  readonly kind: NoticeKind;
  readonly account: string;
  readonly region: string;
  readonly findings: readonly ListedFinding[];
  /** What the run that decided it could not read (at most NOTICE_GAPS_KEPT). */
  readonly gaps: readonly Gap[];
  /** How many earlier findings that run could not decide. */
  readonly carried: number;
  readonly cause: Text;
}

/** The record of one account and region. */
export interface AuditState {
  /** Counts the decisions written; a notice's key carries the generation that decided it. */
  readonly generation: number;
  /** When the last audit began reading: a change made before it is covered by that audit. */
  readonly readFrom: string;
  readonly findings: readonly ListedFinding[];
  readonly outbox: readonly AuditNotice[];
}

/** The state record's key. */
export const auditStateKey = (account: string, region: string): string => `audit#${account}#${region}`;
/** A notice's send key. */
export const auditNoticeKey = (kind: NoticeKind, account: string, region: string, generation: number): string =>
  `audit-${kind}#${account}#${region}#${generation}`;

/** The most gaps a notice keeps (the rest are counted in the audit's own output). */
export const NOTICE_GAPS_KEPT = 50;
/** A DynamoDB item holds at most 400 KB; the state stays below this, dropping detail it can do without. */
export const STATE_MAX_BYTES = 350_000;

/** What the scheduled audit needs. */
export interface ScheduledAuditDeps {
  readonly records: RecordStore;
  readonly sends: IdempotencyStore;
  readonly sns: SNSClient;
  readonly topicArn: string;
  readonly lang: Lang;
  readonly account: string;
  readonly region: string;
  readonly table: MessageTable;
  readonly renderers?: Renderers;
  /** Reads the account (paginated, paced); what cannot be read becomes a gap. */
  readonly collect: (now: Date) => Promise<Evidence>;
  /** Runs the audit over what was read. */
  readonly audit: (evidence: Evidence, now: Date) => AuditReport;
  readonly clock: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  /** After a change, how long to wait for the edits that follow it, so that a burst of edits is audited once. */
  readonly debounceMs: number;
  /** The longest the run may wait (the Lambda's remaining time less the audit's own). */
  readonly maxWaitMs: () => number;
}

/** What one run did. */
export type ScheduledAuditResult =
  | { readonly ran: false; readonly reason: string; readonly sent: number }
  | { readonly ran: true; readonly findings: number; readonly added: number; readonly resolved: number; readonly carried: number; readonly gaps: number; readonly sent: number };

/** The finding as the state keeps it: enough to list it and to tell whether a later audit resolved it. */
export function listed(f: ListedFinding): ListedFinding {
  return {
    key: f.key,
    question: f.question,
    checkId: f.checkId,
    title: f.title,
    scope: f.scope,
    ...(f.subject !== undefined ? { subject: f.subject } : {}),
    ...(f.fix ? { fix: { summary: f.fix.summary } } : {}),
  };
}

/** A state that fits one item: past the budget, findings keep only what tells them apart and their title's key. */
export function fitState(state: AuditState): AuditState {
  if (Buffer.byteLength(JSON.stringify(state)) <= STATE_MAX_BYTES) return state;
  const bare = (f: ListedFinding): ListedFinding => ({ key: f.key, question: f.question, checkId: f.checkId, title: { key: f.title.key }, scope: f.scope });
  return {
    ...state,
    findings: state.findings.map(bare),
    outbox: state.outbox.map((n) => ({ ...n, findings: n.findings.map(bare), gaps: n.gaps.slice(0, 5) })),
  };
}

function causeOf(trigger: Trigger, readFrom: Date): Text {
  const at = `${readFrom.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return trigger.kind === 'change'
    ? { key: 'audit.notice.cause.change', params: { call: trigger.eventName, at: `${trigger.at.toISOString().slice(0, 16).replace('T', ' ')} UTC` } }
    : { key: 'audit.notice.cause.schedule', params: { at } };
}

/** The SNS publish of a notice: a body per protocol, like a diagnosis, so that email, Slack and Chatbot each get theirs. */
export function buildAuditPublish(topicArn: string, n: AuditNotice, lang: Lang, table: MessageTable): PublishCommandInput {
  const header = { account: n.account, region: n.region, gaps: n.gaps };
  const report: AuditReport = { ...header, generatedAt: '', findings: [], counted: {}, answers: {}, complete: true, undecided: {} };
  const changes = { added: n.kind === 'new' ? n.findings : [], resolved: n.kind === 'resolved' ? n.findings : [] };
  const email = truncateBytes(auditNoticeText(header, n.kind, n.findings, lang, { cause: n.cause, carried: n.carried }), 100 * 1024);
  return {
    TopicArn: topicArn,
    Subject: groupSubject(n.kind, n.account, n.region, translateWith({ key: `audit.notice.subject.${n.kind}`, params: { count: n.findings.length } }, lang, table), table, lang),
    MessageStructure: 'json',
    Message: JSON.stringify({ default: email, email, sqs: auditSlack(report, lang, changes), https: auditChatbot(report, lang, changes) }),
    MessageAttributes: {
      [MESSAGE_TYPE_ATTRIBUTE]: { DataType: 'String', StringValue: DIAGNOSIS_MESSAGE_TYPE },
      [MESSAGE_KIND_ATTRIBUTE]: { DataType: 'String', StringValue: `audit-${n.kind}` },
      [DIAGNOSIS_ID_ATTRIBUTE]: { DataType: 'String', StringValue: n.key },
    },
  };
}

/** The scheduled audit of one account and region. */
export class ScheduledAudit {
  private readonly key: string;

  constructor(private readonly deps: ScheduledAuditDeps) {
    this.key = auditStateKey(deps.account, deps.region);
  }

  /** Handles one trigger: flushes notices left from an earlier run, then audits unless an audit already covers it. */
  async run(trigger: Trigger): Promise<ScheduledAuditResult> {
    // Notices an earlier run could not send go first; a failure among them does not keep this run from auditing.
    let earlier: unknown;
    const sent = await this.flush().catch((err: unknown) => ((earlier = err), 0));
    const result = await this.audit(trigger, sent);
    if (earlier !== undefined) throw earlier;
    return result;
  }

  private async audit(trigger: Trigger, sent: number): Promise<ScheduledAuditResult> {
    if (trigger.kind === 'other') return { ran: false, reason: trigger.reason, sent };
    if (await this.covered(trigger.at)) return { ran: false, reason: 'covered by a later audit', sent };
    if (trigger.kind === 'change') {
      // Wait for the rest of the burst: the edits that follow within the window are read by this one audit.
      const wait = Math.min(trigger.at.getTime() + this.deps.debounceMs - this.deps.clock().getTime(), this.deps.maxWaitMs());
      if (wait > 0) await this.deps.sleep(wait);
      if (await this.covered(trigger.at)) return { ran: false, reason: 'covered by a later audit', sent };
    }
    const readFrom = this.deps.clock();
    const evidence = await this.deps.collect(readFrom);
    const report = this.deps.audit(evidence, readFrom);
    const cause = causeOf(trigger, readFrom);
    const decided = await this.deps.records.update<AuditState, { added: number; resolved: number; carried: number }>(this.key, readFrom, (cur) => {
      const changes = auditChanges(report, cur?.findings ?? []);
      const generation = (cur?.generation ?? 0) + 1;
      const notice = (kind: NoticeKind, findings: readonly ListedFinding[]): AuditNotice[] =>
        findings.length === 0
          ? []
          : [{ key: auditNoticeKey(kind, this.deps.account, this.deps.region, generation), kind, account: this.deps.account, region: this.deps.region, findings: findings.map(listed), gaps: report.gaps.slice(0, NOTICE_GAPS_KEPT), carried: changes.carried.length, cause }];
      const next: AuditState = fitState({
        generation,
        readFrom: readFrom.toISOString(),
        findings: [...report.findings, ...changes.carried].map(listed),
        outbox: [...(cur?.outbox ?? []), ...notice('new', changes.added), ...notice('resolved', changes.resolved)],
      });
      return { next, result: { added: changes.added.length, resolved: changes.resolved.length, carried: changes.carried.length } };
    });
    const now = await this.flush();
    return { ran: true, findings: report.findings.length, ...decided, gaps: report.gaps.length, sent: sent + now };
  }

  private async covered(at: Date): Promise<boolean> {
    const { value } = await this.deps.records.read<AuditState>(this.key, this.deps.clock());
    return value !== undefined && Date.parse(value.readFrom) >= at.getTime();
  }

  /**
   * Sends every notice of the outbox at most once, in order, and takes each one out once its send is settled
   * (sent now, or claimed by an earlier attempt). A refused send stays for the next run; the first error is thrown
   * after the rest were tried, so that the function reports it.
   */
  async flush(): Promise<number> {
    const now = this.deps.clock();
    const { value } = await this.deps.records.read<AuditState>(this.key, now);
    let sent = 0;
    let failure: unknown;
    for (const n of value?.outbox ?? []) {
      try {
        const input = buildAuditPublish(this.deps.topicArn, n, this.deps.lang, this.deps.table);
        const ctx = { sns: this.deps.sns, store: this.deps.sends, topicArn: this.deps.topicArn, lang: this.deps.lang, now, renderers: this.deps.renderers ?? NO_RENDERERS };
        if ((await publishOnce(n.key, input, ctx)) === 'claimed') sent += 1;
      } catch (err) {
        failure ??= err;
        // A send of unknown outcome keeps its claim: it will never be sent again, so it leaves the outbox.
        if (!(err instanceof DeliveryOutcomeUnknown)) continue;
      }
      await this.deps.records.update<AuditState, void>(this.key, now, (cur) =>
        cur && cur.outbox.some((x) => x.key === n.key) ? { result: undefined, next: { ...cur, outbox: cur.outbox.filter((x) => x.key !== n.key) } } : { result: undefined },
      );
    }
    if (failure !== undefined) throw failure;
    return sent;
  }
}

/** publishOnce takes a diagnosis' renderers in its context; a notice is rendered before, so none are used. */
const NO_RENDERERS: Renderers = {
  render: () => '',
  emailMessage: () => ({ subject: '', body: '' }),
};
