import { afterEach, describe, expect, it, vi } from "vitest";
import { setUserTimeZone } from "./time";
import {
  formatDayLabel,
  formatRelative,
  todayIso,
  formatShortDate,
  formatWeekdayDateTime,
  formatWeekdayTime,
  fromZonedInput,
  toMinorUnits,
  toZonedInput,
} from "./format";
import { initI18n } from "./i18n";
import { IpcError, toAppError, unwrap } from "./ipc";

describe("money", () => {
  it("turns typed major units into integer minor units", () => {
    expect(toMinorUnits("12,000.50", "CNY")).toBe(1_200_050);
    expect(toMinorUnits(12000.5, "USD")).toBe(1_200_050);
    expect(toMinorUnits("1500", "JPY")).toBe(1500);
    expect(toMinorUnits("", "CNY")).toBeNull();
  });
});

describe("time zones", () => {
  it("round-trips wall time in a zone to UTC", () => {
    expect(fromZonedInput("2025-03-10 10:00", "Asia/Shanghai")).toBe("2025-03-10T02:00:00Z");
    expect(fromZonedInput("2025-07-01 09:30", "Europe/Berlin")).toBe("2025-07-01T07:30:00Z");
    expect(toZonedInput("2025-03-10T02:00:00Z", "Asia/Shanghai")).toBe("2025-03-10 10:00");
    expect(fromZonedInput("tomorrow", "UTC")).toBeNull();
  });
});

describe("ipc", () => {
  it("unwraps ok results and throws typed errors", async () => {
    await expect(unwrap(Promise.resolve({ status: "ok" as const, data: 5 }))).resolves.toBe(5);
    const err = await unwrap(
      Promise.resolve({ status: "error" as const, error: { code: "not_empty" as const } }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpcError);
    expect((err as IpcError).code).toBe("not_empty");
    expect(toAppError("boom")).toEqual({ code: "internal", detail: { message: "boom" } });
  });
});

describe("dense row dates", () => {
  afterEach(() => vi.useRealTimers());

  it("drops the year for this year's dates and keeps it otherwise, in both languages", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(2026, 10, 27, 12, 0));
    initI18n("zh-CN");
    expect(formatShortDate("2026-11-19")).toBe("11月19日");
    expect(formatShortDate("2027-02-18")).toBe("2027年2月18日");
    expect(formatDayLabel(new Date(2026, 10, 27, 16, 0).toISOString())).toBe("今天");
    expect(formatWeekdayTime("2026-11-30T01:00:00Z", "Asia/Shanghai")).toBe("周一 09:00");
    expect(formatWeekdayDateTime("2026-12-01T02:15:00Z", "Asia/Shanghai")).toBe("周二 12月1日 10:15");
    initI18n("en");
    expect(formatShortDate("2026-11-19")).toBe("Nov 19");
    expect(formatShortDate("2027-02-18")).toBe("Feb 18, 2027");
    expect(formatDayLabel(new Date(2026, 10, 28, 9, 0).toISOString())).toBe("Tomorrow");
  });
});

describe("relative days in the user's zone", () => {
  afterEach(() => {
    vi.useRealTimers();
    setUserTimeZone(null);
  });

  it("at 07:00 in Shanghai, a meeting at 09:00 is today (UTC would still call it tomorrow)", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-22T23:00:00Z"));
    initI18n("en");
    setUserTimeZone("UTC");
    expect(formatDayLabel("2026-11-23T01:00:00Z")).toBe("Tomorrow");
    setUserTimeZone("Asia/Shanghai");
    expect(formatDayLabel("2026-11-23T01:00:00Z")).toBe("Today");
    expect(formatRelative("2026-11-23T01:00:00Z")).toBe("today 9:00 AM");
    expect(todayIso()).toBe("2026-11-23");
  });
});
