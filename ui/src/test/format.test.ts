import { describe, expect, it } from "vitest";
import { dateTimeFormat, formatDateTime, numberFormat, relativeTimeFormat } from "../lib/format";

describe("kept Intl formatters", () => {
  it("builds each distinct formatter once", () => {
    const options = { month: "short", day: "numeric", timeZone: "Asia/Shanghai" } as const;
    expect(dateTimeFormat("en", options)).toBe(dateTimeFormat("en", { ...options }));
    expect(numberFormat("en")).toBe(numberFormat("en", {}));
    expect(relativeTimeFormat("zh-CN")).toBe(relativeTimeFormat("zh-CN"));
  });

  it("keeps formatters of different languages and options apart", () => {
    const day = new Date(Date.UTC(2026, 11, 1, 2, 30));
    const options = { month: "short", day: "numeric", timeZone: "UTC" } as const;
    expect(dateTimeFormat("en", options).format(day)).toBe("Dec 1");
    expect(dateTimeFormat("zh-CN", options).format(day)).toBe("12月1日");
    expect(dateTimeFormat("en", { ...options, timeZone: "America/Los_Angeles" }).format(day)).toBe("Nov 30");
    expect(numberFormat("en").format(12345.5)).toBe("12,345.5");
    expect(numberFormat("en", { maximumFractionDigits: 0 }).format(12345.5)).toBe("12,346");
  });

  it("still refuses an unknown zone every time, without keeping anything for it", () => {
    const iso = "2026-12-01T02:30:00Z";
    expect(() => dateTimeFormat("en", { timeZone: "Nowhere/Town" })).toThrow(RangeError);
    expect(() => dateTimeFormat("en", { timeZone: "Nowhere/Town" })).toThrow(RangeError);
    expect(formatDateTime(iso, "Nowhere/Town")).toBe("2026-12-01T02:30:00.000Z");
  });
});
