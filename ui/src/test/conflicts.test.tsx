import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { DeptConflict, Scorecard, SupplierScore } from "../bindings";
import { dashboardSummary } from "./fixtures";
import { mockBackend, org, renderApp } from "./utils";

configure({ asyncUtilTimeout: 5000 });

const CONFLICT: DeptConflict = {
  id: "0190-k-1",
  title: "新品发布日期之争",
  sides: [
    {
      organization_id: "0190-d-1",
      organization_name: "市场营销部",
      deleted: false,
      position: "坚持原定日期",
    },
    { organization_id: "0190-d-2", organization_name: "研发部", deleted: true, position: null },
  ],
  mediator_contact_id: "0190-c-1",
  mediator_name: "沈洁",
  deleted_refs: [],
  options: null,
  resolution: null,
  status: "mediating",
  review_date: "2026-03-10",
  review_due: true,
  history: [
    {
      id: "e1",
      from_status: null,
      to_status: "open",
      by_contact_id: null,
      by_name: null,
      note: null,
      at: "2026-03-01T02:00:00Z",
    },
    {
      id: "e2",
      from_status: "open",
      to_status: "mediating",
      by_contact_id: "0190-c-1",
      by_name: "沈洁",
      note: "约双方面谈",
      at: "2026-03-02T02:00:00Z",
    },
  ],
  created_at: "2026-03-01T02:00:00Z",
  updated_at: "2026-03-02T02:00:00Z",
};

const score = (name: string, s: number, dropped: boolean): SupplierScore => ({
  organization_id: `id-${name}`,
  organization_name: name,
  tier: "A",
  score: s,
  on_time_rate: s,
  incident_count: 0,
  previous_quarter: 100,
  this_quarter: s,
  dropped,
});

