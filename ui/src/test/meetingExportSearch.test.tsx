import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Channel } from "@tauri-apps/api/core";
import { describe, expect, it } from "vitest";
import type { BatchProgress, BatchReport, Hit } from "../bindings";
import en from "../locales/en/common.json";
import enErrors from "../locales/en/errors.json";
import zh from "../locales/zh-CN/common.json";
import { brief, meeting } from "./fixtures";
import { argsOf, backend, choose, cleanUpAfterEach, openMeeting } from "./meetingHelpers";
import { renderApp } from "./utils";

// Getting meetings out and finding them: exports (one meeting, batches), the brief, decision search and the
// command palette.

cleanUpAfterEach();

describe("export", () => {
  it("lets Rust ask where to save, in the chosen format and language", async () => {
    const path = "/home/me/2026-11-24 供应商周例会.docx";
    const calls = backend(meeting(), (cmd) => (cmd === "meeting_export" ? path : undefined));
    await openMeeting("en");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("meeting-export"));
    // The summary language defaults to the UI language.
    expect(screen.getByTestId("export-lang")).toHaveValue("English");
    await choose(screen.getByTestId("export-format"), en.export.format.docx);
    await choose(screen.getByTestId("export-lang"), "中文");
    await user.click(screen.getByTestId("export-save"));
    expect(await screen.findByTestId("export-done")).toHaveTextContent(path);
    // The webview opens no dialog and names no path: it suggests a file name, Rust asks the user.
    expect(calls.some((c) => c.cmd.startsWith("plugin:dialog"))).toBe(false);
    expect(argsOf(calls, "meeting_export")).toEqual([
      {
        id: "m1",
        format: "docx",
        lang: "zh-CN",
        partyId: null,
        dialog: {
          title: en.export.saveTitle,
          file_name: "2026-11-24 供应商周例会.docx",
          filter_name: en.export.format.docx,
        },
      },
    ]);
    // The choice is remembered for the next export.
    expect(localStorage.getItem("export.format")).toBe("docx");
    expect(localStorage.getItem("export.lang")).toBe("zh-CN");
    // The toast opens the file, or shows it in its folder, through the backend (which knows what it wrote).
    await user.click(screen.getByTestId("export-open"));
    await user.click(screen.getByTestId("export-reveal"));
    await waitFor(() => expect(argsOf(calls, "export_reveal")).toEqual([{ path }]));
    expect(argsOf(calls, "export_open")).toEqual([{ path }]);
  });

  it("exports one party's follow-up pack", async () => {
    const calls = backend(meeting(), (cmd) => (cmd === "meeting_export" ? "/tmp/p.md" : undefined));
    await openMeeting("en");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("meeting-export"));
    await user.click(screen.getByTestId("export-scope-party"));
    await choose(await screen.findByTestId("export-party"), "采购部");
    await user.click(screen.getByTestId("export-save"));
    await screen.findByTestId("export-done");
    expect(argsOf(calls, "meeting_export")[0]).toMatchObject({ partyId: "d1", format: "md" });
  });

  it("does nothing when the dialog is cancelled", async () => {
    // Rust answers null when the user cancels its dialog.
    const calls = backend(meeting(), (cmd) => (cmd === "meeting_export" ? null : undefined));
    await openMeeting();
    const user = userEvent.setup();
    await user.click(screen.getByTestId("meeting-export"));
    await user.click(screen.getByTestId("export-save"));
    await waitFor(() => expect(argsOf(calls, "meeting_export")).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId("export-done")).toBeNull();
    expect(screen.queryByTestId("export-error")).toBeNull();
    expect(screen.getByTestId("export-modal")).toBeInTheDocument();
  });

  it("shows the localized message when the export fails", async () => {
    backend(meeting(), (cmd) => {
      if (cmd === "meeting_export") throw { code: "export", detail: { message: "no CJK font" } };
      return undefined;
    });
    await openMeeting("en");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("meeting-export"));
    await user.click(screen.getByTestId("export-save"));
    expect(await screen.findByTestId("export-error")).toHaveTextContent(enErrors.code.export);
  });

  it("writes one pack per party into the chosen folder", async () => {
    const calls = backend(meeting(), (cmd) =>
      cmd === "meeting_export_follow_ups" ? ["/tmp/packs/a.md", "/tmp/packs/b.md"] : undefined,
    );
    await openMeeting("en");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("meeting-export"));
    await user.click(screen.getByTestId("export-scope-packs"));
    await user.click(screen.getByTestId("export-save"));
    expect(await screen.findByTestId("export-done")).toHaveTextContent("2 files written to /tmp/packs");
    expect(argsOf(calls, "meeting_export_follow_ups")).toEqual([
      { id: "m1", format: "md", lang: "en", dialogTitle: en.export.chooseFolder },
    ]);
  });
});

