import { currentLanguage } from "./i18n";
import { daysBetween, localDate, parseWallTime, today, toWallTime, userTimeZone } from "./time";

export { systemTimeZone, userTimeZone } from "./time";

/**
 * Building an Intl formatter costs about forty times formatting one value with it (ICU loads the locale's and the
 * zone's data), and every row formats its dates and figures at every render: so each distinct formatter is built
 * once and kept. A formatter that cannot be built (an unknown zone) throws as `new Intl.…` would, and is not kept.
 */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>();

function kept<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>(
  key: string,
  build: () => T,
): T {
  let formatter = formatters.get(key) as T | undefined;
  if (formatter === undefined) {
    formatter = build();
    formatters.set(key, formatter);
  }
  return formatter;
}

export function dateTimeFormat(loc: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return kept(`d|${loc}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(loc, options));
}

export function numberFormat(loc: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return kept(`n|${loc}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(loc, options));
}

export function relativeTimeFormat(loc: string): Intl.RelativeTimeFormat {
  return kept(`r|${loc}`, () => new Intl.RelativeTimeFormat(loc, { numeric: "auto" }));
}

export function locale(): string {
  return currentLanguage();
}

export function is24h(): boolean {
  return currentLanguage() === "zh-CN";
}

/** `YYYY-MM-DD` → localized date (no time zone shift: the date is a calendar date). */
export function formatDate(date: string | null | undefined): string {
  if (!date) return "—";
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return date;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return dateTimeFormat(locale(), { dateStyle: "medium", timeZone: "UTC" }).format(d);
}

/** UTC RFC 3339 → localized date and time in the given IANA zone (default: the user's zone). */
export function formatDateTime(iso: string | null | undefined, timeZone: string = userTimeZone()): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  try {
    return dateTimeFormat(locale(), {
      dateStyle: "medium",
      timeStyle: "short",
      hour12: !is24h() ? undefined : false,
      timeZone,
    }).format(d);
  } catch {
    return d.toISOString();
  }
}

export function formatTime(iso: string, timeZone: string = userTimeZone()): string {
  const d = new Date(iso);
  try {
    return dateTimeFormat(locale(), {
      timeStyle: "short",
      hour12: !is24h() ? undefined : false,
      timeZone,
    }).format(d);
  } catch {
    return d.toISOString();
  }
}

/** Calendar days from today to the day of `iso`, both in `zone` (null when `iso` does not parse). */
function daysFromToday(iso: string, zone: string): number | null {
  const day = localDate(iso, zone);
  return day ? daysBetween(today(zone), day) : null;
}

/** "tomorrow 10:00" / "明天 10:00" for yesterday, today and tomorrow, else the absolute date and time. */
export function formatRelative(iso: string, timeZone: string = userTimeZone()): string {
  const days = daysFromToday(iso, timeZone);
  if (days === null) return iso;
  if (days >= -1 && days <= 1) {
    const rtf = relativeTimeFormat(locale());
    return `${rtf.format(days, "day")} ${formatTime(iso, timeZone)}`;
  }
  return formatDateTime(iso, timeZone);
}

function capitalize(s: string): string {
  return s.charAt(0).toLocaleUpperCase(locale()) + s.slice(1);
}

function parseCalendarDate(date: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
}

/** `YYYY-MM-DD` → a short date for dense rows, without the year when it is this year ("11月19日", "Nov 19"). */
export function formatShortDate(date: string | null | undefined): string {
  if (!date) return "—";
  const d = parseCalendarDate(date);
  if (!d) return date;
  const thisYear = String(d.getUTCFullYear()) === today().slice(0, 4);
  return dateTimeFormat(
    locale(),
    thisYear ? { month: "short", day: "numeric", timeZone: "UTC" } : { dateStyle: "medium", timeZone: "UTC" },
  ).format(d);
}

/** The day of an instant for a date column: "今天" / "Today", "明天", "昨天", else a short date. */
export function formatDayLabel(iso: string, timeZone: string = userTimeZone()): string {
  const days = daysFromToday(iso, timeZone);
  if (days === null) return iso;
  if (days >= -1 && days <= 1) {
    return capitalize(relativeTimeFormat(locale()).format(days, "day"));
  }
  const d = new Date(iso);
  const thisYear = localDate(iso, timeZone).slice(0, 4) === today(timeZone).slice(0, 4);
  try {
    return dateTimeFormat(locale(), {
      ...(thisYear ? { month: "short", day: "numeric" } : { dateStyle: "medium" }),
      timeZone,
    }).format(d);
  } catch {
    return d.toISOString().slice(0, 10);
  }
}

