import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { BoardColumn, Project, ProjectOverview, Risk } from "../bindings";
import type { Language } from "../lib/i18n";
import { addDays, daysBetween, isoWeek } from "../features/projects/api";
import { keyboardMove, placement } from "../features/projects/Board";
import { formatMinor, minorToText, parseMinor, scale } from "../features/projects/money";
import { heatCounts, levelOf } from "../features/projects/Risks";
import { barOf, span } from "../features/projects/Timeline";
import { depths } from "../features/projects/TaskPlanFields";
import { dashboardSummary, task } from "./fixtures";
import { mockBackend, org, renderApp } from "./utils";

// The project page loads the project, then the tab's own queries: on a loaded machine that can take over the
// default second.
configure({ asyncUtilTimeout: 5000 });

function project(overrides: Partial<Project> = {}): Project {
  return {
    id: "p1",
    name: "华东产线升级",
    code: "HD-1",
    status: "active",
    start_date: "2026-11-01",
    due_date: "2026-12-31",
    budget_planned: null,
    budget_actual: null,
    currency: "CNY",
    owner_department_id: null,
    owner_department_name: null,
    deleted_refs: [],
    color: null,
    organizations: [],
    task_count: 2,
    open_task_count: 2,
    created_at: "2026-11-01T00:00:00Z",
    updated_at: "2026-11-01T00:00:00Z",
    deleted_at: null,
    ...overrides,
  };
}

function risk(overrides: Partial<Risk> = {}): Risk {
  return {
    id: "r1",
    project_id: "p1",
    title: "关键供应商交期延误",
    description: null,
    probability: 4,
    impact: 4,
    score: 16,
    level: "high",
    owner_contact_id: null,
    owner_name: null,
    mitigation: null,
    due_date: null,
    status: "open",
    reviews: [],
    flagged: false,
    tasks: [],
    deleted_refs: [],
    created_at: "2026-11-01T00:00:00Z",
    updated_at: "2026-11-01T00:00:00Z",
    ...overrides,
  };
}

function overview(): ProjectOverview {
  return {
    project: project(),
    health: {
      rag: "amber",
      computed: "amber",
      reasons: [{ kind: "high_risks", count: 1 }],
      manual: null,
      override_active: false,
    },
    milestones: [],
    status_counts: [
      ["todo", 1],
      ["in_progress", 1],
      ["blocked", 0],
      ["done", 0],
      ["cancelled", 0],
    ],
    overdue_tasks: 0,
    top_risks: [risk()],
    budget: [],
  };
}

const columns = (): BoardColumn[] => [
  { status: "todo", tasks: [task("a", "A"), task("b", "B")] },
  { status: "in_progress", tasks: [task("c", "C", { status: "in_progress" })] },
  { status: "blocked", tasks: [] },
];

describe("money as integer minor units", () => {
  it("formats and parses without floats, keeping every minor unit", () => {
    expect(formatMinor("1050001", "CNY")).toMatch(/^10,500\.01 CNY$/);
    expect(formatMinor("-5", "CNY")).toBe("−0.05 CNY");
    expect(formatMinor("9007199254740993", "CNY")).toContain(".93");
    expect(parseMinor("1,234.5", "CNY")).toBe("123450");
    expect(parseMinor("90071992547409.93", "CNY")).toBe("9007199254740993");
    expect(parseMinor("1.234", "CNY")).toBeNull();
    expect(parseMinor("12", "JPY")).toBe("12");
    expect(parseMinor("-3", "CNY")).toBeNull();
    expect(scale("50", "100", 200)).toBe(100);
    expect(scale("1", "0", 200)).toBe(0);
    expect(minorToText("1050001", "CNY")).toBe("10500.01");
    expect(minorToText("12", "JPY")).toBe("12");
    expect(parseMinor(minorToText("9007199254740993", "CNY"), "CNY")).toBe("9007199254740993");
  });
});

