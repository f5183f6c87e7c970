import { describe, expect, it } from "vitest";
import {
  emptySync,
  PATCH_LIMIT,
  syncEvents,
  type SyncApi,
  type SyncEvent,
  type SyncInput,
} from "../features/planner/calendarSync";

/** A calendar that keeps its events in a map and records every call the sync makes. */
function fakeCalendar() {
  const calls: string[] = [];
  const events = new Map<string, SyncInput>();
  let sources = 0;
  const eventApi = (id: string): SyncEvent => ({
    start: new Date(events.get(id)!.start),
    end: new Date(events.get(id)!.end),
    remove: () => {
      calls.push(`remove ${id}`);
      events.delete(id);
    },
  });
  const put = (i: SyncInput) => events.set(i.id, i);
  const api: SyncApi<number> = {
    getEventById: (id) => (events.has(id) ? eventApi(id) : null),
    addEvent: (i, source) => {
      calls.push(`addEvent ${String(i.id)} to source ${source}`);
      put(i as SyncInput);
    },
    addEventSource: ({ events: all }) => {
      calls.push(`addEventSource ${all.length}`);
      (all as SyncInput[]).forEach(put);
      sources += 1;
      return sources;
    },
    removeAllEventSources: () => calls.push("removeAllEventSources"),
    removeAllEvents: () => {
      calls.push("removeAllEvents");
      events.clear();
    },
  };
  /** What FullCalendar does at a drop: it draws the event at its new times itself, before the planner saves. */
  const drag = (id: string, start: Date, end: Date) =>
    events.set(id, { ...events.get(id)!, start: start.toISOString(), end: end.toISOString() });
  return { api, calls, events, drag };
}

function ev(n: number, over: Partial<SyncInput> = {}): SyncInput {
  const start = new Date(Date.UTC(2026, 2, 2, n % 10, 0));
  return {
    id: `task:${n}`,
    title: `任务 ${n}`,
    start: start.toISOString(),
    end: new Date(start.getTime() + 3_600_000).toISOString(),
    color: "#228be6",
    className: " ld-block ",
    extendedProps: { conflicts: 0, recurring: false },
    ...over,
  };
}

const week = Array.from({ length: 500 }, (_, i) => ev(i));

/** The calls that replace these events one by one: all removed, then all added to the one source. */
function replaced(...ids: string[]): string[] {
  return [...ids.map((id) => `remove ${id}`), ...ids.map((id) => `addEvent ${id} to source 1`)];
}

