/**
 * Grouping by root cause, as pure decisions over one group record: the first failure of a fingerprint notifies in
 * full, later ones in the window are counted, the window's end sends one summary, and a completed job for one of
 * the group's resources resolves it. Every function is a pure function of the record and its input, so that an
 * optimistic write that loses a race can simply recompute (docs/delivery.md).
 */
import type { Category, Text } from '../model/types.ts';
import type { ReusedEvidence } from './shortcut.ts';

/** A group's life: open while failures are counted; closed (summarised) or resolved after. */
export type GroupState = 'open' | 'closed' | 'resolved';

/** The most resources shown in a summary; the rest are counted. */
export const SUMMARY_RESOURCES_SHOWN = 20;
/**
 * The most delivery keys a group remembers to count each failure once (a DynamoDB item holds 400 KB; a key is
 * under 150 bytes). Failures beyond it are still counted, but a duplicate delivery of one of them is not detected.
 */
export const MAX_MEMBERS = 2_000;

/** What a group knows of its cause, from its first diagnosis. */
export interface GroupCause {
  readonly account: string;
  readonly region: string;
  readonly category: Category;
  readonly checkId: string;
  /** The object at fault (the role, key, vault or rule). */
  readonly object: string;
  readonly headline: Text;
}

/** One group record. Times are ISO 8601. */
export interface GroupRecord {
  readonly fingerprint: string;
  readonly state: GroupState;
  readonly cause: GroupCause;
  readonly openedAt: string;
  readonly closesAt: string;
  /** The last failure counted (the end of the summary's time span). */
  readonly lastAt: string;
  /** The delivery key of the failure that opened the group (notified in full). */
  readonly first: string;
  /** The delivery keys of the later failures, at most MAX_MEMBERS. */
  readonly members: readonly string[];
  /** Later failures beyond MAX_MEMBERS. */
  readonly overflow: number;
  /** Every distinct resource of the group's failures, the first's included (for resolution). */
  readonly resources: readonly string[];
  /** The distinct resources of the later failures, in arrival order (for the summary). */
  readonly laterResources: readonly string[];
  readonly resolvedBy?: { readonly resource: string; readonly job: string; readonly at: string };
  /** The later failures counted on their job record alone, and the evidence the last of them reused. */
  readonly reused?: { readonly count: number; readonly evidence: ReusedEvidence };
}

/** One failure as grouping sees it. */
export interface Failure {
  readonly fingerprint: string;
  /** The delivery key (docs/delivery.md): one per failure, whatever the number of deliveries. */
  readonly key: string;
  readonly resource: string;
  readonly at: string;
  readonly cause: GroupCause;
}

/** What to do with a failure: notify it in full, or it is counted (or was already). */
export type Admission = 'first' | 'counted' | 'duplicate';

/** How many later failures a group holds (its summary's N). */
export const laterCount = (g: GroupRecord): number => g.members.length + g.overflow;

const addDistinct = (list: readonly string[], value: string): readonly string[] =>
  list.includes(value) ? list : [...list, value];

/**
 * Admits a failure into its group. An open group counts it (once); a closed or resolved one, or none, is replaced
 * by a new group that this failure opens. A redelivered first failure is `first` again: its publish key makes the
 * send happen once.
 */
export function admit(
  current: GroupRecord | undefined,
  f: Failure,
  windowMs: number,
): { readonly admission: Admission; readonly next?: GroupRecord } {
  if (current?.first === f.key) return { admission: 'first' };
  if (current?.members.includes(f.key)) return { admission: 'duplicate' };
  if (current?.state === 'open') {
    const full = current.members.length >= MAX_MEMBERS;
    return {
      admission: 'counted',
      next: {
        ...current,
        members: full ? current.members : [...current.members, f.key],
        overflow: current.overflow + (full ? 1 : 0),
        resources: addDistinct(current.resources, f.resource),
        laterResources: addDistinct(current.laterResources, f.resource),
        lastAt: f.at > current.lastAt ? f.at : current.lastAt,
      },
    };
  }
  return {
    admission: 'first',
    next: {
      fingerprint: f.fingerprint,
      state: 'open',
      cause: f.cause,
      openedAt: f.at,
      closesAt: new Date(Date.parse(f.at) + windowMs).toISOString(),
      lastAt: f.at,
      first: f.key,
      members: [],
      overflow: 0,
      resources: [f.resource],
      laterResources: [],
    },
  };
}

/**
 * Counts a failure into an open group on its job record alone (a shortcut): as admit() does, and the group
 * remembers which evidence it reused. `miss` when the group is not the open one the shortcut names (closed,
 * resolved, due to close, or opened again since), or when the failure is the group's first (whose retry must
 * publish its full diagnosis): the failure is then diagnosed in full.
 */
export function admitByShortcut(
  current: GroupRecord | undefined,
  f: Omit<Failure, 'cause'>,
  openedAt: string,
  evidence: ReusedEvidence,
  now: Date,
  windowMs: number,
): { readonly admission: 'counted' | 'duplicate' | 'miss'; readonly next?: GroupRecord } {
  if (!current || current.state !== 'open' || current.openedAt !== openedAt || isDue(current, now) || current.first === f.key) {
    return { admission: 'miss' };
  }
  const { admission, next } = admit(current, { ...f, cause: current.cause }, windowMs);
  if (admission === 'first') return { admission: 'miss' };
  if (!next) return { admission };
  return { admission, next: { ...next, reused: { count: (current.reused?.count ?? 0) + 1, evidence } } };
}

/** Whether the sweep should close a group now. */
export const isDue = (g: GroupRecord, now: Date): boolean => g.state === 'open' && Date.parse(g.closesAt) <= now.getTime();

/** The group closed by the sweep (after its summary, if any, was sent). */
export const closed = (g: GroupRecord): GroupRecord => ({ ...g, state: 'closed' });

/** Whether a completed job for `resource` resolves this group. */
export const resolvesGroup = (g: GroupRecord | undefined, resource: string): g is GroupRecord =>
  g !== undefined && g.state === 'open' && g.resources.includes(resource);

/** The group resolved by a completed job. */
export const resolved = (g: GroupRecord, by: { resource: string; job: string; at: string }): GroupRecord => ({
  ...g,
  state: 'resolved',
  resolvedBy: by,
});

/** The send keys of a group's summary and resolved notice: one each per group (a group is a fingerprint and its opening). */
export const summaryKey = (g: GroupRecord): string => `summary#${g.fingerprint}#${g.openedAt}`;
export const resolvedKey = (g: GroupRecord): string => `resolved#${g.fingerprint}#${g.openedAt}`;