describe("weeks and days", () => {
  it("names ISO weeks at the year's edges", () => {
    expect(isoWeek("2026-11-26")).toBe("2026-W48");
    expect(isoWeek("2026-11-23")).toBe("2026-W48");
    expect(isoWeek("2026-11-29")).toBe("2026-W48");
    expect(isoWeek("2027-01-01")).toBe("2026-W53");
    expect(isoWeek("2024-12-30")).toBe("2025-W01");
    expect(addDays("2026-02-27", 2)).toBe("2026-03-01");
    expect(daysBetween("2026-11-23", "2026-12-01")).toBe(8);
  });
});

describe("board moves", () => {
  it("places a dropped card before the card it lands on, or last in a column", () => {
    expect(placement(columns(), "a", "c")).toEqual({
      task_id: "a",
      status: "in_progress",
      after_id: null,
      before_id: "c",
    });
    expect(placement(columns(), "a", "col:in_progress")).toEqual({
      task_id: "a",
      status: "in_progress",
      after_id: "c",
      before_id: null,
    });
    expect(placement(columns(), "a", "col:blocked")?.after_id).toBeNull();
    expect(placement(columns(), "a", "nowhere")).toBeNull();
  });

  it("moves with the keyboard through the same command", () => {
    expect(keyboardMove(columns(), "a", "ArrowRight")).toEqual({
      task_id: "a",
      status: "in_progress",
      after_id: "c",
      before_id: null,
    });
    expect(keyboardMove(columns(), "b", "ArrowUp")).toEqual({
      task_id: "b",
      status: "todo",
      after_id: null,
      before_id: "a",
    });
    expect(keyboardMove(columns(), "a", "ArrowLeft")).toBeNull();
    expect(keyboardMove(columns(), "b", "ArrowDown")).toBeNull();
  });

  it("sends a pointer-free keyboard move to the backend", async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === "project_get") return project();
      if (cmd === "project_board") return columns();
      if (cmd === "milestone_list") return [];
      if (cmd === "task_board_move") return task("a", "A", { status: "in_progress" });
      return undefined;
    });
    await renderApp("/projects/p1?tab=board", "en");
    const card = await screen.findByTestId("board-card-a");
    card.focus();
    await userEvent.keyboard("{ArrowRight}");
    await waitFor(() => expect(calls.some((c) => c.cmd === "task_board_move")).toBe(true));
    const call = calls.find((c) => c.cmd === "task_board_move");
    expect(call?.args).toEqual({
      m: { task_id: "a", status: "in_progress", after_id: "c", before_id: null },
    });
  });
});

describe("dependencies", () => {
  it.each<[Language, string, string]>([
    ["en", "Due before its predecessor ends", "This would make a loop"],
    ["zh-CN", "截止日期早于前置任务结束", "这样会形成循环"],
  ])("show their warning and say why a loop is refused (%s)", async (lang, warning, loop) => {
    mockBackend((cmd) => {
      if (cmd === "project_get") return project();
      if (cmd === "project_board") return columns();
      if (cmd === "dependency_list")
        return [
          {
            predecessor_id: "a",
            predecessor_title: "A",
            successor_id: "b",
            successor_title: "B",
            deleted: false,
            warning: "due_before_predecessor_ends",
          },
        ];
      if (cmd === "dependency_add")
        throw { code: "validation", detail: { fields: [{ field: "predecessor_id", rule: "cycle" }] } };
      return undefined;
    });
    await renderApp("/projects/p1?tab=tasks", lang);
    expect(await screen.findByTestId("dependency-warning")).toHaveTextContent(warning);
    await userEvent.click(screen.getByTestId("dependency-predecessor"));
    await userEvent.click((await screen.findAllByRole("option", { name: "B", hidden: true }))[0]);
    await userEvent.click(screen.getByTestId("dependency-successor"));
    await userEvent.click((await screen.findAllByRole("option", { name: "A", hidden: true })).at(-1)!);
    await userEvent.click(screen.getByTestId("dependency-add"));
    expect(await screen.findByText(new RegExp(loop))).toBeInTheDocument();
  });
});

