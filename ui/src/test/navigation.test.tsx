import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Contact, Dashboard, MeetingQuery, ProjectQuery, TaskQuery } from "../bindings";
import { dashboardSummary, meeting, task } from "./fixtures";
import { emptyPage, mockBackend, org, renderApp } from "./utils";

const HENGTONG = org({ id: "o-ht", kind: "supplier", name: "苏州恒通电子", contact_count: 1 });
const LIU: Contact = {
  id: "c-liu",
  name: "刘洋",
  title: "质量经理",
  organization_id: HENGTONG.id,
  organization_name: HENGTONG.name,
  deleted_refs: [],
  emails: [],
  phones: [],
  wechat: null,
  notes: null,
  created_at: "2025-01-01T00:00:00Z",
  updated_at: "2025-01-01T00:00:00Z",
  deleted_at: null,
};
const REVIEW = meeting({ id: "m-review", title: "来料质量复盘" });

function backend() {
  return mockBackend((cmd, args) => {
    if (cmd === "organization_get") return HENGTONG;
    if (cmd === "contact_get") return LIU;
    if (cmd === "template_list") return [];
    if (cmd === "contact_list") return { items: [LIU], next_cursor: null, total: 1 };
    if (cmd === "meeting_list") {
      const q = (args as { query: MeetingQuery }).query;
      return q.organization_id === HENGTONG.id
        ? { items: [REVIEW], next_cursor: null, total: 1 }
        : emptyPage();
    }
    if (cmd === "project_list") {
      const q = (args as { query: ProjectQuery }).query;
      return q.organization_id === HENGTONG.id ? { items: [], next_cursor: null, total: 0 } : emptyPage();
    }
    return undefined;
  });
}

describe("back links", () => {
  it("return to the page the user came from, named after it", async () => {
    backend();
    await renderApp("/organizations/o-ht", "zh-CN");
    const user = userEvent.setup();
    expect(await screen.findByTestId("detail-title")).toHaveTextContent("苏州恒通电子");
    await user.click(await screen.findByText("刘洋"));
    await waitFor(() => expect(screen.getByTestId("detail-title")).toHaveTextContent("刘洋"));
    const back = screen.getByRole("button", { name: "苏州恒通电子" });
    await user.click(back);
    await waitFor(() => expect(screen.getByTestId("detail-title")).toHaveTextContent("苏州恒通电子"));
  });

  it("go up to the record's list when the page was opened directly", async () => {
    backend();
    await renderApp("/contacts/c-liu", "zh-CN");
    expect(await screen.findByTestId("detail-title")).toHaveTextContent("刘洋");
    const back = screen.getByTestId("detail-back");
    expect(back).toHaveTextContent("联系人");
    expect(back).toHaveAttribute("href", "/contacts");
  });
});

describe("an organization's page", () => {
  it("opens the Meetings list filtered to it, and the filter shows its name", async () => {
    const calls = backend();
    await renderApp("/organizations/o-ht", "zh-CN");
    const user = userEvent.setup();
    const meetings = await screen.findByTestId("org-meetings");
    await waitFor(() => expect(meetings).toHaveTextContent("相关会议1"));
    expect(screen.getByTestId("org-projects")).toHaveTextContent("相关项目0");
    await user.click(meetings);
    expect(await screen.findByText("来料质量复盘")).toBeInTheDocument();
    const listed = calls
      .filter((c) => c.cmd === "meeting_list")
      .map((c) => (c.args as { query: MeetingQuery }).query);
    expect(listed.at(-1)?.organization_id).toBe("o-ht");
    await waitFor(() =>
      expect(screen.getByRole("textbox", { name: "按组织筛选" })).toHaveValue("苏州恒通电子"),
    );
    // Back from the filtered list returns to the organization.
    expect(screen.queryByRole("button", { name: "苏州恒通电子" })).toBeNull();
  });
});

