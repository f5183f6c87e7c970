import { Temporal } from "temporal-polyfill";

/**
 * Wall-clock arithmetic in the user's zone: "today", typed dates and times, "a week later", day moves and date
 * ranges. Every such rule in the UI goes through here (the backend's twin is src-tauri/domain/time.rs), so 10:00
 * stays 10:00 across a daylight-saving change instead of drifting by the hour a fixed 24-hour step would add.
 *
 * Odd readings resolve like Temporal's "compatible" disambiguation (and RFC 5545): a time that happens twice means
 * the earlier instant; a time skipped by a spring-forward gap moves forward by the length of the gap.
 */

let savedZone: string | null = null;
const listeners = new Set<() => void>();

export function systemTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** True for a zone name the time-zone database knows ("Asia/Shanghai", "UTC"). */
export function isTimeZone(zone: string): boolean {
  if (zone.trim() === "") return false;
  try {
    Temporal.Now.zonedDateTimeISO(zone.trim());
    return true;
  } catch {
    return false;
  }
}

/** The zone the user's days are counted in: the one chosen in Settings, else the system's. */
export function userTimeZone(): string {
  return savedZone ?? systemTimeZone();
}

/** Called when Settings load or change; null (or an unknown name) follows the system zone again. */
export function setUserTimeZone(zone: string | null | undefined): void {
  const next = zone && isTimeZone(zone) ? zone.trim() : null;
  if (next === savedZone) return;
  savedZone = next;
  listeners.forEach((l) => l());
}

/** Calls `listener` whenever the user's zone changes; returns the unsubscribe function. */
export function onUserTimeZoneChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Every IANA zone the runtime knows, for pickers; the user's and the system's are always in the list. */
export function timeZones(): string[] {
  let list: string[];
  try {
    list = Intl.supportedValuesOf("timeZone");
  } catch {
    list = [
      "UTC",
      "Asia/Shanghai",
      "Asia/Hong_Kong",
      "Asia/Tokyo",
      "Europe/London",
      "Europe/Berlin",
      "America/New_York",
    ];
  }
  return [...new Set([...list, userTimeZone(), systemTimeZone(), "UTC"])];
}

const DATE_RE = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/;
const WALL_RE = /^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})\s*$/;

function plainDate(y: number, m: number, d: number): Temporal.PlainDate | null {
  try {
    // "reject": 2026-02-30 is an error, never 2026-03-02.
    return Temporal.PlainDate.from({ year: y, month: m, day: d }, { overflow: "reject" });
  } catch {
    return null;
  }
}

/** A typed calendar date "YYYY-MM-DD" → the same string when it is a real date, else null (2026-02-30 → null). */
export function parseDate(text: string): string | null {
  const m = DATE_RE.exec(text);
  if (!m) return null;
  return plainDate(Number(m[1]), Number(m[2]), Number(m[3]))?.toString() ?? null;
}

/** A typed wall time "YYYY-MM-DD HH:mm" in `zone` → UTC RFC 3339 ("…Z"), or null when it is not a real time. */
export function parseWallTime(text: string, zone: string): string | null {
  const m = WALL_RE.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (!plainDate(y, mo, d)) return null;
  try {
    const local = Temporal.PlainDateTime.from(
      { year: y, month: mo, day: d, hour: h, minute: mi },
      { overflow: "reject" },
    );
    return local.toZonedDateTime(zone, { disambiguation: "compatible" }).toInstant().toString();
  } catch {
    return null;
  }
}

function zoned(iso: string, zone: string): Temporal.ZonedDateTime | null {
  try {
    return Temporal.Instant.from(iso).toZonedDateTimeISO(zone);
  } catch {
    return null;
  }
}

const pad = (n: number) => String(n).padStart(2, "0");

/** UTC RFC 3339 → "YYYY-MM-DD HH:mm" as the clock reads in `zone` ("" when either does not parse). */
export function toWallTime(iso: string, zone: string): string {
  const z = zoned(iso, zone);
  return z ? `${z.toPlainDate().toString()} ${pad(z.hour)}:${pad(z.minute)}` : "";
}

/** The local date "YYYY-MM-DD" of an instant in `zone` ("" when either does not parse). */
export function localDate(iso: string, zone: string = userTimeZone()): string {
  return zoned(iso, zone)?.toPlainDate().toString() ?? "";
}

/** Today's date "YYYY-MM-DD" in `zone` (the user's by default). */
export function today(zone: string = userTimeZone(), now: Temporal.Instant = Temporal.Now.instant()): string {
  return now.toZonedDateTimeISO(zone).toPlainDate().toString();
}

function toIso(z: Temporal.ZonedDateTime): string {
  return z.toInstant().toString();
}

/** The same wall-clock time `days` local days later (earlier when negative): keeps 10:00 across DST changes. */
export function addDays(iso: string, days: number, zone: string): string {
  const z = zoned(iso, zone);
  return z ? toIso(z.add({ days })) : iso;
}

/** The next full hour on `zone`'s clock (UTC RFC 3339), e.g. where a new meeting starts by default. */
export function nextFullHour(zone: string, now: Temporal.Instant = Temporal.Now.instant()): string {
  const z = now.toZonedDateTimeISO(zone).round({ smallestUnit: "hour", roundingMode: "floor" });
  return toIso(z.add({ hours: 1 }));
}

/** The same wall-clock time `weeks` weeks later, e.g. a follow-up meeting one week on. */
export function addWeeks(iso: string, weeks: number, zone: string): string {
  return addDays(iso, weeks * 7, zone);
}

/** A calendar date `days` days on ("2026-02-28" + 1 → "2026-03-01"). */
export function plusDays(date: string, days: number): string {
  const d = parseDate(date);
  return d ? Temporal.PlainDate.from(d).add({ days }).toString() : date;
}

/** Whole calendar days from date `a` to date `b` (negative when `b` is earlier). */
export function daysBetween(a: string, b: string): number {
  const pa = parseDate(a);
  const pb = parseDate(b);
  if (!pa || !pb) return 0;
  return Temporal.PlainDate.from(pa).until(Temporal.PlainDate.from(pb), { largestUnit: "days" }).days;
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday (0 when it does not parse). */
export function isoWeekday(date: string): number {
  const d = parseDate(date);
  return d ? Temporal.PlainDate.from(d).dayOfWeek : 0;
}

/** The first instant of a local date in `zone` (UTC RFC 3339): its midnight, or when the clocks skip midnight, the
 * moment they jump. */
export function startOfDay(date: string, zone: string): string | null {
  const d = parseDate(date);
  if (!d) return null;
  try {
    return toIso(Temporal.PlainDate.from(d).toZonedDateTime({ timeZone: zone }));
  } catch {
    return null;
  }
}

/**
 * The instants covering local dates `from` through `to` (both included) in `zone`: [start of `from`, start of the
 * day after `to`). Either end may be blank (open); a date that is not real gives null for that end.
 */
export function dayRange(from: string, to: string, zone: string): { from: string | null; to: string | null } {
  return {
    from: from.trim() ? startOfDay(from, zone) : null,
    to: to.trim() ? startOfDay(plusDays(to, 1), zone) : null,
  };
}