describe("risks", () => {
  it("levels scores as the backend does and counts open risks on the heat map", () => {
    expect([levelOf(6), levelOf(7), levelOf(14), levelOf(15)]).toEqual(["low", "medium", "medium", "high"]);
    const grid = heatCounts([risk(), risk({ id: "r2" }), risk({ id: "r3", status: "closed" })]);
    expect(grid[3][3]).toBe(2);
    expect(grid.flat().reduce((a, b) => a + b, 0)).toBe(2);
  });

  it.each<Language>(["en", "zh-CN"])("shows the heat map and the flag (%s)", async (lang) => {
    mockBackend((cmd) => {
      if (cmd === "project_get") return project();
      if (cmd === "risk_list") return [risk({ flagged: true })];
      return undefined;
    });
    await renderApp("/projects/p1?tab=risks", lang);
    expect(await screen.findByTestId("heat-4-4")).toHaveTextContent("1");
    expect(screen.getByTestId("heat-5-5")).toHaveTextContent("");
    const table = screen.getByTestId("risk-table");
    expect(within(table).getByText("关键供应商交期延误")).toBeInTheDocument();
    expect(
      within(table).getByLabelText(lang === "en" ? "High across two reviews" : "连续两次评审为高"),
    ).toBeInTheDocument();
  });
});

describe("deleting a risk", () => {
  it("deletes it as a plan part and offers Undo", async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === "project_get") return project();
      if (cmd === "risk_list") return [risk()];
      return undefined;
    });
    await renderApp("/projects/p1?tab=risks", "en");
    await userEvent.click(await screen.findByRole("button", { name: "Delete 关键供应商交期延误" }));
    await waitFor(() => expect(calls.some((c) => c.cmd === "plan_part_delete")).toBe(true));
    expect(calls.find((c) => c.cmd === "plan_part_delete")?.args).toEqual({ entity: "risk", id: "r1" });
    await userEvent.click(await screen.findByTestId("toast-undo"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "plan_part_restore")).toBe(true));
  });
});

describe("closing a risk", () => {
  it("saves the new status through risk_update", async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === "project_get") return project();
      if (cmd === "risk_list") return [risk()];
      if (cmd === "risk_update") return risk({ status: "closed" });
      return undefined;
    });
    await renderApp("/projects/p1?tab=risks", "zh-CN");
    await userEvent.click(await screen.findByRole("textbox", { name: "状态" }));
    await userEvent.click((await screen.findAllByRole("option", { name: "已关闭", hidden: true }))[0]);
    await waitFor(() => expect(calls.some((c) => c.cmd === "risk_update")).toBe(true));
    expect(calls.find((c) => c.cmd === "risk_update")?.args).toMatchObject({
      id: "r1",
      input: { status: "closed" },
    });
  });
});

describe("the meetings tab", () => {
  it("lists the project's meetings, newest first", async () => {
    const calls = mockBackend((cmd) => (cmd === "project_get" ? project() : undefined));
    await renderApp("/projects/p1?tab=meetings", "en");
    expect(await screen.findByTestId("list-empty")).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === "meeting_list")?.args).toMatchObject({
      query: { project_id: "p1", sort: "starts_desc" },
    });
  });
});

describe("timeline", () => {
  it("draws a task bar up to its due date and spans today", () => {
    expect(barOf(task("a", "A", { due_date: "2026-12-05" }))).toEqual({
      start: "2026-12-02",
      end: "2026-12-05",
    });
    expect(barOf(task("a", "A", { due_date: null }))).toBeNull();
    expect(span(["2026-12-05"], "2026-11-26")).toEqual({ from: "2026-11-24", days: 13 });
  });
});

