import { act, render } from "@testing-library/react";
import { createRef } from "react";
import FullCalendar, { type CalendarRef } from "@fullcalendar/react";
import timeGridPlugin from "@fullcalendar/react/timegrid";
import { describe, expect, it } from "vitest";

/** FullCalendar 7's types no longer declare it; its implementation still has it. */
type Batching = { batchRendering(callback: () => void): void };

/**
 * The planner's drop relies on `batchRendering` holding FullCalendar's actions until the callback returns
 * (ui/patches/@fullcalendar+react+7.1.4.patch): unpatched, FullCalendar 7 reduces and renders each action at once.
 */
describe("FullCalendar patch", () => {
  function calendar() {
    const ref = createRef<CalendarRef>();
    render(
      <FullCalendar
        ref={ref}
        plugins={[timeGridPlugin]}
        initialView="timeGridWeek"
        initialDate="2026-11-30"
      />,
    );
    return ref.current!.getApi() as ReturnType<CalendarRef["getApi"]> & Batching;
  }

  it("batchRendering applies what was dispatched inside it once, after the callback", () => {
    const api = calendar();
    let inside = -1;
    act(() =>
      api.batchRendering(() => {
        api.addEvent({ id: "a", title: "评审", start: "2026-11-30T10:00:00", end: "2026-11-30T11:00:00" });
        api.addEvent({ id: "b", title: "Review", start: "2026-12-01T10:00:00", end: "2026-12-01T11:00:00" });
        inside = api.getEvents().length;
      }),
    );
    expect(inside).toBe(0);
    expect(
      api
        .getEvents()
        .map((e) => e.id)
        .sort(),
    ).toEqual(["a", "b"]);
  });

  it("batchRendering still applies the actions when the callback throws", () => {
    const api = calendar();
    expect(() =>
      act(() =>
        api.batchRendering(() => {
          api.addEvent({ id: "a", title: "评审", start: "2026-11-30T10:00:00" });
          throw new Error("boom");
        }),
      ),
    ).toThrow("boom");
    expect(api.getEvents()).toHaveLength(1);
  });

  it("a nested batchRendering runs inside the outer one", () => {
    const api = calendar();
    let inner = -1;
    act(() =>
      api.batchRendering(() => {
        api.batchRendering(() => {
          api.addEvent({ id: "a", title: "评审", start: "2026-11-30T10:00:00" });
        });
        inner = api.getEvents().length;
      }),
    );
    expect(inner).toBe(0);
    expect(api.getEvents()).toHaveLength(1);
  });
});
