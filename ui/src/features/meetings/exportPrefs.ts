import type { TFunction } from "i18next";
import type { ExportFormat, Lang, Meeting } from "../../bindings";
import { currentLanguage, LANGUAGES } from "../../lib/i18n";
import { localDate } from "../../lib/time";

export const FORMATS: readonly ExportFormat[] = ["md", "html", "pdf", "docx", "eml", "ics"];
export const EXPORT_LANGS: readonly Lang[] = LANGUAGES;

const FORMAT_KEY = "export.format";
const LANG_KEY = "export.lang";

/** The last export format used, Markdown the first time. */
export function storedFormat(): ExportFormat {
  const v = localStorage.getItem(FORMAT_KEY);
  return FORMATS.includes(v as ExportFormat) ? (v as ExportFormat) : "md";
}

/** The last summary language used; the first time, the UI language (the two are independent afterwards). */
export function storedLang(): Lang {
  const v = localStorage.getItem(LANG_KEY);
  return EXPORT_LANGS.includes(v as Lang) ? (v as Lang) : currentLanguage();
}

export function rememberExport(format: ExportFormat, lang: Lang) {
  localStorage.setItem(FORMAT_KEY, format);
  localStorage.setItem(LANG_KEY, lang);
}

export function formatOptions(t: TFunction) {
  return FORMATS.map((f) => ({ value: f, label: t(`export.format.${f}`) }));
}

/** Summary languages are named in their own language, so either can be found whatever the UI shows. */
export function langOptions() {
  return EXPORT_LANGS.map((l) => ({ value: l, label: l === "zh-CN" ? "中文" : "English" }));
}

/** Characters no file system accepts in a name. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f]+/g;

/** "2026-11-24 周例会.docx" (the day the user sees the meeting on, in their zone, as the backend names batch files),
 * optionally " – 采购部" for a party's pack. */
export function exportFileName(
  meeting: Pick<Meeting, "title" | "starts_at">,
  format: ExportFormat,
  party?: string | null,
): string {
  const date = localDate(meeting.starts_at);
  const title = meeting.title.replace(UNSAFE, " ").replace(/\s+/g, " ").trim();
  const who = party ? ` – ${party.replace(UNSAFE, " ").trim()}` : "";
  return `${[date, title].filter(Boolean).join(" ")}${who}.${format}`;
}

/** A job id for a cancellable export. */
export function newJobId(): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