describe("project overview", () => {
  it.each<[Language, string, string]>([
    ["en", "Amber", "1 open high risk"],
    ["zh-CN", "黄", "1 个高风险未关闭"],
  ])("shows health with its reasons (%s)", async (lang, word, reason) => {
    mockBackend((cmd) => {
      if (cmd === "project_get") return project();
      if (cmd === "project_overview") return overview();
      return undefined;
    });
    await renderApp("/projects/p1", lang);
    const badge = await screen.findByTestId("project-health");
    expect(badge).toHaveTextContent(word);
    expect(badge).toHaveAttribute("data-rag", "amber");
    expect(screen.getByTestId("health-reasons")).toHaveTextContent(reason);
  });

  it("adds a milestone with a target date and lists it", async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === "project_get") return project();
      if (cmd === "project_overview") return overview();
      return undefined;
    });
    await renderApp("/projects/p1", "en");
    await screen.findByTestId("project-health");
    expect(screen.getByText("No milestones yet — add one with a target date.")).toBeInTheDocument();
    await userEvent.type(screen.getByTestId("milestone-title"), "Samples approved");
    await userEvent.click(screen.getByTestId("milestone-add"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "milestone_create")).toBe(true));
    const call = calls.find((c) => c.cmd === "milestone_create");
    expect(call?.args).toMatchObject({
      projectId: "p1",
      input: { title: "Samples approved", status: "open", done_on: null },
    });
    expect((call?.args as { input: { target_date: string } }).input.target_date).toMatch(
      /^\d{4}-\d{2}-\d{2}$/,
    );
  });

  it("lists projects with their health", async () => {
    mockBackend((cmd) => {
      if (cmd === "project_list")
        return {
          items: [project({ id: "g", name: "Green one" }), project({ id: "r", name: "Red one" })],
          next_cursor: null,
          total: 2,
        };
      if (cmd === "project_healths")
        return [
          ["g", "green"],
          ["r", "red"],
        ];
      return undefined;
    });
    await renderApp("/projects", "en");
    expect(await screen.findByTestId("project-health-r")).toHaveTextContent("Red");
    expect(screen.getByTestId("project-health-g")).toHaveTextContent("Green");
  });

  it("asks the backend to sort by health, so the order holds across pages", async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === "project_list")
        return { items: [project({ id: "r", name: "Red one" })], next_cursor: null, total: 1 };
      if (cmd === "project_healths") return [["r", "red"]];
      return undefined;
    });
    await renderApp("/projects", "en");
    await screen.findByTestId("project-health-r");
    await userEvent.click(screen.getByRole("textbox", { name: "Sort" }));
    await userEvent.click((await screen.findAllByRole("option", { name: "Health", hidden: true }))[0]);
    await waitFor(() =>
      expect(
        calls.some(
          (c) => c.cmd === "project_list" && (c.args as { query: { sort: string } }).query.sort === "health",
        ),
      ).toBe(true),
    );
  });
});

