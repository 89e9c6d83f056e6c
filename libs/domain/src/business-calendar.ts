import { assertNever } from './assert-never.util.js';

/** Mexico City business time (DESIGN §5, reference/sla.json `businessCalendar`). */
export const MEXICO_CITY_TIME_ZONE = 'America/Mexico_City';

export interface BusinessCalendar {
  timeZone: typeof MEXICO_CITY_TIME_ZONE;
  workdayStart: '09:00';
  workdayEnd: '18:00';
  /** Local dates, 'YYYY-MM-DD', on which nobody works even though they fall Monday to Friday. */
  holidays: ReadonlySet<string>;
}

/** Durations as written in reference/sla.json: calendar units, or business units on the calendar above. */
export const DURATION_UNITS = ['hours', 'days', 'months', 'businessHours', 'businessDays'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];
export type Duration = { value: number; unit: DurationUnit };

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
/** More consecutive non-working days than this means the holiday list is wrong, not that work stops. */
const MAX_IDLE_DAYS = 366;

/**
 * The reference fixes the Mexico City calendar but not the hours (sla.json leaves `hoursPerBusinessDay`
 * null); we use the federal public administration's usual office day, 09:00–18:00 Monday to Friday.
 */
export function defaultCalendar(holidays: Iterable<string>): BusinessCalendar {
  const dates = new Set<string>();
  for (const holiday of holidays) {
    if (parseLocalDate(holiday) === null) {
      throw new RangeError(`Holiday must be a valid 'YYYY-MM-DD' date, got '${holiday}'`);
    }
    dates.add(holiday);
  }
  return { timeZone: MEXICO_CITY_TIME_ZONE, workdayStart: '09:00', workdayEnd: '18:00', holidays: dates };
}

export function isDurationUnit(value: string): value is DurationUnit {
  return (DURATION_UNITS as readonly string[]).includes(value);
}

/**
 * `start` moved forward by `duration`:
 * - `hours`, `days`: exact elapsed time (a day is 24 h), whatever the wall clock does.
 * - `months`: the same local wall time N months later; a day past the month's end clamps to its last day
 *   (Jan 31 + 1 month = Feb 28).
 * - `businessHours`: counts only working time, 09:00–18:00 on working days; ending exactly at the close
 *   stays at 18:00 rather than jumping to the next opening.
 * - `businessDays`: from inside working hours, the same local wall time N working days later. From outside
 *   them (before opening, after closing, weekend or holiday) the count starts at the next working-day
 *   opening: the result is 09:00 on the N-th working day after that opening's day (Friday 19:00 + 1 =
 *   Tuesday 09:00, i.e. one full working day, Monday's, has elapsed).
 * A zero duration returns `start` unchanged in every unit.
 */
export function addDuration(start: Date, duration: Duration, cal: BusinessCalendar): Date {
  const { value, unit } = duration;
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`Duration value must be a finite number >= 0, got ${value}`);
  }
  if ((unit === 'months' || unit === 'businessDays') && !Number.isInteger(value)) {
    throw new RangeError(`Duration in ${unit} must be a whole number, got ${value}`);
  }
  if (value === 0) return new Date(start.getTime());
  switch (unit) {
    case 'hours':
      return new Date(start.getTime() + value * HOUR_MS);
    case 'days':
      return new Date(start.getTime() + value * DAY_MS);
    case 'months':
      return addLocalMonths(start, value, cal.timeZone);
    case 'businessHours':
      return addBusinessMillis(start, value * HOUR_MS, cal);
    case 'businessDays':
      return addBusinessDays(start, value, cal);
    default:
      return assertNever(unit);
  }
}

/** `start` moved forward by `millis` of working time (see `addDuration`, `businessHours`). */
export function addBusinessMillis(start: Date, millis: number, cal: BusinessCalendar): Date {
  if (!Number.isFinite(millis) || millis < 0) {
    throw new RangeError(`Working time to add must be a finite number >= 0, got ${millis}`);
  }
  if (millis === 0) return new Date(start.getTime());
  let remaining = millis;
  let date: LocalDate = toWallTime(start, cal.timeZone);
  let idleDays = 0;
  for (;;) {
    const window = workingWindow(date, cal);
    if (window) {
      const from = Math.max(start.getTime(), window.open);
      if (from < window.close) {
        idleDays = 0;
        const available = window.close - from;
        if (remaining <= available) return new Date(from + remaining);
        remaining -= available;
      }
    } else if (++idleDays > MAX_IDLE_DAYS) {
      throw new RangeError(`No working day within ${MAX_IDLE_DAYS} days of ${formatLocalDate(date)}`);
    }
    date = nextLocalDate(date);
  }
}

/** Working time elapsed between `a` and `b` (0 when `b` is not after `a`); used to pause clocks. */
export function businessMillisBetween(a: Date, b: Date, cal: BusinessCalendar): number {
  const start = a.getTime();
  const end = b.getTime();
  if (end <= start) return 0;
  const last = formatLocalDate(toWallTime(b, cal.timeZone));
  let total = 0;
  for (let date: LocalDate = toWallTime(a, cal.timeZone); ; date = nextLocalDate(date)) {
    const window = workingWindow(date, cal);
    if (window) total += Math.max(0, Math.min(end, window.close) - Math.max(start, window.open));
    if (formatLocalDate(date) === last) return total;
  }
}

