import { afterEach, describe, expect, it } from "vitest";
import { Temporal } from "temporal-polyfill";
import {
  addDays,
  addWeeks,
  dayRange,
  daysBetween,
  isoWeekday,
  isTimeZone,
  localDate,
  parseDate,
  parseWallTime,
  plusDays,
  setUserTimeZone,
  startOfDay,
  systemTimeZone,
  timeZones,
  today,
  toWallTime,
  userTimeZone,
} from "./time";

afterEach(() => setUserTimeZone(null));

describe("typed dates", () => {
  it("refuses impossible dates instead of rolling them over", () => {
    expect(parseDate("2026-02-30")).toBeNull();
    expect(parseDate("2026-04-31")).toBeNull();
    expect(parseDate("2026-13-01")).toBeNull();
    expect(parseDate("2026-2-3")).toBeNull();
    expect(parseDate("")).toBeNull();
    expect(parseDate("2028-02-29")).toBe("2028-02-29");
    expect(parseDate(" 2026-11-24 ")).toBe("2026-11-24");
    expect(parseWallTime("2026-02-30 10:00", "Asia/Shanghai")).toBeNull();
    expect(parseWallTime("2026-02-28 24:00", "Asia/Shanghai")).toBeNull();
    expect(parseWallTime("2026-02-28 10:60", "Asia/Shanghai")).toBeNull();
    expect(parseWallTime("2026-02-28 10:00", "Mars/Olympus")).toBeNull();
  });

  it("reads wall times in the given zone", () => {
    expect(parseWallTime("2026-11-24 10:00", "Asia/Shanghai")).toBe("2026-11-24T02:00:00Z");
    expect(parseWallTime("2026-11-24T9:30", "Europe/Berlin")).toBe("2026-11-24T08:30:00Z");
    expect(toWallTime("2026-11-24T02:00:00Z", "Asia/Shanghai")).toBe("2026-11-24 10:00");
    expect(toWallTime("not a time", "Asia/Shanghai")).toBe("");
  });

  it("resolves DST gaps and folds like the backend (compatible)", () => {
    // 02:30 does not exist in Berlin on 2027-03-28: it means 03:30 CEST.
    expect(parseWallTime("2027-03-28 02:30", "Europe/Berlin")).toBe("2027-03-28T01:30:00Z");
    // 02:30 happens twice on 2027-10-31: the earlier (CEST) one.
    expect(parseWallTime("2027-10-31 02:30", "Europe/Berlin")).toBe("2027-10-31T00:30:00Z");
    // New York's 01:30 on 2026-11-01 happens twice: EDT first.
    expect(parseWallTime("2026-11-01 01:30", "America/New_York")).toBe("2026-11-01T05:30:00Z");
  });
});

describe("wall-clock arithmetic", () => {
  it("a week later keeps the local time across a spring-forward change", () => {
    // Monday 10:00 CET → Monday 10:00 CEST: 167 real hours, not 168.
    const before = "2027-03-22T09:00:00Z";
    const after = addWeeks(before, 1, "Europe/Berlin");
    expect(after).toBe("2027-03-29T08:00:00Z");
    expect(toWallTime(after, "Europe/Berlin")).toBe("2027-03-29 10:00");
    expect(addWeeks(after, -1, "Europe/Berlin")).toBe(before);
  });

  it("a day later keeps the local time across a fall-back change", () => {
    // Saturday 09:30 EDT → Sunday 09:30 EST is 25 hours.
    const sat = "2026-10-31T13:30:00Z";
    const sun = addDays(sat, 1, "America/New_York");
    expect(sun).toBe("2026-11-01T14:30:00Z");
    expect(Temporal.Instant.from(sun).since(Temporal.Instant.from(sat)).total("hours")).toBe(25);
    expect(addDays(sun, -1, "America/New_York")).toBe(sat);
    // Zones without DST stay 24 hours.
    expect(addDays("2026-11-22T23:00:00Z", 1, "Asia/Shanghai")).toBe("2026-11-23T23:00:00Z");
    // A bad instant comes back unchanged.
    expect(addDays("nope", 1, "Asia/Shanghai")).toBe("nope");
  });

  it("counts today in the user's zone", () => {
    // Monday 07:00 in Shanghai is still Sunday in UTC.
    const now = Temporal.Instant.from("2026-11-22T23:00:00Z");
    expect(today("Asia/Shanghai", now)).toBe("2026-11-23");
    expect(today("UTC", now)).toBe("2026-11-22");
    expect(localDate("2026-11-22T23:00:00Z", "Asia/Shanghai")).toBe("2026-11-23");
  });

  it("date ranges cover whole local days, 23 or 25 hours on DST days", () => {
    const spring = dayRange("2027-03-28", "2027-03-28", "Europe/Berlin");
    expect(spring).toEqual({ from: "2027-03-27T23:00:00Z", to: "2027-03-28T22:00:00Z" });
    const fall = dayRange("2027-10-31", "2027-10-31", "Europe/Berlin");
    expect(fall).toEqual({ from: "2027-10-30T22:00:00Z", to: "2027-10-31T23:00:00Z" });
    expect(dayRange("", "2026-11-30", "Asia/Shanghai")).toEqual({ from: null, to: "2026-11-30T16:00:00Z" });
    expect(dayRange("2026-02-30", "", "Asia/Shanghai")).toEqual({ from: null, to: null });
    // São Paulo skipped midnight on 2018-11-04: the day starts at 01:00 local.
    expect(startOfDay("2018-11-04", "America/Sao_Paulo")).toBe("2018-11-04T03:00:00Z");
  });

  it("calendar-date helpers", () => {
    expect(plusDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(plusDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(daysBetween("2026-11-23", "2026-11-30")).toBe(7);
    expect(daysBetween("2027-03-29", "2027-03-27")).toBe(-2);
    expect(isoWeekday("2026-11-23")).toBe(1);
    expect(isoWeekday("2026-11-29")).toBe(7);
  });
});

describe("the user's zone", () => {
  it("defaults to the system zone and follows Settings", () => {
    expect(userTimeZone()).toBe(systemTimeZone());
    setUserTimeZone("Asia/Shanghai");
    expect(userTimeZone()).toBe("Asia/Shanghai");
    setUserTimeZone("Not/A_Zone");
    expect(userTimeZone()).toBe(systemTimeZone());
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("")).toBe(false);
    expect(timeZones()).toContain("Asia/Shanghai");
    expect(timeZones()).toContain("UTC");
  });
});