describe("a task's plan", () => {
  it("nests subtasks by their parent chain, one level for a parent not loaded", () => {
    const d = depths([
      { id: "a", parent_id: null },
      { id: "a1", parent_id: "a" },
      { id: "a1x", parent_id: "a1" },
      { id: "orphan", parent_id: "elsewhere" },
    ]);
    expect([...d.entries()]).toEqual([
      ["a", 0],
      ["a1", 1],
      ["a1x", 2],
      ["orphan", 1],
    ]);
  });

  const planBackend = (onPlan: (args: unknown) => unknown) =>
    mockBackend((cmd, args) => {
      if (cmd === "project_get") return project();
      if (cmd === "task_list")
        return {
          items: [task("a", "A"), task("b", "B"), task("b1", "B1", { parent_id: "b" })],
          next_cursor: null,
          total: 3,
        };
      if (cmd === "project_board")
        return [
          { status: "todo", tasks: [task("a", "A"), task("b", "B"), task("b1", "B1", { parent_id: "b" })] },
        ];
      if (cmd === "milestone_list")
        return [
          {
            id: "m1",
            project_id: "p1",
            title: "样机交付",
            target_date: "2026-12-10",
            status: "open",
            done_on: null,
            task_count: 0,
            open_task_count: 0,
            latest_open_due: null,
            created_at: "2026-11-01T00:00:00Z",
            updated_at: "2026-11-01T00:00:00Z",
          },
        ];
      if (cmd === "dependency_list")
        return [
          {
            predecessor_id: "b",
            predecessor_title: "B",
            successor_id: "a",
            successor_title: "A",
            deleted: false,
            warning: null,
          },
        ];
      if (cmd === "task_plan_set") return onPlan(args);
      if (cmd === "task_update") return task("a", "A");
      if (cmd === "task_bulk_edit") return [task("a", "A"), task("b", "B")];
      return undefined;
    });

  it.each<[Language, string, string, string]>([
    ["en", "Finishes first (predecessors)", "Milestone", "This would make a loop"],
    ["zh-CN", "前置任务", "里程碑", "这样会形成循环"],
  ])(
    "sets parent, milestone and predecessors, and shows a loop under the field (%s)",
    async (lang, preds, ms, loop) => {
      let refuse = true;
      const calls = planBackend(() => {
        if (refuse)
          throw { code: "validation", detail: { fields: [{ field: "predecessor_id", rule: "cycle" }] } };
        return task("a", "A");
      });
      await renderApp("/projects/p1?tab=tasks", lang);
      const rows = await screen.findAllByTestId("task-row");
      // B1 is nested under B.
      expect(rows.map((r) => r.querySelector("[data-depth]")?.getAttribute("data-depth"))).toEqual([
        "0",
        "0",
        "1",
      ]);
      await userEvent.click(rows[0]);
      const plan = await screen.findByTestId("task-plan");
      // The saved predecessor (B) is already in the field.
      await waitFor(() => expect(within(plan).getByText("B")).toBeInTheDocument());
      await userEvent.click(within(plan).getByRole("textbox", { name: ms }));
      await userEvent.click((await screen.findAllByRole("option", { name: "样机交付", hidden: true }))[0]);
      await userEvent.click(screen.getByTestId("form-submit"));
      expect(await screen.findByTestId("field-error-predecessor_ids")).toHaveTextContent(loop);
      // Nothing else was sent after the refused plan.
      expect(calls.some((c) => c.cmd === "task_update")).toBe(false);
      expect(calls.find((c) => c.cmd === "task_plan_set")?.args).toEqual({
        id: "a",
        input: { parent_id: null, milestone_id: "m1", predecessor_ids: ["b"] },
      });
      expect(within(plan).getByText(preds)).toBeInTheDocument();
      refuse = false;
      await userEvent.click(screen.getByTestId("form-submit"));
      await waitFor(() => expect(calls.some((c) => c.cmd === "task_update")).toBe(true));
    },
  );

  it.each<[Language, string]>([
    ["en", "2 tasks selected"],
    ["zh-CN", "已选 2 个任务"],
  ])("bulk-edits the selected tasks (%s)", async (lang, count) => {
    const calls = planBackend(() => null);
    await renderApp("/projects/p1?tab=tasks", lang);
    const boxes = await screen.findAllByTestId("task-select");
    await userEvent.click(boxes[0]);
    await userEvent.click(boxes[1]);
    expect(screen.getByTestId("bulk-count")).toHaveTextContent(count);
    // Selecting does not open the task.
    expect(screen.queryByTestId("task-plan")).toBeNull();
    await userEvent.click(screen.getByTestId("bulk-status"));
    await userEvent.click(
      (await screen.findAllByRole("option", { name: lang === "en" ? "Done" : "已完成", hidden: true })).at(
        -1,
      )!,
    );
    await userEvent.type(screen.getByTestId("bulk-due"), "2026-12-05");
    await userEvent.click(screen.getByTestId("bulk-apply"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "task_bulk_edit")).toBe(true));
    expect(calls.find((c) => c.cmd === "task_bulk_edit")?.args).toEqual({
      edit: {
        ids: ["a", "b"],
        status: "done",
        assignee_contact_id: null,
        due_date: "2026-12-05",
        milestone_id: null,
      },
    });
    await waitFor(() => expect(screen.queryByTestId("bulk-edit")).toBeNull());
  });
});

