import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Cadence, ImportReport } from "../bindings";
import { dashboardSummary, decision } from "./fixtures";
import { mockBackend, renderApp } from "./utils";

configure({ asyncUtilTimeout: 5000 });

const REPORT: ImportReport = {
  format: "csv",
  encoding: "GB18030",
  columns: [
    { header: "姓名", field: "name" },
    { header: "邮箱", field: "email" },
    { header: "传真", field: null },
  ],
  rows: [
    {
      line: 2,
      is_organization: false,
      name: "司马光",
      organization: "洛阳书局",
      title: null,
      email: "sima@example.cn",
      phone: null,
      action: "unchanged",
      matched_by: "email",
      matched_id: "0190-c-1",
      matched_name: "司马光",
    },
    {
      line: 3,
      is_organization: false,
      name: "欧阳修",
      organization: null,
      title: null,
      email: null,
      phone: null,
      action: "create",
      matched_by: null,
      matched_id: null,
      matched_name: null,
    },
  ],
  total: 2,
  created: 1,
  updated: 0,
  unchanged: 1,
  organizations_created: 0,
  applied: false,
};

describe("importing contacts", () => {
  it("previews the columns, the rows and their matches, then imports with the mapping changed", async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === "contacts_import_pick") return "people.csv";
      if (cmd === "contacts_import_preview") return REPORT;
      if (cmd === "contacts_import") return { ...REPORT, applied: true };
      return undefined;
    });
    await renderApp("/contacts", "zh-CN");
    await userEvent.click(await screen.findByTestId("contacts-import"));
    await userEvent.click(await screen.findByTestId("import-pick"));
    const summary = await screen.findByTestId("import-summary");
    expect(summary.textContent).toContain("共 2 条记录：新建 1，补充 0，已存在 1");
    const rows = await screen.findAllByTestId("import-row");
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByText("按邮箱匹配到 司马光")).toBeTruthy();
    // The fax column is taken as a phone number: the preview is asked again with that mapping.
    const fax = screen.getByLabelText("将列 传真 作为");
    await userEvent.click(fax);
    const listbox = await waitFor(() => {
      const el = document.getElementById(fax.getAttribute("aria-controls") ?? "");
      if (!el) throw new Error("the dropdown did not open");
      return el;
    });
    await userEvent.click(within(listbox).getByRole("option", { name: "电话", hidden: true }));
    await waitFor(() =>
      expect(
        calls.some(
          (c) =>
            c.cmd === "contacts_import_preview" &&
            JSON.stringify(c.args).includes('{"header":"传真","field":"phone"}'),
        ),
      ).toBe(true),
    );
    await userEvent.click(screen.getByTestId("import-run"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "contacts_import")).toBe(true));
    await waitFor(() => expect(screen.queryByTestId("import-modal")).toBeNull());
  });

  it("names the line and the column of a bad record, in English too", async () => {
    mockBackend((cmd) => {
      if (cmd === "contacts_import_pick") return "people.csv";
      if (cmd === "contacts_import_preview")
        throw { code: "invalid_record", detail: { line: 3, field: "E-mail", rule: "invalid_email" } };
      return undefined;
    });
    await renderApp("/contacts", "en");
    await userEvent.click(await screen.findByTestId("contacts-import"));
    await userEvent.click(await screen.findByTestId("import-pick"));
    const error = await screen.findByTestId("import-error");
    expect(error.textContent).toContain("nothing was imported");
    expect(error.textContent).toContain("line 3, E-mail: Enter a valid email address");
    expect((screen.getByTestId("import-run") as HTMLButtonElement).disabled).toBe(true);
  });
});

describe("losing touch", () => {
  it("lists a red cadence on the dashboard with words, not colour alone", async () => {
    const cadence: Cadence = {
      id: "k1",
      organization_id: "0190-org-1",
      contact_id: null,
      name: "华东精密制造有限公司",
      every_days: 14,
      snoozed_until: null,
      last_interaction: "2026-11-01",
      due: "2026-11-15",
      days_left: -15,
      status: "red",
    };
    const summary = dashboardSummary({ counts: { partners: 1, losing_touch: 1 }, losing_touch: [cadence] });
    // The dashboard reads the panel from its summary, not from the full list's command.
    mockBackend((cmd) => (cmd === "dashboard_summary" ? summary : undefined));
    await renderApp("/", "en");
    const row = await screen.findByTestId("losing-touch-row");
    expect(row.textContent).toContain("华东精密制造有限公司");
    expect(within(row).getByTestId("cadence-status").textContent).toBe("Losing touch · 15 days overdue");
  });
});

describe("commitments", () => {
  it("makes a recent decision a commitment from the dashboard, the icon button opening the choice", async () => {
    const hit = {
      decision: decision("d-1", "样品交期定为 12 月 5 日"),
      meeting_title: "周例会",
      meeting_starts_at: "2026-11-24T02:00:00Z",
    };
    const calls = mockBackend((cmd) => {
      if (cmd === "dashboard_summary") return dashboardSummary();
      if (cmd === "decision_search") return [hit];
      if (cmd === "commitment_from_decision") return { title: "样品交期定为 12 月 5 日" };
      return undefined;
    });
    const user = userEvent.setup();
    await renderApp("/", "en");
    const row = await screen.findByTestId("recent-decision");
    await user.click(within(row).getByRole("button", { name: "Make it a commitment" }));
    await user.click(await screen.findByTestId("to-commitment-we_owe"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "commitment_from_decision")).toBe(true));
    expect(calls.find((c) => c.cmd === "commitment_from_decision")?.args).toMatchObject({
      decisionId: "d-1",
      direction: "we_owe",
    });
  });
});