describe("batch export", () => {
  it("shows progress from the channel, and Cancel stops the job", async () => {
    let channel: Channel<BatchProgress> | undefined;
    let finish: ((r: BatchReport) => void) | undefined;
    const calls = backend(meeting(), (cmd, args) => {
      if (cmd === "meetings_export_batch") {
        channel = (args as { progress: Channel<BatchProgress> }).progress;
        return new Promise<BatchReport>((resolve) => (finish = resolve));
      }
      if (cmd === "export_cancel") return null;
      return undefined;
    });
    await renderApp("/meetings", "en");
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("meeting-batch-export"));
    await user.type(screen.getByTestId("batch-from"), "2026-01-01");
    await user.type(screen.getByTestId("batch-to"), "2026-12-31");
    await user.click(screen.getByTestId("batch-start"));
    const progress = await screen.findByTestId("batch-progress");
    expect(progress).toHaveTextContent(en.batch.preparing);
    const sent = argsOf(calls, "meetings_export_batch")[0] as {
      query: { project_id: string | null; from: string; to: string };
      format: string;
      lang: string;
      dialogTitle: string;
      job: string;
    };
    expect(sent).toMatchObject({ format: "md", lang: "en", dialogTitle: en.batch.chooseFolder });
    expect(sent.query.project_id).toBeNull();
    expect(sent.query.from < sent.query.to).toBe(true);
    expect(sent.job).toMatch(/^[0-9a-f-]{16,}$/);
    act(() => channel!.onmessage({ done: 12, total: 200, title: "供应商周例会" }));
    expect(progress).toHaveTextContent("12 / 200 — 供应商周例会");
    expect(within(progress).getByRole("progressbar")).toHaveAttribute("aria-valuenow", "6");
    await user.click(screen.getByTestId("batch-cancel"));
    await waitFor(() => expect(argsOf(calls, "export_cancel")).toEqual([{ job: sent.job }]));
    act(() =>
      finish!({
        written: Array.from({ length: 12 }, (_, i) => `/tmp/out/${i}.md`),
        total: 200,
        cancelled: true,
      }),
    );
    expect(await screen.findByTestId("batch-done")).toHaveTextContent("Cancelled — 12 files kept");
  });

  it("reports the files written when it finishes", async () => {
    backend(meeting(), (cmd) => {
      if (cmd === "meetings_export_batch")
        return { written: ["/tmp/out/a.md", "/tmp/out/b.md"], total: 2, cancelled: false };
      return undefined;
    });
    await renderApp("/meetings", "zh-CN");
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("meeting-batch-export"));
    await user.click(screen.getByTestId("batch-which-all"));
    await user.click(screen.getByTestId("batch-start"));
    expect(await screen.findByTestId("batch-done")).toHaveTextContent("已写入 2 个文件");
  });
});

describe("decision search", () => {
  it("finds decisions with their meeting and links to it", async () => {
    const calls = backend(meeting(), (cmd) =>
      cmd === "decision_search"
        ? [
            {
              decision: {
                id: "d-1",
                meeting_id: "m1",
                text: "样品交期定为 12 月 5 日",
                organization_id: null,
                organization_name: null,
              },
              meeting_title: "供应商周例会",
              meeting_starts_at: "2026-11-24T02:00:00Z",
            },
          ]
        : undefined,
    );
    await renderApp("/meetings", "en");
    const user = userEvent.setup();
    await user.type(await screen.findByTestId("decision-search"), "交期");
    const hit = await screen.findByTestId("decision-hit");
    expect(hit).toHaveTextContent("样品交期定为 12 月 5 日");
    expect(argsOf(calls, "decision_search")).toEqual([{ query: "交期", limit: 50 }]);
    await user.click(within(hit).getByRole("link", { name: "供应商周例会" }));
    expect(await screen.findByTestId("meeting-page")).toBeInTheDocument();
  });
});

