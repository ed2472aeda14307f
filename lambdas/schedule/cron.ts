/**
 * AWS cron expressions (the syntax of backup rule schedules) and the next run they produce in an IANA time zone.
 * Pure: time zones are resolved with Intl only; anything the AWS syntax does not define is rejected, never guessed.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html
 */

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
/** AWS numbers the days of the week 1 (SUN) to 7 (SAT). */
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MIN_YEAR = 1970;
const MAX_YEAR = 2199;
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** A parsed cron expression: the allowed values of each field and a day predicate. */
export interface CronSchedule {
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly months: readonly number[];
  readonly years: readonly number[];
  /** Whether a calendar day (month 1-12) matches the day-of-month or day-of-week field. */
  matchesDay(year: number, month: number, day: number): boolean;
}

function toInt(text: string, min: number, max: number, names?: readonly string[]): number | undefined {
  const upper = text.toUpperCase();
  if (names) {
    const i = names.indexOf(upper);
    if (i >= 0) return i + min;
  }
  if (!/^\d{1,4}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= min && n <= max ? n : undefined;
}

/** Parses a field of values, ranges (`a-b`), increments (`a/n`, `*\/n`, `a-b/n`) and lists; undefined if invalid. */
function parseValues(field: string, min: number, max: number, names?: readonly string[]): number[] | undefined {
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const pieces = part.split('/');
    if (pieces.length > 2) return undefined;
    const [base = '', stepText] = pieces;
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d{1,4}$/.test(stepText) || Number(stepText) < 1) return undefined;
      step = Number(stepText);
    }
    let lo: number | undefined;
    let hi: number | undefined;
    if (base === '*') {
      lo = min;
      hi = max;
    } else if (base.includes('-')) {
      const bounds = base.split('-');
      if (bounds.length !== 2) return undefined;
      lo = toInt(bounds[0] ?? '', min, max, names);
      hi = toInt(bounds[1] ?? '', min, max, names);
      // A range that wraps around (FRI-MON, 22-2) is not defined by the AWS reference.
      if (lo === undefined || hi === undefined || lo > hi) return undefined;
    } else {
      lo = toInt(base, min, max, names);
      if (lo === undefined) return undefined;
      hi = stepText === undefined ? lo : max;
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 1 (SUN) .. 7 (SAT), as AWS numbers them. */
function dayOfWeek(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

function isWeekday(year: number, month: number, day: number): boolean {
  const dow = dayOfWeek(year, month, day);
  return dow !== 1 && dow !== 7;
}

/** The weekday nearest to `day` without leaving the month (the `W` wildcard). */
function nearestWeekday(year: number, month: number, day: number): number {
  const last = daysInMonth(year, month);
  const dow = dayOfWeek(year, month, day);
  if (dow === 7) return day === 1 ? 3 : day - 1;
  if (dow === 1) return day === last ? day - 2 : day + 1;
  return day;
}

type DayPredicate = (year: number, month: number, day: number) => boolean;

function parseDayOfMonth(field: string): DayPredicate | undefined {
  const f = field.toUpperCase();
  if (f === 'L') return (y, m, d) => d === daysInMonth(y, m);
  // "L-n" (n days before the last day) is accepted by EventBridge although the reference does not list it.
  const lastOffset = /^L-(\d{1,2})$/.exec(f);
  if (lastOffset) {
    const n = Number(lastOffset[1]);
    if (n > 30) return undefined;
    return (y, m, d) => d === daysInMonth(y, m) - n;
  }
  if (f === 'LW') {
    return (y, m, d) => {
      let last = daysInMonth(y, m);
      while (!isWeekday(y, m, last)) last--;
      return d === last;
    };
  }
  const weekday = /^(\d{1,2})W$/.exec(f);
  if (weekday) {
    const n = Number(weekday[1]);
    if (n < 1 || n > 31) return undefined;
    return (y, m, d) => n <= daysInMonth(y, m) && d === nearestWeekday(y, m, n);
  }
  const values = parseValues(f, 1, 31);
  if (!values) return undefined;
  const set = new Set(values);
  return (_y, _m, d) => set.has(d);
}

function parseDayOfWeek(field: string): DayPredicate | undefined {
  const f = field.toUpperCase();
  // "L" alone in day-of-week is the last day of the week: Saturday (7).
  if (f === 'L') return (y, m, d) => dayOfWeek(y, m, d) === 7;
  const nth = /^([^#]+)#([1-5])$/.exec(f);
  if (nth) {
    const dow = toInt(nth[1] ?? '', 1, 7, DAY_NAMES);
    if (dow === undefined) return undefined;
    const n = Number(nth[2]);
    return (y, m, d) => dayOfWeek(y, m, d) === dow && Math.ceil(d / 7) === n;
  }
  const values = parseValues(f, 1, 7, DAY_NAMES);
  if (!values) return undefined;
  const set = new Set(values);
  return (y, m, d) => set.has(dayOfWeek(y, m, d));
}

/**
 * Parses `cron(Minutes Hours Day-of-month Month Day-of-week Year)`. Returns undefined for anything the AWS
 * reference does not define, including both day fields set (one of them must be `?`) or neither.
 */
export function parseCron(expression: string): CronSchedule | undefined {
  if (parsedCrons.has(expression)) return parsedCrons.get(expression);
  // Bounded: one expression per backup rule.
  if (parsedCrons.size >= 1024) parsedCrons.clear();
  const schedule = parseCronUncached(expression);
  parsedCrons.set(expression, schedule);
  return schedule;
}

const parsedCrons = new Map<string, CronSchedule | undefined>();

function parseCronUncached(expression: string): CronSchedule | undefined {
  const m = /^\s*cron\((.*)\)\s*$/i.exec(expression);
  if (!m) return undefined;
  const fields = (m[1] ?? '').trim().split(/\s+/);
  if (fields.length !== 6) return undefined;
  const [minF, hourF, domF, monF, dowF, yearF] = fields as [string, string, string, string, string, string];
  const minutes = parseValues(minF, 0, 59);
  const hours = parseValues(hourF, 0, 23);
  const months = parseValues(monF, 1, 12, MONTH_NAMES);
  const years = parseValues(yearF, MIN_YEAR, MAX_YEAR);
  if (!minutes || !hours || !months || !years) return undefined;
  const domAny = domF === '?';
  const dowAny = dowF === '?';
  if (domAny === dowAny) return undefined;
  const matchesDay = domAny ? parseDayOfWeek(dowF) : parseDayOfMonth(domF);
  if (!matchesDay) return undefined;
  return { minutes, hours, months, years, matchesDay };
}

interface Wall {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** Wall-clock conversions for one IANA zone. */
interface Zone {
  wall(ms: number): Wall;
  /** The earliest instant showing this wall-clock minute, or undefined when the minute is skipped (DST gap). */
  toUtc(year: number, month: number, day: number, hour: number, minute: number): number | undefined;
}

/** UTC needs no time-zone data: Date's own UTC fields (ICU's first use costs ~10 ms of a cold start). */
const UTC_ZONE: Zone = {
  wall(ms: number): Wall {
    const d = new Date(ms);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
    };
  },
  toUtc: (year, month, day, hour, minute) => Date.UTC(year, month - 1, day, hour, minute),
};

const zones = new Map<string, Zone>([
  ['UTC', UTC_ZONE],
  ['Etc/UTC', UTC_ZONE],
  ['Etc/GMT', UTC_ZONE],
  ['GMT', UTC_ZONE],
]);

function zoneOf(timeZone: string): Zone | undefined {
  const cached = zones.get(timeZone);
  if (cached) return cached;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    return undefined;
  }
  const wall = (ms: number): Wall => {
    const parts: Record<string, number> = {};
    for (const p of format.formatToParts(new Date(ms))) {
      if (p.type !== 'literal') parts[p.type] = Number(p.value);
    }
    return {
      year: parts['year'] ?? NaN,
      month: parts['month'] ?? NaN,
      day: parts['day'] ?? NaN,
      hour: (parts['hour'] ?? NaN) % 24,
      minute: parts['minute'] ?? NaN,
      second: parts['second'] ?? NaN,
    };
  };
  const offsetAt = (ms: number): number => {
    const w = wall(ms);
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - (ms - (((ms % 1000) + 1000) % 1000));
  };
  const toUtc = (year: number, month: number, day: number, hour: number, minute: number): number | undefined => {
    const guess = Date.UTC(year, month - 1, day, hour, minute);
    const offsets = new Set([offsetAt(guess - DAY_MS), offsetAt(guess), offsetAt(guess + DAY_MS)]);
    let best: number | undefined;
    for (const offset of offsets) {
      const t = guess - offset;
      const w = wall(t);
      if (w.year === year && w.month === month && w.day === day && w.hour === hour && w.minute === minute) {
        best = best === undefined ? t : Math.min(best, t);
      }
    }
    return best;
  };
  const zone = { wall, toUtc };
  zones.set(timeZone, zone);
  return zone;
}

function key(y: number, mo: number, d: number, h: number, mi: number): number {
  return (((y * 100 + mo) * 100 + d) * 100 + h) * 100 + mi;
}

/**
 * The first run of a cron schedule strictly after `after`, evaluated in `timeZone` (IANA, default UTC).
 * Daylight saving time follows EventBridge Scheduler's documented behaviour: a run that falls in a skipped hour
 * is skipped, and a run in a repeated hour happens once (at its first occurrence).
 * @see https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 */
export function nextCronRun(schedule: CronSchedule, after: Date, timeZone: string): Date | undefined {
  const afterMs = after.getTime();
  if (!Number.isFinite(afterMs)) return undefined;
  const zone = zoneOf(timeZone);
  if (!zone) return undefined;
  // Wall-clock minutes earlier than this cannot map to an instant after `after`, whatever the DST shift.
  const floor = zone.wall(afterMs - 4 * HOUR_MS);
  const floorKey = key(floor.year, floor.month, floor.day, floor.hour, floor.minute);
  const floorDay = key(floor.year, floor.month, floor.day, 0, 0);
  for (const year of schedule.years) {
    if (year < floor.year) continue;
    for (const month of schedule.months) {
      if (year === floor.year && month < floor.month) continue;
      const last = daysInMonth(year, month);
      for (let day = 1; day <= last; day++) {
        if (key(year, month, day, 0, 0) < floorDay || !schedule.matchesDay(year, month, day)) continue;
        for (const hour of schedule.hours) {
          for (const minute of schedule.minutes) {
            if (key(year, month, day, hour, minute) < floorKey) continue;
            const utc = zone.toUtc(year, month, day, hour, minute);
            if (utc !== undefined && utc > afterMs) return new Date(utc);
          }
        }
      }
    }
  }
  return undefined;
}