/** True on a working day (Monday to Friday, not a holiday); `localDate` is 'YYYY-MM-DD'. */
export function isBusinessDay(localDate: string, cal: BusinessCalendar): boolean {
  const date = parseLocalDate(localDate);
  if (!date) throw new RangeError(`Expected a 'YYYY-MM-DD' date, got '${localDate}'`);
  return isWorkingDay(date, cal);
}

/** True when `instant` falls inside working hours, opening included and closing excluded. */
export function isWithinBusinessHours(instant: Date, cal: BusinessCalendar): boolean {
  const window = workingWindow(toWallTime(instant, cal.timeZone), cal);
  return window !== null && instant.getTime() >= window.open && instant.getTime() < window.close;
}

/** The local calendar date of `instant` in `timeZone`, as 'YYYY-MM-DD'. */
export function localDateOf(instant: Date, timeZone: string): string {
  return formatLocalDate(toWallTime(instant, timeZone));
}

/** The local wall time of `instant`, as 'YYYY-MM-DDTHH:mm:ss'. */
export function toLocalDateTime(instant: Date, timeZone: string): string {
  const wall = toWallTime(instant, timeZone);
  const seconds = Math.floor(wall.msOfDay / 1000);
  const hh = pad2(Math.floor(seconds / 3600));
  const mm = pad2(Math.floor(seconds / 60) % 60);
  const ss = pad2(seconds % 60);
  return `${formatLocalDate(wall)}T${hh}:${mm}:${ss}`;
}

/**
 * The instant at which the wall clock in `timeZone` reads `localDateTime` ('YYYY-MM-DDTHH:mm[:ss]').
 * A time repeated when clocks go back resolves to its first occurrence; a time skipped when they go
 * forward resolves to the instant the same distance after the jump.
 */
export function fromLocalDateTime(localDateTime: string, timeZone: string): Date {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(localDateTime);
  const date = match ? parseLocalDate(match[1]) : null;
  if (!match || !date) throw new RangeError(`Expected 'YYYY-MM-DDTHH:mm[:ss]', got '${localDateTime}'`);
  const hours = Number(match[2]);
  const minutes = Number(match[3]);
  const seconds = Number(match[4] ?? '0');
  if (hours > 23 || minutes > 59 || seconds > 59) {
    throw new RangeError(`Expected a valid wall time, got '${localDateTime}'`);
  }
  return fromWallTime({ ...date, msOfDay: ((hours * 60 + minutes) * 60 + seconds) * 1000 }, timeZone);
}

// ---- Local wall time, computed through Intl so that offset changes in the tz database apply. ----

interface LocalDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

interface WallTime extends LocalDate {
  msOfDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function toWallTime(instant: Date, timeZone: string): WallTime {
  const time = instant.getTime();
  if (Number.isNaN(time)) throw new RangeError('Invalid date');
  const local = time + zoneOffset(time, timeZone);
  const asUtc = new Date(local);
  const year = asUtc.getUTCFullYear();
  const month = asUtc.getUTCMonth();
  const day = asUtc.getUTCDate();
  return { year, month: month + 1, day, msOfDay: local - Date.UTC(year, month, day) };
}

/** The wall time as Intl reads it: exact, and slow (a tenth of the worker's time went here before the cache). */
function intlWallTime(instant: Date, timeZone: string): WallTime {
  const time = instant.getTime();
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const millis = ((time % 1000) + 1000) % 1000;
  const hour = parts.hour === 24 ? 0 : parts.hour;
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    msOfDay: ((hour * 60 + parts.minute) * 60 + parts.second) * 1000 + millis,
  };
}

const OFFSET_CACHE_LIMIT = 100_000;
/** Zone → hour since the epoch → the zone's offset through that whole hour, or null if it changes within it. */
const hourOffsetsByZone = new Map<string, Map<number, number | null>>();

/**
 * The zone's offset from UTC at an instant, in ms. Offsets change at most once in any hour (a DST switch or a
 * change of rules), so the offset at an hour's first and last millisecond, when equal, holds for all of it:
 * one cached answer per zone and hour, and Intl only for the hours in which the offset changes.
 */
function zoneOffset(instant: number, timeZone: string): number {
  const hour = Math.floor(instant / HOUR_MS);
  let hourOffsets = hourOffsetsByZone.get(timeZone);
  if (!hourOffsets) {
    hourOffsets = new Map();
    hourOffsetsByZone.set(timeZone, hourOffsets);
  }
  let offset = hourOffsets.get(hour);
  if (offset === undefined) {
    const first = exactOffset(hour * HOUR_MS, timeZone);
    offset = first === exactOffset((hour + 1) * HOUR_MS - 1, timeZone) ? first : null;
    if (hourOffsets.size >= OFFSET_CACHE_LIMIT) hourOffsets.clear();
    hourOffsets.set(hour, offset);
  }
  return offset ?? exactOffset(instant, timeZone);
}

