import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { PlannerChange, PlannerEvent, PlannerRange, Task, Workload } from "../bindings";
import { setUserTimeZone } from "../lib/time";
import { mockBackend, renderApp, WORKING_HOURS, type Call } from "./utils";

/** Tomorrow 10:00–12:00 local, so the event is inside the week the planner opens on (unless that is Sunday). */
function slot(): [string, string] {
  const d = new Date();
  if (d.getDay() !== 0) d.setDate(d.getDate() + (d.getDay() === 6 ? -1 : 1));
  d.setHours(10, 0, 0, 0);
  return [d.toISOString(), new Date(d.getTime() + 2 * 3_600_000).toISOString()];
}

function block(): PlannerEvent {
  const [start, end] = slot();
  return {
    key: "task:t1",
    kind: "task",
    id: "t1",
    occurrence: null,
    title: "准备评审材料",
    start,
    end,
    recurring: false,
    location: null,
    project_id: "p1",
    project_name: "华东产线升级",
    department_id: null,
    project_color: "teal",
    department_color: null,
    people: [{ id: "c1", name: "王晓明" }],
    departments: [],
    due_date: null,
    estimate_hours: 2,
    status: "todo",
    conflicts: [
      {
        kind: "person_double_booked",
        party: { id: "c1", name: "王晓明" },
        other_key: "meeting:m1",
        other_title: "供应商评审",
      },
    ],
  };
}

function backlogTask(): Task {
  return {
    id: "t2",
    title: "确认样品交期",
    description: null,
    project_id: null,
    project_name: null,
    project_color: null,
    meeting_id: null,
    meeting_title: null,
    assignee_contact_id: null,
    assignee_contact_name: null,
    assignee_department_id: null,
    assignee_department_name: null,
    due_date: null,
    status: "todo",
    progress: 0,
    priority: "normal",
    estimate_hours: 1.5,
    scheduled_start: null,
    scheduled_end: null,
    sort_key: 1,
    parent_id: null,
    milestone_id: null,
    created_at: "2026-11-01T00:00:00Z",
    updated_at: "2026-11-01T00:00:00Z",
    deleted_at: null,
    deleted_refs: [],
  };
}

function backend(): Call[] {
  return mockBackend((cmd) => {
    if (cmd === "settings_get") return { locale: null, working_hours: WORKING_HOURS };
    if (cmd === "planner_range")
      return { events: [block()], working_hours: WORKING_HOURS } satisfies PlannerRange;
    if (cmd === "planner_backlog") return [backlogTask()];
    if (cmd === "planner_history") return { can_undo: true, can_redo: false };
    if (cmd === "planner_free_slot") return { start: "2026-11-24T02:00:00Z", end: "2026-11-24T03:30:00Z" };
    if (cmd === "planner_apply" || cmd === "planner_undo")
      return {
        applied: { type: "unschedule_task", task_id: "t1" },
        history: { can_undo: true, can_redo: true },
        week: null,
      };
    if (cmd === "planner_workload")
      return {
        days: ["2026-11-23"],
        rows: [
          {
            kind: "department",
            id: "d1",
            name: "采购部",
            cells: [
              {
                date: "2026-11-23",
                booked_minutes: 180,
                capacity_minutes: 120,
                over: true,
                event_keys: ["task:t1"],
              },
            ],
          },
        ],
        events: [block()],
      } satisfies Workload;
    return undefined;
  });
}