describe("editing risks and cost lines", () => {
  const reviewed = risk({
    reviews: [
      { id: "v1", reviewed_on: "2026-11-10", probability: 4, impact: 4, score: 16, note: "等待供应商回复" },
      { id: "v2", reviewed_on: "2026-11-24", probability: 5, impact: 4, score: 20, note: null },
    ],
    tasks: [
      { id: "a", title: "A", status: "todo", deleted: false },
      { id: "gone", title: "旧任务", status: "todo", deleted: true },
    ],
  });

  it.each<[Language, string, string]>([
    ["en", "Linked tasks", "Review history"],
    ["zh-CN", "关联任务", "评审记录"],
  ])(
    "edits every field with the linked tasks and shows the review history (%s)",
    async (lang, tasks, history) => {
      const calls = mockBackend((cmd) => {
        if (cmd === "project_get") return project();
        if (cmd === "risk_list") return [reviewed];
        if (cmd === "project_board") return columns();
        if (cmd === "risk_update") return reviewed;
        return undefined;
      });
      await renderApp("/projects/p1?tab=risks", lang);
      expect(await screen.findByTestId("risk-tasks")).toHaveTextContent("A");
      await userEvent.click(screen.getByTestId("risk-edit"));
      const dialog = await screen.findByRole("dialog");
      expect(within(dialog).getByText(tasks)).toBeInTheDocument();
      const reviews = within(dialog).getByTestId("risk-reviews");
      expect(reviews).toHaveTextContent(history);
      // Newest first, with its note.
      expect(within(reviews).getAllByRole("row")[1]).toHaveTextContent("等待供应商回复");
      await userEvent.click(within(dialog).getByRole("textbox", { name: tasks }));
      await userEvent.click((await screen.findAllByRole("option", { name: "B", hidden: true })).at(-1)!);
      await userEvent.clear(screen.getByTestId("field-mitigation"));
      await userEvent.type(screen.getByTestId("field-mitigation"), "备选供应商");
      await userEvent.click(screen.getByTestId("form-submit"));
      await waitFor(() => expect(calls.some((c) => c.cmd === "risk_update")).toBe(true));
      expect(calls.find((c) => c.cmd === "risk_update")?.args).toMatchObject({
        id: "r1",
        // The deleted task stays linked unless removed.
        input: { mitigation: "备选供应商", task_ids: ["a", "gone", "b"], status: "open" },
      });
    },
  );

  it("records a review with its note and the next review date", async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === "project_get") return project();
      if (cmd === "risk_list") return [reviewed];
      if (cmd === "risk_review") return reviewed;
      return undefined;
    });
    await renderApp("/projects/p1?tab=risks", "zh-CN");
    expect(await screen.findByText(/已评审/)).toBeInTheDocument();
    await userEvent.click(screen.getByTestId("risk-review"));
    await userEvent.type(await screen.findByTestId("field-note"), "交期已确认");
    await userEvent.clear(screen.getByTestId("field-due_date"));
    await userEvent.type(screen.getByTestId("field-due_date"), "2026-12-08");
    await userEvent.click(screen.getByTestId("risk-review-save"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "risk_review")).toBe(true));
    expect(calls.find((c) => c.cmd === "risk_review")?.args).toMatchObject({
      id: "r1",
      input: { probability: 4, impact: 4, note: "交期已确认", next_due: "2026-12-08" },
    });
  });

  it("edits a cost line in minor units and refuses an amount with too many decimals", async () => {
    const line = {
      id: "l1",
      project_id: "p1",
      category: "设备",
      description: null,
      planned: "1200000",
      actual: "950000",
      currency: "CNY",
      spent_on: "2026-11-20",
      created_at: "2026-11-01T00:00:00Z",
      updated_at: "2026-11-01T00:00:00Z",
    };
    const calls = mockBackend((cmd) => {
      if (cmd === "project_get") return project();
      if (cmd === "budget_get") return { lines: [line], totals: [], burn: [] };
      if (cmd === "budget_line_update") return line;
      return undefined;
    });
    await renderApp("/projects/p1?tab=budget", "en");
    await userEvent.click(await screen.findByTestId("budget-line-edit"));
    const actual = await screen.findByTestId("field-actual");
    expect(actual).toHaveValue("9500.00");
    await userEvent.clear(actual);
    await userEvent.type(actual, "9600.555");
    await userEvent.click(screen.getByTestId("form-submit"));
    expect(await screen.findByTestId("field-error-actual")).toHaveTextContent("1234.50");
    expect(calls.some((c) => c.cmd === "budget_line_update")).toBe(false);
    await userEvent.clear(actual);
    await userEvent.type(actual, "9,600.55");
    await userEvent.click(screen.getByTestId("form-submit"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "budget_line_update")).toBe(true));
    expect(calls.find((c) => c.cmd === "budget_line_update")?.args).toEqual({
      id: "l1",
      input: {
        category: "设备",
        description: null,
        planned: "1200000",
        actual: "960055",
        currency: "CNY",
        spent_on: "2026-11-20",
      },
    });
  });
});