describe("the dashboard's cards", () => {
  const LATE = task("t-late", "提交整改报告", { due_date: "2026-11-20", status: "in_progress" });
  const summary = dashboardSummary({
    counts: {
      partners: 1,
      suppliers: 1,
      departments: 1,
      contacts: 3,
      projects: 2,
      active_projects: 1,
      open_tasks: 4,
      overdue_tasks: 1,
      meetings_this_week: 2,
    },
    overdue_tasks: [LATE],
  });

  it("open the list of exactly what they count: overdue tasks opens every overdue task", async () => {
    const calls = mockBackend((cmd, args) => {
      if (cmd === "dashboard_summary") return summary;
      if (cmd === "task_list") {
        const q = (args as { query: TaskQuery }).query;
        return q.scope === "overdue" ? { items: [LATE], next_cursor: null, total: 1 } : emptyPage();
      }
      return undefined;
    });
    await renderApp("/dashboard", "zh-CN");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "逾期任务: 1" }));
    // The dashboard stays on screen until the task list's chunk is in (the route changes in a transition), and it
    // lists the same task: wait for the new page's title before reading the rows.
    await waitFor(() => expect(screen.getByTestId("page-title")).toHaveTextContent("任务"));
    expect(await screen.findByText("提交整改报告")).toBeInTheDocument();
    const listed = calls
      .filter((c) => c.cmd === "task_list")
      .map((c) => (c.args as { query: TaskQuery }).query);
    expect(listed.at(-1)).toMatchObject({ scope: "overdue", sort: "due" });
    expect(screen.getByRole("radio", { name: "已逾期" })).toBeChecked();
  });

  it("a panel showing the first of many says so", async () => {
    const late = Array.from({ length: 8 }, (_, i) =>
      task(`t-${i}`, `逾期任务 ${i}`, { due_date: "2026-11-20" }),
    );
    const many = { ...summary, counts: { ...summary.counts, overdue_tasks: 26 }, overdue_tasks: late };
    mockBackend((cmd) => (cmd === "dashboard_summary" ? many : undefined));
    await renderApp("/dashboard", "zh-CN");
    expect(await screen.findByText("前 8 条，共 26 条")).toBeInTheDocument();
    expect(screen.getAllByTestId("dashboard-overdue")).toHaveLength(8);
  });

  it("a panel showing everything gives the number alone", async () => {
    mockBackend((cmd) => (cmd === "dashboard_summary" ? summary : undefined));
    await renderApp("/dashboard", "en");
    await screen.findAllByTestId("dashboard-overdue");
    expect(screen.getAllByTestId("panel-count").map((e) => e.textContent)).toEqual(["1"]);
  });

  it("active projects opens the projects list filtered to active ones", async () => {
    const calls = mockBackend((cmd) => (cmd === "dashboard_summary" ? summary : undefined));
    await renderApp("/dashboard", "en");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: /^Active projects: 1$/ }));
    await waitFor(() => expect(screen.getByTestId("page-title")).toHaveTextContent("Projects"));
    const lastProjectQuery = () =>
      calls
        .filter((c) => c.cmd === "project_list")
        .map((c) => (c.args as { query: ProjectQuery }).query)
        .at(-1);
    await waitFor(() => expect(lastProjectQuery()?.status).toBe("active"));
  });

  it("overdue tasks and action items are marked done or snoozed to tomorrow in place", async () => {
    const calls = mockBackend((cmd, args) => {
      if (cmd === "dashboard_summary") return summary;
      if (cmd === "task_bulk_edit") return [{ ...LATE, ...(args as { edit: object }).edit }];
      return undefined;
    });
    await renderApp("/dashboard", "en");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Mark “提交整改报告” done" }));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "task_bulk_edit")).toHaveLength(1));
    await user.click(screen.getByRole("button", { name: "Snooze “提交整改报告” to tomorrow" }));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "task_bulk_edit")).toHaveLength(2));
    const edits = calls
      .filter((c) => c.cmd === "task_bulk_edit")
      .map(
        (c) => (c.args as { edit: { ids: string[]; status: string | null; due_date: string | null } }).edit,
      );
    expect(edits[0]).toMatchObject({ ids: ["t-late"], status: "done", due_date: null });
    expect(edits[1].status).toBeNull();
    expect(edits[1].due_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(edits[1].due_date! > new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)).toBe(true);
  });

  it("today's meetings and the commitments due say how many there are and link to the full lists", async () => {
    const many: Dashboard = {
      ...summary,
      counts: { ...summary.counts, meetings_today: 11, commitments_due: 26 },
      today_meetings: Array.from({ length: 8 }, (_, i) => meeting({ id: `m-${i}`, title: `今天的会 ${i}` })),
    };
    mockBackend((cmd) => (cmd === "dashboard_summary" ? many : undefined));
    await renderApp("/dashboard", "zh-CN");
    expect(await screen.findByText("前 8 条，共 11 条")).toBeInTheDocument();
    expect(screen.getAllByTestId("dashboard-today")).toHaveLength(8);
    expect(screen.getByTestId("today-meetings-more").getAttribute("href")).toBe("/planner?view=day");
    expect(screen.getByTestId("commitments-due-more").getAttribute("href")).toBe("/commitments");
    expect(screen.getByTestId("losing-touch-more").getAttribute("href")).toBe("/losing-touch");
  });

  it("an organization's page shows its meetings and the decisions of its meetings, the first of more", async () => {
    const decision = (id: string, text: string) => ({
      decision: {
        id,
        meeting_id: REVIEW.id,
        text,
        organization_id: null,
        organization_name: null,
        deleted_refs: [],
      },
      meeting_title: REVIEW.title,
      meeting_starts_at: REVIEW.starts_at,
    });
    mockBackend((cmd, args) => {
      if (cmd === "organization_get") return HENGTONG;
      if (cmd === "contact_list") return { items: [LIU], next_cursor: null, total: 1 };
      if (cmd === "meeting_list") {
        const q = (args as { query: MeetingQuery }).query;
        return q.organization_id === HENGTONG.id
          ? { items: [REVIEW], next_cursor: null, total: 6 }
          : emptyPage();
      }
      if (cmd === "project_list") return emptyPage();
      if (cmd === "organization_decisions")
        return { items: [decision("d1", "来料全检两周"), decision("d2", "下周复盘")], total: 3 };
      return undefined;
    });
    await renderApp(`/organizations/${HENGTONG.id}`, "zh-CN");
    const decisions = await screen.findByTestId("org-decisions");
    await waitFor(() => expect(decisions.textContent).toContain("决定（前 2 条，共 3 条）"));
    expect(screen.getAllByTestId("org-decision").map((d) => d.textContent)).toEqual([
      expect.stringContaining("来料全检两周"),
      expect.stringContaining("下周复盘"),
    ]);
    const work = screen.getByTestId("org-work");
    await waitFor(() => expect(work.textContent).toContain("会议（前 1 场，共 6 场）"));
    expect(work.textContent).toContain(REVIEW.title);
    expect(work.textContent).toContain("还没有项目。");
  });
});