describe("planner", () => {
  it("shows blocks with their conflict marker, the backlog, and the conflict list", async () => {
    backend();
    await renderApp("/planner", "zh-CN");
    // The planner is a lazy chunk: the first test to open it also waits for it to load, which on a busy machine
    // takes longer than the default second.
    const item = await screen.findByTestId("backlog-task", {}, { timeout: 10_000 });
    expect(item).toHaveTextContent("确认样品交期");
    // 1.5 h estimate → a 90-minute block when dragged onto the grid.
    expect(item).toHaveAttribute("data-minutes", "90");
    const event = await screen.findByText("准备评审材料");
    const marker = within(event.closest("[data-testid=planner-event]") as HTMLElement).getByTestId(
      "event-conflict",
    );
    expect(marker).toHaveAccessibleName("1 个冲突");
    expect(screen.getByTestId("conflict-count")).toHaveTextContent("1");
    await userEvent.click(screen.getByTestId("tab-conflicts"));
    expect(await screen.findByTestId("conflict-item")).toHaveTextContent("王晓明 同时在“供应商评审”中");
  });

  it("sends a selected block back to the backlog and undoes with the button and Ctrl+Z", async () => {
    const calls = backend();
    await renderApp("/planner", "en");
    const event = await screen.findByText("准备评审材料");
    fireEvent.click(event);
    await userEvent.click(await screen.findByTestId("event-unschedule"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "planner_apply")).toBe(true));
    const applied = calls.find((c) => c.cmd === "planner_apply")!.args as { change: PlannerChange };
    expect(applied.change).toEqual({ type: "unschedule_task", task_id: "t1" });
    await userEvent.click(screen.getByTestId("planner-undo"));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "planner_undo")).toHaveLength(1));
    fireEvent.keyDown(window, { key: "z", ctrlKey: true });
    // Sent in the key press's own task, not some microtasks later: a drop's save then overlaps the calendar's render.
    expect(calls.filter((c) => c.cmd === "planner_undo")).toHaveLength(2);
    fireEvent.keyDown(window, { key: "Z", ctrlKey: true, shiftKey: true });
    await waitFor(() => expect(calls.some((c) => c.cmd === "planner_redo")).toBe(true));
  });

  it("schedules a backlog task at the next free slot with Enter", async () => {
    const calls = backend();
    await renderApp("/planner", "en");
    const item = await screen.findByTestId("backlog-task");
    item.focus();
    fireEvent.keyDown(item, { key: "Enter" });
    await waitFor(() => expect(calls.some((c) => c.cmd === "planner_apply")).toBe(true));
    const query = calls.find((c) => c.cmd === "planner_free_slot")!.args as {
      query: { duration_minutes: number };
    };
    expect(query.query.duration_minutes).toBe(90);
    const applied = calls.find((c) => c.cmd === "planner_apply")!.args as { change: PlannerChange };
    expect(applied.change).toEqual({
      type: "schedule_task",
      task_id: "t2",
      start: "2026-11-24T02:00:00Z",
      end: "2026-11-24T03:30:00Z",
    });
  });

  it("sends the week on screen with a change and draws the answer's week without asking again", async () => {
    const renamed = { ...block(), title: "评审材料（定稿）" };
    const calls = mockBackend((cmd, args) => {
      if (cmd === "planner_range")
        return { events: [block()], working_hours: WORKING_HOURS } satisfies PlannerRange;
      if (cmd === "planner_backlog") return [];
      if (cmd === "planner_history") return { can_undo: true, can_redo: false };
      if (cmd === "planner_apply") {
        const { week } = args as { week: { from: string; to: string; time_zone: string } | null };
        return {
          applied: { type: "unschedule_task", task_id: "t1" },
          history: { can_undo: true, can_redo: false },
          week: week ? { events: [renamed], working_hours: WORKING_HOURS } : null,
        };
      }
      return undefined;
    });
    await renderApp("/planner", "zh-CN");
    fireEvent.click(await screen.findByText("准备评审材料"));
    const asked = calls.filter((c) => c.cmd === "planner_range");
    await userEvent.click(await screen.findByTestId("event-unschedule"));
    // In the calendar at once, then in the open event's panel.
    await waitFor(() => expect(screen.getAllByText("评审材料（定稿）")).toHaveLength(2));
    expect(screen.queryByText("准备评审材料")).not.toBeInTheDocument();
    const applied = calls.find((c) => c.cmd === "planner_apply")!.args as {
      week: { from: string; to: string; time_zone: string };
    };
    expect(applied.week).toEqual((asked.at(-1)!.args as { query: unknown }).query);
    // The backlog and history are refreshed; the week itself is not asked for again.
    await waitFor(() => expect(calls.filter((c) => c.cmd === "planner_backlog").length).toBeGreaterThan(1));
    expect(calls.filter((c) => c.cmd === "planner_range")).toHaveLength(asked.length);
  });

  it("shows a localized error when a change is refused", async () => {
    mockBackend((cmd) => {
      if (cmd === "settings_get") return { locale: null, working_hours: WORKING_HOURS };
      if (cmd === "planner_range")
        return { events: [block()], working_hours: WORKING_HOURS } satisfies PlannerRange;
      if (cmd === "planner_backlog") return [];
      if (cmd === "planner_history") return { can_undo: false, can_redo: false };
      if (cmd === "planner_apply") throw { code: "not_found", detail: { entity: "task", id: "t1" } };
      return undefined;
    });
    await renderApp("/planner", "zh-CN");
    fireEvent.click(await screen.findByText("准备评审材料"));
    await userEvent.click(await screen.findByTestId("event-unschedule"));
    expect(await screen.findByText("更改未保存")).toBeInTheDocument();
    expect(screen.getByText(/该条目已不存在/)).toBeInTheDocument();
  });

  it("marks an overbooked workload cell", async () => {
    backend();
    await renderApp("/planner", "en");
    await userEvent.click(await screen.findByTestId("planner-mode-workload"));
    const cell = await screen.findByTestId("workload-cell-d1-2026-11-23");
    expect(cell).toHaveAttribute("data-over", "true");
    expect(cell).toHaveTextContent("3 / 2");
  });
});

describe("find next free slot", () => {
  it("proposes the full date and time, so the user can place it", async () => {
    backend();
    await renderApp("/planner", "zh-CN");
    fireEvent.click(await screen.findByText("准备评审材料", {}, { timeout: 10_000 }));
    await userEvent.click(await screen.findByTestId("find-slot"));
    // 2026-11-24T02:00Z is Tuesday 24 November in every zone from UTC−2 to UTC+13.
    expect(await screen.findByTestId("slot-found")).toHaveTextContent(/周二 11月24日 \d\d:\d\d/);
  });
});

