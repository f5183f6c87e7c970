import { describe, expect, it } from "vitest";
import { fromZonedInput, toMinorUnits, toZonedInput } from "./format";
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
