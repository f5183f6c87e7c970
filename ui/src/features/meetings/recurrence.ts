import type { TFunction } from "i18next";
import type { Recurrence } from "../../bindings";

/** "Weekly on Mon, Thu · 10 times" / "每 2 周（周一、周四）· 到 2027-01-31 为止". */
export function describeRecurrence(t: TFunction, r: Recurrence): string {
  const days = r.weekdays.map((d) => t(`recurrence.day.${d}`)).join(t("recurrence.listSeparator"));
  const base =
    r.interval > 1 ? t(`recurrence.everyN.${r.freq}`, { count: r.interval }) : t(`recurrence.freq.${r.freq}`);
  const parts = [r.freq === "weekly" && days ? t("recurrence.onDaysText", { base, days }) : base];
  if (r.until) parts.push(t("recurrence.untilText", { date: r.until }));
  if (r.count) parts.push(t("recurrence.countText", { count: r.count }));
  return parts.join(" · ");
}