describe("a block that ends after its task is due", () => {
  afterEach(() => {
    vi.useRealTimers();
    setUserTimeZone(null);
  });

  it("says moving it later cannot help, looks before the due date, and can move the due date", async () => {
    // A Wednesday noon in Shanghai: on a real Sunday evening (UTC) Shanghai is already in the next week, and the
    // block of tomorrow would not be in the week the planner opens on.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-25T04:00:00Z"));
    setUserTimeZone("Asia/Shanghai");
    const late: PlannerEvent = {
      ...block(),
      due_date: "2026-12-01",
      conflicts: [{ kind: "after_due", party: null, other_key: null, other_title: null }],
    };
    const day = new Date(late.end).toLocaleDateString("sv", { timeZone: "Asia/Shanghai" });
    const calls = mockBackend((cmd) => {
      if (cmd === "settings_get")
        return { locale: null, working_hours: WORKING_HOURS, time_zone: "Asia/Shanghai" };
      if (cmd === "planner_range")
        return { events: [late], working_hours: WORKING_HOURS } satisfies PlannerRange;
      if (cmd === "planner_backlog") return [];
      if (cmd === "planner_history") return { can_undo: false, can_redo: false };
      // Booked solid until the due date.
      if (cmd === "planner_free_slot") return null;
      if (cmd === "task_get") return { ...backlogTask(), id: "t1", due_date: "2026-12-01" };
      if (cmd === "task_update") return { ...backlogTask(), id: "t1" };
      return undefined;
    });
    await renderApp("/planner", "zh-CN");
    fireEvent.click(await screen.findByText("准备评审材料", {}, { timeout: 10_000 }));
    const panel = await screen.findByTestId("after-due");
    expect(panel).toHaveTextContent("往后挪只会更晚");
    // The ordinary "next free slot" (which searches later) is not offered for it.
    expect(screen.queryByTestId("find-slot")).toBeNull();
    await userEvent.click(within(panel).getByTestId("slot-before-due"));
    expect(await screen.findByTestId("no-slot")).toHaveTextContent("截止前没有");
    const asked = calls.filter((c) => c.cmd === "planner_free_slot").map((c) => c.args);
    // The block must end by the close of 1 December in Shanghai.
    expect(asked).toMatchObject([{ query: { before: "2026-12-01T16:00:00Z", ignore_key: "task:t1" } }]);
    await userEvent.click(within(panel).getByTestId("move-due"));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "task_update")).toHaveLength(1));
    expect(calls.find((c) => c.cmd === "task_update")?.args).toMatchObject({
      id: "t1",
      input: { due_date: day },
    });
  });
});

describe("planner in the user's time zone", () => {
  afterEach(() => {
    vi.useRealTimers();
    setUserTimeZone(null);
  });

  it("Shift+arrow moves a block by a calendar day, keeping 10:00 across the spring-forward night", async () => {
    // Thursday 2027-03-25 in Berlin; the clocks go forward early on Sunday the 28th.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2027-03-25T11:00:00Z"));
    const saturday = {
      ...block(),
      start: "2027-03-27T09:00:00Z", // 10:00 CET
      end: "2027-03-27T11:00:00Z",
      conflicts: [],
    };
    const calls = mockBackend((cmd) => {
      if (cmd === "settings_get")
        return { locale: null, working_hours: WORKING_HOURS, time_zone: "Europe/Berlin" };
      if (cmd === "planner_range")
        return { events: [saturday], working_hours: WORKING_HOURS } satisfies PlannerRange;
      if (cmd === "planner_backlog") return [];
      if (cmd === "planner_history") return { can_undo: false, can_redo: false };
      if (cmd === "planner_apply")
        return {
          applied: { type: "unschedule_task", task_id: "t1" },
          history: { can_undo: true, can_redo: false },
        };
      return undefined;
    });
    // As main.tsx does with the saved settings before the first frame.
    setUserTimeZone("Europe/Berlin");
    await renderApp("/planner", "en");
    // The range the planner asks for is counted in the saved zone.
    await waitFor(() =>
      expect(
        calls.some((c) => c.cmd === "planner_range" && JSON.stringify(c.args).includes("Europe/Berlin")),
      ).toBe(true),
    );
    fireEvent.click(await screen.findByText("准备评审材料"));
    fireEvent.keyDown(window, { key: "ArrowRight", shiftKey: true });
    await waitFor(() => expect(calls.some((c) => c.cmd === "planner_apply")).toBe(true));
    const applied = calls.find((c) => c.cmd === "planner_apply")!.args as { change: PlannerChange };
    // Sunday 10:00 CEST is 08:00 UTC: 23 real hours later, not 24.
    expect(applied.change).toEqual({
      type: "schedule_task",
      task_id: "t1",
      start: "2027-03-28T08:00:00.000Z",
      end: "2027-03-28T10:00:00.000Z",
    });
  });
});