describe("risks due for review on the dashboard", () => {
  const summary = dashboardSummary({ counts: { projects: 1, active_projects: 1 } });
  const due = {
    id: "r1",
    project_id: "p1",
    project_name: "华东产线升级",
    title: "关键供应商交期延误",
    score: 16,
    level: "high" as const,
    due_date: "2026-11-25",
    overdue: true,
  };

  it.each<[Language, string, string]>([
    ["en", "Risks due for review: first 1 of 3", "Overdue since"],
    ["zh-CN", "待评审的风险：前 1 条，共 3 条", "起已逾期"],
  ])(
    "lists them, says how many there are, and opens the project's risks (%s)",
    async (lang, title, overdue) => {
      mockBackend((cmd) => {
        if (cmd === "dashboard_summary") return summary;
        if (cmd === "risks_due") return { items: [due], total: 3 };
        if (cmd === "project_get") return project();
        if (cmd === "risk_list") return [risk()];
        return undefined;
      });
      await renderApp("/", lang);
      const panel = await screen.findByTestId("risks-due");
      await waitFor(() => expect(panel).toHaveTextContent(title));
      const row = within(panel).getByTestId("risk-due");
      expect(row).toHaveTextContent("关键供应商交期延误");
      expect(row).toHaveTextContent(overdue);
      await userEvent.click(row);
      expect(await screen.findByTestId("risk-table")).toBeInTheDocument();
    },
  );

  it("says when none is due", async () => {
    mockBackend((cmd) => {
      if (cmd === "dashboard_summary") return summary;
      if (cmd === "risks_due") return { items: [], total: 0 };
      return undefined;
    });
    await renderApp("/", "zh-CN");
    expect(await screen.findByText("本周没有需要评审的风险。")).toBeInTheDocument();
  });
});

describe("the partners tab", () => {
  const linked = project({
    organizations: [
      {
        organization_id: "o1",
        organization_name: "华东精密制造有限公司",
        deleted: false,
        role: "主要供应商",
      },
      { organization_id: "o2", organization_name: "旧合作方", deleted: true, role: "" },
    ],
  });

  it.each<[Language, string, string]>([
    ["en", "Partners & suppliers", "No contacts yet."],
    ["zh-CN", "合作方", "暂无联系人。"],
  ])("lists the linked organizations with their contacts and unlinks one (%s)", async (lang, tab, none) => {
    const calls = mockBackend((cmd, args) => {
      if (cmd === "project_get") return linked;
      if (cmd === "contact_list") {
        const q = (args as { query: { organization_id: string } }).query;
        return q.organization_id === "o1"
          ? {
              items: [
                {
                  id: "c1",
                  name: "王晓明",
                  title: "销售经理",
                  organization_id: "o1",
                  organization_name: "华东精密制造有限公司",
                  deleted_refs: [],
                  emails: ["wang@hdjm.example.cn"],
                  phones: ["+86 21 5555 0101"],
                  wechat: null,
                  notes: null,
                  created_at: "2026-11-01T00:00:00Z",
                  updated_at: "2026-11-01T00:00:00Z",
                  deleted_at: null,
                },
              ],
              next_cursor: null,
              total: 1,
            }
          : { items: [], next_cursor: null, total: 0 };
      }
      if (cmd === "project_organization_unlink") return project();
      return undefined;
    });
    await renderApp("/projects/p1?tab=partners", lang);
    expect(await screen.findByTestId("project-tab-partners")).toHaveTextContent(tab);
    const cards = await screen.findAllByTestId("partner-card");
    expect(cards).toHaveLength(2);
    expect(cards[0]).toHaveTextContent("主要供应商");
    expect(await within(cards[0]).findByTestId("partner-contact")).toHaveTextContent("wang@hdjm.example.cn");
    expect(await within(cards[1]).findByText(none)).toBeInTheDocument();
    await userEvent.click(within(cards[1]).getByTestId("partner-unlink"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "project_organization_unlink")).toBe(true));
    expect(calls.find((c) => c.cmd === "project_organization_unlink")?.args).toEqual({
      projectId: "p1",
      organizationId: "o2",
    });
  });
});