describe("brief", () => {
  it("shows every section, in English and after switching to Chinese", async () => {
    const calls = backend(meeting(), (cmd) => (cmd === "meeting_brief" ? brief() : undefined));
    await openMeeting("en");
    const user = userEvent.setup();
    expect(argsOf(calls, "meeting_brief")).toEqual([]);
    await user.click(screen.getByTestId("brief-tab"));
    const panel = await screen.findByTestId("brief-panel");
    await within(panel).findByTestId("brief-attendees");
    expect(argsOf(calls, "meeting_brief")[0]).toMatchObject({
      id: "m1",
      today: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    for (const [testId, heading] of [
      ["brief-attendees", en.brief.attendees],
      ["brief-overdue", en.brief.overdue],
      ["brief-organizations", en.brief.organizations],
      ["brief-previous", en.brief.previous],
    ] as const) {
      expect(within(panel).getByTestId(testId)).toHaveTextContent(heading);
    }
    expect(within(panel).getByTestId("brief-attendees")).toHaveTextContent("更新物料清单");
    expect(within(panel).getByTestId("brief-attendees")).toHaveTextContent(en.brief.nothingOpen);
    expect(within(panel).getByTestId("brief-overdue")).toHaveTextContent("提交验收报告");
    const last = within(panel).getByTestId("brief-last-interaction");
    expect(last).toHaveAttribute("title");
    expect(last.getAttribute("title")).toMatch(/2026/);
    expect(within(panel).getByTestId("brief-organizations")).toHaveTextContent(en.brief.firstMeeting);
    expect(within(panel).getByTestId("brief-previous")).toHaveTextContent("每周二例会");

    await act(async () => {
      const { default: i18n } = await import("../lib/i18n");
      await i18n.changeLanguage("zh-CN");
    });
    await waitFor(() => expect(screen.getByTestId("brief-tab")).toHaveTextContent(zh.brief.tab));
    for (const [testId, heading] of [
      ["brief-attendees", zh.brief.attendees],
      ["brief-overdue", zh.brief.overdue],
      ["brief-organizations", zh.brief.organizations],
      ["brief-previous", zh.brief.previous],
    ] as const) {
      expect(within(panel).getByTestId(testId)).toHaveTextContent(heading);
    }
    expect(within(panel).getByTestId("brief-attendees")).toHaveTextContent(zh.brief.nothingOpen);
  });

  it("says what to do when there is nothing to brief on", async () => {
    backend(
      meeting({
        project_id: null,
        project_name: null,
        previous_meeting_id: null,
        previous_meeting_title: null,
      }),
      (cmd) =>
        cmd === "meeting_brief"
          ? { meeting_id: "m1", attendees: [], overdue: [], organizations: [], previous: null }
          : undefined,
    );
    await openMeeting("zh-CN");
    await userEvent.click(screen.getByTestId("brief-tab"));
    const panel = await screen.findByTestId("brief-panel");
    expect(await within(panel).findByText(zh.brief.noAttendees)).toBeInTheDocument();
    expect(within(panel).getByText(zh.brief.noProject)).toBeInTheDocument();
    expect(within(panel).getByText(zh.brief.noOrganizations)).toBeInTheDocument();
    expect(within(panel).getByText(zh.brief.noPrevious)).toBeInTheDocument();
  });
});

describe("command palette", () => {
  const hits = (): Hit[] => [
    {
      type: "meeting",
      id: "m1",
      title: "供应商周例会",
      parent: null,
      snippet: "3 号会议室 包装方案",
      marks: [[7, 9]],
      score: -3,
    },
    {
      type: "decision",
      id: "d-9",
      title: "包装方案改为可回收材料",
      parent: "m1",
      snippet: "供应商周例会",
      marks: [],
      score: -5,
    },
  ];

  it("searches everything through the index, grouped by type, and a decision opens its meeting", async () => {
    const calls = backend(meeting(), (cmd) => (cmd === "search_all" ? hits() : undefined));
    await renderApp("/dashboard", "zh-CN");
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("palette-open"));
    await user.type(await screen.findByLabelText(zh.palette.placeholder), "包装");
    // The palette highlights the query inside the label, so the action is found by its accessible name.
    const hit = await screen.findByRole("button", { name: /包装方案改为可回收材料/ });
    // The group's heading is drawn from this CSS variable.
    expect(hit.closest(".mantine-Spotlight-actionsGroup")?.getAttribute("style")).toContain(
      `'${zh.search.kind.decision}'`,
    );
    expect(argsOf(calls, "search_all").at(-1)).toMatchObject({ query: "包装", kind: null });
    await user.click(hit);
    expect(await screen.findByTestId("meeting-page")).toBeInTheDocument();
  });

  it("Tab jumps to the next group's first entry, and Enter opens it", async () => {
    backend(meeting(), (cmd) => (cmd === "search_all" ? hits() : undefined));
    await renderApp("/dashboard", "zh-CN");
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("palette-open"));
    const search = await screen.findByLabelText(zh.palette.placeholder);
    await user.type(search, "包装");
    await screen.findByRole("button", { name: /包装方案改为可回收材料/ });
    await user.keyboard("{Tab}");
    const selected = document.querySelector("[data-selected]");
    expect(selected).toHaveTextContent("包装方案改为可回收材料");
    expect(search).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(await screen.findByTestId("meeting-page")).toBeInTheDocument();
  });
});

describe("command palette: Enter", () => {
  it("opens the top result without ↓ first, after the results arrived", async () => {
    backend(meeting(), (cmd) =>
      cmd === "search_all"
        ? [
            {
              type: "meeting",
              id: "m1",
              title: "供应商周例会",
              parent: null,
              snippet: "",
              marks: [],
              score: -1,
            },
          ]
        : undefined,
    );
    await renderApp("/dashboard", "zh-CN");
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("palette-open"));
    const search = await screen.findByLabelText(zh.palette.placeholder);
    await user.type(search, "周例会");
    await screen.findByRole("button", { name: /供应商周例会/ });
    await user.keyboard("{Enter}");
    expect(await screen.findByTestId("meeting-page")).toBeInTheDocument();
  });
});
