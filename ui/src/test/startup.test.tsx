import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { dashboardSummary } from "./fixtures";
import { startsOnDashboard } from "../routes/dashboardQuery";
import { mockBackend } from "./utils";

const summary = dashboardSummary({ counts: { partners: 3 } });

describe("start-up", () => {
  it("knows when the window opens on the dashboard", () => {
    for (const hash of ["", "#", "#/", "#/dashboard", "#/dashboard?x=1"])
      expect(startsOnDashboard(hash), hash).toBe(true);
    for (const hash of ["#/projects", "#/dashboards", "#/tasks?show=overdue", "#/settings"])
      expect(startsOnDashboard(hash), hash).toBe(false);
  });

  it("asks for the dashboard's data before the settings and before React mounts, and only once", async () => {
    const calls = mockBackend((cmd) => (cmd === "dashboard_summary" ? summary : undefined));
    document.body.innerHTML = '<div id="root"></div>';
    window.location.hash = "";
    await import("../main");
    // Right after the script ran: the dashboard's request went out first, nothing is rendered yet.
    expect(calls.map((c) => c.cmd).slice(0, 2)).toEqual(["dashboard_summary", "settings_get"]);
    expect(document.getElementById("root")!.childElementCount).toBe(0);
    // The page renders that answer instead of asking again.
    // (The first render transforms the whole app's modules in this environment: give it time.)
    expect(
      await screen.findByRole("button", { name: "Partners: 3" }, { timeout: 15_000 }),
    ).toBeInTheDocument();
    expect(calls.filter((c) => c.cmd === "dashboard_summary")).toHaveLength(1);
  });
});