/** Short weekday and time of an instant: "周一 10:00" / "Mon 10:00 AM". */
export function formatWeekdayTime(iso: string, timeZone: string = userTimeZone()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  try {
    const weekday = dateTimeFormat(locale(), { weekday: "short", timeZone }).format(d);
    return `${weekday} ${formatTime(iso, timeZone)}`;
  } catch {
    return formatTime(iso, timeZone);
  }
}

/** Weekday, date and time of an instant, for a proposal the user must be able to place: "周二 12月1日 10:15" /
 * "Tue Dec 1 10:15 AM". */
export function formatWeekdayDateTime(iso: string, timeZone: string = userTimeZone()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  try {
    const day = dateTimeFormat(locale(), { month: "short", day: "numeric", timeZone }).format(d);
    const weekday = dateTimeFormat(locale(), { weekday: "short", timeZone }).format(d);
    return `${weekday} ${day} ${formatTime(iso, timeZone)}`;
  } catch {
    return formatDateTime(iso, timeZone);
  }
}

/** How long ago an instant was, for "last contact" columns: "3 days ago" / "3天前", "last month" / "上个月". Days
 * are the user's calendar days. */
export function formatAgo(iso: string, now: Date = new Date()): string {
  const zone = userTimeZone();
  const day = localDate(iso, zone);
  if (!day) return iso;
  const days = daysBetween(localDate(now.toISOString(), zone), day);
  const rtf = relativeTimeFormat(locale());
  const abs = Math.abs(days);
  if (abs < 7) return rtf.format(days, "day");
  if (abs < 31) return rtf.format(Math.trunc(days / 7), "week");
  if (abs < 365) return rtf.format(Math.trunc(days / 30), "month");
  return rtf.format(Math.trunc(days / 365), "year");
}

/** Minutes between two instants (0 when either does not parse). */
export function minutesBetween(start: string, end: string): number {
  const ms = new Date(end).getTime() - new Date(start).getTime();
  return Number.isFinite(ms) ? Math.max(0, Math.round(ms / 60_000)) : 0;
}

/** Local wall time "HH:mm" of a Date (for "Saved 14:05"). */
export function formatClock(d: Date): string {
  return dateTimeFormat(locale(), {
    hour: "2-digit",
    minute: "2-digit",
    hour12: !is24h() ? undefined : false,
  }).format(d);
}

export function formatNumber(n: number): string {
  return numberFormat(locale()).format(n);
}

export function currencyDigits(currency: string): number {
  try {
    return numberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Integer minor units + currency → localized money. */
export function formatMoney(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return "—";
  const digits = currencyDigits(currency);
  const major = minor / 10 ** digits;
  try {
    return numberFormat(locale(), { style: "currency", currency }).format(major);
  } catch {
    return `${major.toFixed(digits)} ${currency}`;
  }
}

/** What the user typed in major units ("12,000.50" or 12000.5) → integer minor units, or null when blank. */
export function toMinorUnits(value: string | number | null | undefined, currency: string): number | null {
  if (value === null || value === undefined || value === "") return null;
  const n = typeof value === "number" ? value : Number(String(value).replace(/[,\s_]/g, ""));
  if (!Number.isFinite(n)) return null;
  return Math.round(n * 10 ** currencyDigits(currency));
}

export function fromMinorUnits(minor: number | null | undefined, currency: string): number | "" {
  if (minor === null || minor === undefined) return "";
  return minor / 10 ** currencyDigits(currency);
}

/** UTC RFC 3339 → "YYYY-MM-DD HH:mm" as seen in `timeZone` (for editing). */
export function toZonedInput(iso: string, timeZone: string): string {
  return toWallTime(iso, timeZone);
}

/** "YYYY-MM-DD HH:mm" wall time in `timeZone` → UTC RFC 3339, or null when it is not a real date and time. */
export function fromZonedInput(value: string, timeZone: string): string | null {
  return parseWallTime(value, timeZone);
}

/** Today's date "YYYY-MM-DD" in the user's zone. */
export function todayIso(): string {
  return today();
}