describe("department conflicts", () => {
  it("offers only the lifecycle's moves and resolves with the agreed resolution, in Chinese", async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === "conflict_list") return [CONFLICT];
      if (cmd === "conflict_set_status") return { ...CONFLICT, status: "resolved" };
      return undefined;
    });
    const user = userEvent.setup();
    await renderApp("/conflicts", "zh-CN");
    const row = await screen.findByTestId("conflict-row");
    expect(within(row).getByTestId("conflict-sides").textContent).toBe(
      "市场营销部：坚持原定日期研发部已删除",
    );
    expect(within(row).getByTestId("conflict-review-due").textContent).toBe("待复查");
    await user.click(within(row).getByTestId("conflict-history-toggle"));
    const events = within(row)
      .getAllByTestId("conflict-event")
      .map((e) => e.textContent ?? "");
    expect(events[0]).toContain("记录冲突 · 我");
    expect(events[1]).toContain("未解决 → 调解中 · 沈洁 · 约双方面谈");
    await user.click(within(row).getByTestId("conflict-status"));
    const moves = (await screen.findAllByRole("menuitem")).map((m) => m.getAttribute("data-testid"));
    expect(moves).toEqual(["conflict-to-resolved", "conflict-to-escalated", "conflict-to-open"]);
    await user.click(screen.getByTestId("conflict-to-resolved"));
    await user.type(await screen.findByTestId("field-resolution"), "先发布基础版");
    await user.click(screen.getByTestId("form-submit"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "conflict_set_status")).toBe(true));
    const call = calls.find((c) => c.cmd === "conflict_set_status");
    expect(call?.args).toMatchObject({
      id: "0190-k-1",
      change: { status: "resolved", resolution: "先发布基础版", note: null, by_contact_id: null },
    });
  });

  it("lists suppliers by score, worst first on request, with the formula", async () => {
    mockBackend((cmd) =>
      cmd === "supplier_scores"
        ? [score("Brightline", 100, false), score("苏州恒通电子", 65, true)]
        : undefined,
    );
    const user = userEvent.setup();
    await renderApp("/directory/suppliers?sort=score", "en");
    await waitFor(() => expect(screen.getAllByTestId("supplier-score-row")).toHaveLength(2));
    const names = () => screen.getAllByTestId("supplier-score-row").map((r) => r.getAttribute("data-score"));
    expect(names()).toEqual(["100", "65"]);
    expect(screen.getByText(/on-time rate of the last 10 deliveries × 100/)).toBeTruthy();
    await user.click(screen.getByTestId("score-order"));
    expect(names()).toEqual(["65", "100"]);
    expect(screen.getAllByTestId("score")[0]?.textContent).toBe("65 · fair");
  });

  it("deletes a conflict only after a confirmation, and Cancel keeps it", async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === "conflict_list") return [CONFLICT];
      if (cmd === "conflict_delete") return null;
      return undefined;
    });
    const user = userEvent.setup();
    await renderApp("/conflicts", "en");
    const row = await screen.findByTestId("conflict-row");
    await user.click(within(row).getByTestId("conflict-delete"));
    expect(await screen.findByText("Delete “新品发布日期之争”?")).toBeTruthy();
    await user.click(screen.getByTestId("confirm-cancel"));
    expect(calls.some((c) => c.cmd === "conflict_delete")).toBe(false);
    await user.click(within(row).getByTestId("conflict-delete"));
    await user.click(await screen.findByTestId("confirm-delete"));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "conflict_delete")).toHaveLength(1));
    expect(calls.find((c) => c.cmd === "conflict_delete")?.args).toMatchObject({ id: "0190-k-1" });
    expect(await screen.findByTestId("toast-undo")).toBeTruthy();
  });

  it("edits an incident and a delivery of a supplier's scorecard in place", async () => {
    const supplier = org({ id: "o-ht", kind: "supplier", name: "苏州恒通电子", contact_count: 0 });
    const parts = {
      counted: 1,
      on_time: 1,
      on_time_rate: 100,
      incidents: { late_delivery: 0, quality: 1, communication: 0 },
      penalty: 20,
      score: 80,
    };
    const card: Scorecard = {
      organization_id: supplier.id,
      organization_name: supplier.name,
      current: parts,
      trend: [{ quarter: "2026-Q4", parts }],
      dropped: false,
      incidents: [
        {
          id: "i1",
          organization_id: supplier.id,
          kind: "quality",
          severity: 3,
          occurred_on: "2026-11-19",
          note: "来料不良率 3%",
        },
      ],
      deliveries: [
        {
          id: "d1",
          organization_id: supplier.id,
          title: "第一批电路板",
          promised_on: "2026-11-08",
          delivered_on: "2026-11-08",
          late: false,
        },
      ],
    };
    const calls = mockBackend((cmd) => {
      if (cmd === "organization_get") return supplier;
      if (cmd === "supplier_scorecard") return card;
      if (cmd === "incident_save") return card.incidents[0];
      if (cmd === "delivery_save") return card.deliveries[0];
      return undefined;
    });
    const user = userEvent.setup();
    await renderApp(`/organizations/${supplier.id}`, "zh-CN");
    await user.click(await screen.findByTestId("incident-edit"));
    const note = await screen.findByTestId("field-note");
    expect((note as HTMLTextAreaElement).value).toBe("来料不良率 3%");
    await user.clear(note);
    await user.type(note, "来料不良率 1%");
    await user.click(screen.getByTestId("form-submit"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "incident_save")).toBe(true));
    expect(calls.find((c) => c.cmd === "incident_save")?.args).toMatchObject({
      id: "i1",
      input: { kind: "quality", severity: 3, occurred_on: "2026-11-19", note: "来料不良率 1%" },
    });
    await user.click(await screen.findByTestId("delivery-edit"));
    const delivered = await screen.findByTestId("field-delivered_on");
    expect((delivered as HTMLInputElement).value).toContain("2026");
    await user.click(screen.getByTestId("form-submit"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "delivery_save")).toBe(true));
    expect(calls.find((c) => c.cmd === "delivery_save")?.args).toMatchObject({
      id: "d1",
      input: { title: "第一批电路板", promised_on: "2026-11-08", delivered_on: "2026-11-08" },
    });
  });
});

describe("the dashboard's conflicts and scores panels", () => {
  it("say how many they show and link to the full lists", async () => {
    const due = Array.from({ length: 7 }, (_, i) => ({ ...CONFLICT, id: `k-${i}`, title: `冲突 ${i}` }));
    mockBackend((cmd) => {
      if (cmd === "dashboard_summary") return dashboardSummary();
      if (cmd === "conflict_list") return due;
      if (cmd === "supplier_scores")
        return [score("Brightline", 100, false), score("苏州恒通电子", 65, true)];
      return undefined;
    });
    await renderApp("/dashboard", "zh-CN");
    const conflicts = await screen.findByTestId("conflicts-due");
    await waitFor(() => expect(within(conflicts).getAllByTestId("conflict-row")).toHaveLength(5));
    expect(within(conflicts).getByRole("heading").textContent).toBe("待复查的冲突（前 5 项，共 7 项）");
    expect(within(conflicts).getByRole("link", { name: "查看全部" }).getAttribute("href")).toBe(
      "/conflicts?review=due",
    );
    const scores = screen.getByTestId("scores-dropped");
    await waitFor(() => expect(within(scores).getAllByTestId("score-dropped-row")).toHaveLength(1));
    // Everything it has fits: the plain title, and still the link to every supplier by score.
    expect(within(scores).getByRole("heading").textContent).toBe("评分下降的供应商");
    expect(screen.getByTestId("scores-all").getAttribute("href")).toBe("/directory/suppliers?sort=score");
  });
});