describe("planner calendar sync", () => {
  it("loads a week in one step, then leaves an identical week alone", () => {
    const { api, calls, events } = fakeCalendar();
    const state = emptySync<number>();
    expect(syncEvents(api, state, week)).toBe("replace");
    expect(calls).toEqual(["removeAllEventSources", "removeAllEvents", "addEventSource 500"]);
    expect(events.size).toBe(500);

    calls.length = 0;
    // A refetch gives equal data in new objects: nothing is touched.
    expect(
      syncEvents(
        api,
        state,
        week.map((e) => ({ ...e, extendedProps: { ...e.extendedProps } })),
      ),
    ).toBe("none");
    expect(calls).toEqual([]);
  });

  it("after a drop replaces only the events that changed", () => {
    const { api, calls, events } = fakeCalendar();
    const state = emptySync<number>();
    syncEvents(api, state, week);
    calls.length = 0;

    // The saved week has task:7 on Thursday, and task:8 now conflicts with it.
    const moved = ev(7, { start: "2026-03-05T02:00:00.000Z", end: "2026-03-05T03:00:00.000Z" });
    const conflicting = {
      ...week[8],
      className: "ld-conflict ld-block ",
      extendedProps: { conflicts: 1, recurring: false },
    };
    const next = week.map((e) => (e.id === "task:7" ? moved : e.id === "task:8" ? conflicting : e));
    expect(syncEvents(api, state, next)).toBe("patch");
    expect(calls).toEqual(replaced("task:7", "task:8"));
    expect(events.get("task:7")).toBe(moved);
    expect(events.get("task:8")).toBe(conflicting);
    expect(events.size).toBe(500);

    // Undo: the saved week puts both back.
    calls.length = 0;
    expect(syncEvents(api, state, week)).toBe("patch");
    expect(calls).toHaveLength(4);
    expect(events.get("task:7")!.start).toBe(week[7].start);
  });

  it("leaves a dropped event alone when the saved week has it where the calendar drew it", () => {
    const { api, calls, events, drag } = fakeCalendar();
    const state = emptySync<number>();
    syncEvents(api, state, week);
    calls.length = 0;
    const [start, end] = [new Date("2026-03-05T02:00:00Z"), new Date("2026-03-05T03:00:00Z")];
    drag("task:7", start, end);
    // The backend writes whole seconds without milliseconds; the same instants are the same place.
    const saved = ev(7, { start: "2026-03-05T02:00:00Z", end: "2026-03-05T03:00:00Z" });
    const next = week.map((e) => (e.id === "task:7" ? saved : e));
    expect(syncEvents(api, state, next)).toBe("none");
    expect(calls).toEqual([]);
    // What it holds now is the saved week: the same week again is still nothing to do, and undo moves it back.
    expect(syncEvents(api, state, next)).toBe("none");
    expect(syncEvents(api, state, week)).toBe("patch");
    expect(calls).toEqual(replaced("task:7"));
    expect(events.get("task:7")!.start).toBe(week[7].start);
  });

  it("draws a dropped event again when the save put it elsewhere or changed more than its times", () => {
    const { api, calls, events, drag } = fakeCalendar();
    const state = emptySync<number>();
    syncEvents(api, state, week);
    drag("task:7", new Date("2026-03-05T02:00:00Z"), new Date("2026-03-05T03:00:00Z"));
    drag("task:8", new Date("2026-03-05T04:00:00Z"), new Date("2026-03-05T05:00:00Z"));
    calls.length = 0;
    // task:7 was saved a quarter later than dropped; task:8 where dropped, but it now has a conflict.
    const later = ev(7, { start: "2026-03-05T02:15:00Z", end: "2026-03-05T03:15:00Z" });
    const flagged = ev(8, {
      start: "2026-03-05T04:00:00Z",
      end: "2026-03-05T05:00:00Z",
      className: "ld-conflict ld-block ",
      extendedProps: { conflicts: 1, recurring: false },
    });
    const next = week.map((e) => (e.id === "task:7" ? later : e.id === "task:8" ? flagged : e));
    expect(syncEvents(api, state, next)).toBe("patch");
    expect(calls).toEqual(replaced("task:7", "task:8"));
    expect(events.get("task:7")).toBe(later);
    expect(events.get("task:8")).toBe(flagged);
  });

  it("adds and removes single events into the same source", () => {
    const { api, calls, events } = fakeCalendar();
    const state = emptySync<number>();
    syncEvents(api, state, week.slice(0, 10));
    calls.length = 0;
    const next = [...week.slice(1, 10), ev(600, { title: "新会议" })];
    expect(syncEvents(api, state, next)).toBe("patch");
    expect(calls).toEqual(["remove task:0", "addEvent task:600 to source 1"]);
    expect([...events.keys()].sort()).toEqual(next.map((e) => e.id).sort());
  });

  it("replaces the source for another week or a large change", () => {
    const { api, calls } = fakeCalendar();
    const state = emptySync<number>();
    syncEvents(api, state, week);
    calls.length = 0;
    // Colouring by department changes every event.
    expect(
      syncEvents(
        api,
        state,
        week.map((e) => ({ ...e, color: "#fa5252" })),
      ),
    ).toBe("replace");
    expect(calls).toEqual(["removeAllEventSources", "removeAllEvents", "addEventSource 500"]);

    calls.length = 0;
    const few = week.map((e, i) =>
      i <= PATCH_LIMIT ? { ...e, color: "#40c057" } : { ...e, color: "#fa5252" },
    );
    expect(syncEvents(api, state, few)).toBe("replace");
    calls.length = 0;
    const justUnder = few.map((e, i) => (i < PATCH_LIMIT ? { ...e, title: `${e.title}!` } : e));
    expect(syncEvents(api, state, justUnder)).toBe("patch");
    expect(calls.filter((c) => c.startsWith("addEvent")).length).toBe(PATCH_LIMIT);
  });

  it("an empty week clears the calendar", () => {
    const { api, events } = fakeCalendar();
    const state = emptySync<number>();
    syncEvents(api, state, week.slice(0, 3));
    expect(syncEvents(api, state, [])).toBe("patch");
    expect(events.size).toBe(0);
  });
});