describe("the department report", () => {
  it.each<Language>(["en", "zh-CN"])("previews and exports from the department's page (%s)", async (lang) => {
    const calls = mockBackend((cmd) => {
      if (cmd === "organization_get") return org({ id: "d1", kind: "department", name: "研发部" });
      if (cmd === "report_preview") return "# 研发部 · 2026-W48";
      if (cmd === "report_export") return "/tmp/report.pdf";
      if (cmd === "commitment_list" || cmd === "timeline") return [];
      return undefined;
    });
    await renderApp("/organizations/d1", lang);
    const section = await screen.findByTestId("department-report");
    expect(await within(section).findByText("研发部 · 2026-W48")).toBeInTheDocument();
    await userEvent.click(within(section).getByRole("radio", { name: "English" }));
    await userEvent.click(within(section).getByTestId("report-export-pdf"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "report_export")).toBe(true));
    expect(calls.find((c) => c.cmd === "report_export")?.args).toMatchObject({
      request: { scope: "department", id: "d1", lang: "en" },
      format: "pdf",
    });
  });
});

describe("a task's own page", () => {
  it.each<[Language, string, string]>([
    ["en", "Starts after", "Due before its predecessor ends"],
    ["zh-CN", "在这些任务之后开始", "截止日期早于前置任务结束"],
  ])("shows the task with its parent, subtasks and dependencies (%s)", async (lang, waits, warning) => {
    const b = task("b", "B", { parent_id: "a", meeting_id: null, description: "先确认供应商交期" });
    mockBackend((cmd) => {
      if (cmd === "task_get") return b;
      if (cmd === "project_board")
        return [{ status: "todo", tasks: [task("a", "A"), b, task("b1", "B1", { parent_id: "b" })] }];
      if (cmd === "milestone_list") return [];
      if (cmd === "dependency_list")
        return [
          {
            predecessor_id: "c",
            predecessor_title: "C",
            successor_id: "b",
            successor_title: "B",
            deleted: false,
            warning: "due_before_predecessor_ends",
          },
        ];
      return undefined;
    });
    await renderApp("/tasks/b", lang);
    expect(await screen.findByTestId("detail-title")).toHaveTextContent("B");
    expect(screen.getByTestId("task-page-description")).toHaveTextContent("先确认供应商交期");
    const plan = await screen.findByTestId("task-page-plan");
    await waitFor(() =>
      expect(within(plan).getByRole("link", { name: "A" })).toHaveAttribute("href", "/tasks/a"),
    );
    expect(
      within(screen.getByTestId("task-page-subtasks")).getByRole("link", { name: "B1" }),
    ).toBeInTheDocument();
    const before = screen.getByTestId("task-page-waitsFor");
    expect(before).toHaveTextContent(waits);
    expect(before).toHaveTextContent("C");
    expect(before).toHaveTextContent(warning);
  });
});

describe("a milestone's tasks", () => {
  it("lists them from its count, each opening its task page", async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === "project_get") return project();
      if (cmd === "project_overview")
        return {
          ...overview(),
          milestones: [
            {
              id: "m1",
              project_id: "p1",
              title: "样机交付",
              target_date: "2026-12-10",
              status: "open",
              done_on: null,
              task_count: 2,
              open_task_count: 1,
              latest_open_due: null,
              created_at: "2026-11-01T00:00:00Z",
              updated_at: "2026-11-01T00:00:00Z",
            },
          ],
        };
      if (cmd === "project_board")
        return [
          { status: "todo", tasks: [task("a", "A", { milestone_id: "m1" })] },
          { status: "done", tasks: [task("b", "B", { milestone_id: "m1", status: "done" })] },
        ];
      return undefined;
    });
    await renderApp("/projects/p1", "zh-CN");
    const count = await screen.findByTestId("milestone-tasks");
    expect(count).toHaveTextContent("1/2");
    await userEvent.click(count);
    const list = await screen.findByTestId("milestone-task-list");
    // The popover is still fading in: its content counts as hidden to the accessibility tree.
    expect(await within(list).findByRole("link", { name: "A", hidden: true })).toHaveAttribute(
      "href",
      "/tasks/a",
    );
    expect(list).toHaveTextContent("已完成");
    expect(calls.find((c) => c.cmd === "project_board")?.args).toMatchObject({
      filter: { milestone_id: "m1" },
    });
  });
});