function exactOffset(instant: number, timeZone: string): number {
  return wallTimeAsUtc(intlWallTime(new Date(instant), timeZone)) - instant;
}

/** The wall time read as if it were UTC: the instant plus the zone's offset. */
function wallTimeAsUtc(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day) + wall.msOfDay;
}

function offsetAt(instant: number, timeZone: string): number {
  return wallTimeAsUtc(toWallTime(new Date(instant), timeZone)) - instant;
}

function fromWallTime(wall: WallTime, timeZone: string): Date {
  const local = wallTimeAsUtc(wall);
  // Offsets never change twice within two days, so the offsets a day either side cover every case.
  const before = local - offsetAt(local - DAY_MS, timeZone);
  const after = local - offsetAt(local + DAY_MS, timeZone);
  const readsBack = (candidate: number) => wallTimeAsUtc(toWallTime(new Date(candidate), timeZone)) === local;
  const valid = [before, after].filter(readsBack);
  return new Date(valid.length > 0 ? Math.min(...valid) : before);
}

function parseLocalDate(value: string): LocalDate | null {
  const match = LOCAL_DATE_PATTERN.exec(value);
  if (!match) return null;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  const check = new Date(Date.UTC(date.year, date.month - 1, date.day));
  const valid =
    check.getUTCFullYear() === date.year && check.getUTCMonth() === date.month - 1 && check.getUTCDate() === date.day;
  return valid ? date : null;
}

function formatLocalDate(date: LocalDate): string {
  return `${String(date.year).padStart(4, '0')}-${pad2(date.month)}-${pad2(date.day)}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function nextLocalDate(date: LocalDate): LocalDate {
  const next = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

function nextWorkingDate(date: LocalDate, cal: BusinessCalendar): LocalDate {
  let next = nextLocalDate(date);
  for (let idle = 0; !isWorkingDay(next, cal); idle++) {
    if (idle > MAX_IDLE_DAYS)
      throw new RangeError(`No working day within ${MAX_IDLE_DAYS} days of ${formatLocalDate(date)}`);
    next = nextLocalDate(next);
  }
  return next;
}

function isWorkingDay(date: LocalDate, cal: BusinessCalendar): boolean {
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return weekday >= 1 && weekday <= 5 && !cal.holidays.has(formatLocalDate(date));
}

function parseClock(value: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  if (!match) throw new RangeError(`Expected 'HH:mm', got '${value}'`);
  return (Number(match[1]) * 60 + Number(match[2])) * 60_000;
}

function workingHours(cal: BusinessCalendar): { open: number; close: number } {
  return { open: parseClock(cal.workdayStart), close: parseClock(cal.workdayEnd) };
}

interface WorkingWindow {
  readonly open: number;
  readonly close: number;
}

const WINDOW_CACHE_LIMIT = 20_000;
/**
 * Each calendar's windows by local day (days since the epoch). Every deadline walks the same few weeks of days, and
 * a window costs eight time-zone conversions; a calendar is not changed once made (the reference builds a new one).
 */
const windowsByCalendar = new WeakMap<BusinessCalendar, Map<number, WorkingWindow | null>>();

/** Opening and closing instants (epoch ms) of a local date, or null when it is not a working day. */
function workingWindow(date: LocalDate, cal: BusinessCalendar): WorkingWindow | null {
  let windows = windowsByCalendar.get(cal);
  if (!windows) {
    windows = new Map();
    windowsByCalendar.set(cal, windows);
  }
  const day = Date.UTC(date.year, date.month - 1, date.day) / DAY_MS;
  let found = windows.get(day);
  if (found === undefined) {
    found = computeWorkingWindow(date, cal);
    if (windows.size >= WINDOW_CACHE_LIMIT) windows.clear();
    windows.set(day, found);
  }
  return found;
}

function computeWorkingWindow(date: LocalDate, cal: BusinessCalendar): WorkingWindow | null {
  if (!isWorkingDay(date, cal)) return null;
  const hours = workingHours(cal);
  return {
    open: fromWallTime({ ...date, msOfDay: hours.open }, cal.timeZone).getTime(),
    close: fromWallTime({ ...date, msOfDay: hours.close }, cal.timeZone).getTime(),
  };
}

function addBusinessDays(start: Date, days: number, cal: BusinessCalendar): Date {
  const wall = toWallTime(start, cal.timeZone);
  const hours = workingHours(cal);
  let date: LocalDate = wall;
  let msOfDay = wall.msOfDay;
  if (!isWithinBusinessHours(start, cal)) {
    if (!(isWorkingDay(date, cal) && msOfDay < hours.open)) date = nextWorkingDate(date, cal);
    msOfDay = hours.open;
  }
  for (let i = 0; i < days; i++) date = nextWorkingDate(date, cal);
  return fromWallTime({ ...date, msOfDay }, cal.timeZone);
}

function addLocalMonths(start: Date, months: number, timeZone: string): Date {
  const wall = toWallTime(start, timeZone);
  const monthIndex = wall.month - 1 + months;
  const year = wall.year + Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return fromWallTime({ year, month, day: Math.min(wall.day, lastDay), msOfDay: wall.msOfDay }, timeZone);
}
