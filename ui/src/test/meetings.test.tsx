import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { notifications } from "@mantine/notifications";
import { EditorView } from "@codemirror/view";
import type { Channel } from "@tauri-apps/api/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AgendaItem, BatchProgress, BatchReport, Hit, Meeting, TaskInput } from "../bindings";
import en from "../locales/en/common.json";
import enErrors from "../locales/en/errors.json";
import zhErrors from "../locales/zh-CN/errors.json";
import zh from "../locales/zh-CN/common.json";
import { agendaItem, brief, decision, meeting, templates } from "./fixtures";
import { setUserTimeZone } from "../lib/time";
import { mockBackend, renderApp, requestClose, WORKING_HOURS, type Call, type Handler } from "./utils";

afterEach(() => {
  vi.restoreAllMocks();
  localStorage.clear();
  // Toasts live in a module-level store that outlives each render.
  notifications.clean();
});

/**
 * A Mantine option. Its dropdown counts as hidden in jsdom (floating-ui sees a zero-size, "detached" input), so
 * options are found with `hidden: true`.
 */
async function choose(input: HTMLElement, name: string) {
  const user = userEvent.setup();
  await user.click(input);
  const listbox = await waitFor(() => {
    const el = document.getElementById(input.getAttribute("aria-controls") ?? "");
    if (!el) throw new Error("the dropdown did not open");
    return el;
  });
  await user.click(within(listbox).getByRole("option", { name, hidden: true }));
}

/** A backend serving meeting m1 (or `m`), with `extra` answering first. */
function backend(m: Meeting = meeting(), extra: Handler = () => undefined): Call[] {
  return mockBackend((cmd, args) => {
    const answer = extra(cmd, args);
    if (answer !== undefined) return answer;
    if (cmd === "meeting_get") return m;
    if (cmd === "meeting_parties")
      return [
        { id: "d1", name: "采购部" },
        { id: "o1", name: "华东精密制造有限公司" },
      ];
    if (cmd === "template_list") return templates();
    return undefined;
  });
}

const argsOf = (calls: Call[], cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.args);
const titles = () => screen.getAllByTestId("agenda-title").map((el) => el.textContent);

/** Gives agenda rows a vertical layout (jsdom has none), so the keyboard sensor can find the row below. */
function layOutAgendaRows() {
  vi.spyOn(HTMLElement.prototype, "getBoundingClientRect").mockImplementation(function (this: HTMLElement) {
    const row = this.closest("[data-testid=agenda-item]");
    const rows = Array.from(document.querySelectorAll("[data-testid=agenda-item]"));
    const top = row ? rows.indexOf(row) * 40 : 0;
    return {
      x: 0,
      y: top,
      top,
      left: 0,
      right: 600,
      bottom: top + 40,
      width: 600,
      height: 40,
      toJSON: () => ({}),
    } as DOMRect;
  });
}

async function openMeeting(lang: "en" | "zh-CN" = "en") {
  await renderApp("/meetings/m1", lang);
  await screen.findByTestId("meeting-page");
}

describe("agenda", () => {
  it("adds an item with Enter", async () => {
    const m = meeting();
    const calls = backend(m, (cmd, args) => {
      if (cmd !== "agenda_item_create") return undefined;
      const item = agendaItem("a4", (args as { input: { title: string } }).input.title, {
        planned_minutes: null,
      });
      m.agenda = [...m.agenda, item];
      return item;
    });
    await openMeeting();
    const user = userEvent.setup();
    await user.type(screen.getByTestId("agenda-add-input"), "预算确认{Enter}");
    await waitFor(() => expect(titles()).toContain("预算确认"));
    expect(argsOf(calls, "agenda_item_create")).toEqual([
      {
        meetingId: "m1",
        input: { title: "预算确认", owner_contact_id: null, planned_minutes: null, done: false },
      },
    ]);
    expect(screen.getByTestId("agenda-add-input")).toHaveValue("");
    // 10 + 10 + 15 planned of a 60-minute meeting.
    expect(screen.getByTestId("agenda-total")).toHaveTextContent("Planned 35 of 60 min");
    expect(screen.getAllByTestId("agenda-carried")).toHaveLength(1);
  });

  it("gives a new item its planned minutes inline", async () => {
    const m = meeting();
    const calls = backend(m, (cmd, args) => {
      if (cmd !== "agenda_item_create") return undefined;
      const input = (args as { input: { title: string; planned_minutes: number | null } }).input;
      const item = agendaItem("a4", input.title, { planned_minutes: input.planned_minutes });
      m.agenda = [...m.agenda, item];
      return item;
    });
    await openMeeting();
    const user = userEvent.setup();
    await user.type(screen.getByTestId("agenda-add-input"), "预算确认");
    await user.type(screen.getByTestId("agenda-add-minutes"), "20{Enter}");
    await waitFor(() => expect(argsOf(calls, "agenda_item_create")).toHaveLength(1));
    expect(argsOf(calls, "agenda_item_create")[0]).toMatchObject({
      input: { title: "预算确认", planned_minutes: 20 },
    });
    await waitFor(() => expect(screen.getByTestId("agenda-add-minutes")).toHaveValue(""));
    expect(screen.getByTestId("agenda-add-input")).toHaveValue("");
  });

  it("moves an item down with the keyboard and saves the new place (after = the item now before it)", async () => {
    const moved: AgendaItem[] = [
      agendaItem("a2", "交期风险", { carried_from_id: "a0" }),
      agendaItem("a1", "上周行动回顾"),
      agendaItem("a3", "下一步计划", { planned_minutes: 15 }),
    ];
    const calls = backend(meeting(), (cmd) => (cmd === "agenda_item_move" ? moved : undefined));
    await openMeeting();
    layOutAgendaRows();
    const user = userEvent.setup();
    const handle = screen.getAllByTestId("agenda-handle")[0]!;
    handle.focus();
    await user.keyboard("[Space]");
    await user.keyboard("[ArrowDown]");
    await user.keyboard("[Space]");
    await waitFor(() => expect(argsOf(calls, "agenda_item_move")).toEqual([{ id: "a1", after: "a2" }]));
    expect(titles()).toEqual(["交期风险", "上周行动回顾", "下一步计划"]);
  });

  it("puts the order back and says why when the move fails", async () => {
    backend(meeting(), (cmd) => {
      if (cmd === "agenda_item_move")
        throw { code: "not_found", detail: { entity: "agenda_item", id: "a3" } };
      return undefined;
    });
    await openMeeting();
    layOutAgendaRows();
    const user = userEvent.setup();
    screen.getAllByTestId("agenda-handle")[2]!.focus();
    await user.keyboard("[Space]");
    await user.keyboard("[ArrowUp]");
    await user.keyboard("[Space]");
    expect(await screen.findByText(en.agenda.moveFailed)).toBeInTheDocument();
    expect(screen.getByText(enErrors.code.not_found)).toBeInTheDocument();
    await waitFor(() => expect(titles()).toEqual(["上周行动回顾", "交期风险", "下一步计划"]));
  });

  it("deletes an item, and Undo restores it", async () => {
    const calls = backend(meeting(), (cmd) => {
      if (cmd === "agenda_item_delete") return null;
      if (cmd === "agenda_item_restore") return agendaItem("a2", "交期风险");
      return undefined;
    });
    await openMeeting();
    const user = userEvent.setup();
    await user.click(screen.getAllByTestId("agenda-delete")[1]!);
    await waitFor(() => expect(argsOf(calls, "agenda_item_delete")).toEqual([{ id: "a2" }]));
    expect(argsOf(calls, "agenda_item_restore")).toEqual([]);
    await user.click(await screen.findByTestId("toast-undo"));
    await waitFor(() => expect(argsOf(calls, "agenda_item_restore")).toEqual([{ id: "a2" }]));
  });

  it("edits an item in place", async () => {
    const calls = backend(meeting(), (cmd, args) =>
      cmd === "agenda_item_update"
        ? agendaItem("a1", (args as { input: { title: string } }).input.title, { planned_minutes: 20 })
        : undefined,
    );
    await openMeeting();
    const user = userEvent.setup();
    await user.click(screen.getAllByTestId("agenda-title")[0]!);
    const input = screen.getByTestId("agenda-edit-title");
    await user.clear(input);
    await user.type(input, "回顾行动项");
    await user.clear(screen.getByTestId("agenda-edit-minutes"));
    await user.type(screen.getByTestId("agenda-edit-minutes"), "20{Enter}");
    await waitFor(() => expect(titles()[0]).toBe("回顾行动项"));
    expect(argsOf(calls, "agenda_item_update")).toEqual([
      {
        id: "a1",
        input: { title: "回顾行动项", owner_contact_id: null, planned_minutes: 20, done: false },
      },
    ]);
  });
});

/** The CodeMirror view of the notes editor; typing goes through a transaction, as an input method's text does. */
async function notesEditor(): Promise<EditorView> {
  const root = await screen.findByTestId("notes-editor", {}, { timeout: 10_000 });
  const view = EditorView.findFromDOM(root);
  if (!view) throw new Error("no CodeMirror view in notes-editor");
  return view;
}

function typeInto(view: EditorView, text: string) {
  act(() => {
    view.dispatch({ changes: { from: view.state.doc.length, insert: text } });
  });
}

describe("notes", () => {
  it("saves once, about 800 ms after typing stops, and shows Saved", async () => {
    const calls = backend(meeting(), (cmd) =>
      cmd === "meeting_set_notes" ? "2026-11-24T02:10:00Z" : undefined,
    );
    await openMeeting();
    const view = await notesEditor();
    expect(view.contentDOM).toHaveAccessibleName(en.fields.notes);
    typeInto(view, "# 会议记录");
    typeInto(view, "\n- 样品已到");
    expect(screen.getByTestId("notes-status")).toHaveAttribute("data-state", "saving");
    expect(argsOf(calls, "meeting_set_notes")).toEqual([]);
    await waitFor(() => expect(screen.getByTestId("notes-status")).toHaveAttribute("data-state", "saved"), {
      timeout: 3000,
    });
    expect(screen.getByTestId("notes-status")).toHaveTextContent(/^Saved \d{1,2}:\d{2}/);
    await new Promise((r) => setTimeout(r, 900));
    expect(argsOf(calls, "meeting_set_notes")).toEqual([{ id: "m1", notes: "# 会议记录\n- 样品已到" }]);
    // The preview follows the text.
    expect(within(screen.getByTestId("notes-preview")).getByRole("heading")).toHaveTextContent("会议记录");
  });

  it("shows Save failed with Retry, and Retry saves", async () => {
    let fail = true;
    const calls = backend(meeting(), (cmd) => {
      if (cmd !== "meeting_set_notes") return undefined;
      if (fail) throw { code: "database", detail: { message: "disk full" } };
      return "2026-11-24T02:10:00Z";
    });
    await openMeeting("zh-CN");
    const view = await notesEditor();
    typeInto(view, "待确认");
    const status = screen.getByTestId("notes-status");
    await waitFor(() => expect(status).toHaveAttribute("data-state", "error"), { timeout: 3000 });
    expect(status).toHaveTextContent(zh.notes.failed);
    fail = false;
    await userEvent.click(screen.getByTestId("notes-retry"));
    await waitFor(() => expect(status).toHaveAttribute("data-state", "saved"));
    expect(argsOf(calls, "meeting_set_notes")).toHaveLength(2);
    expect(argsOf(calls, "meeting_set_notes")[1]).toEqual({ id: "m1", notes: "待确认" });
  });

  it("saves what is pending when the page is left before the pause", async () => {
    const calls = backend(meeting(), (cmd) => (cmd === "meeting_set_notes" ? "x" : undefined));
    await openMeeting();
    const view = await notesEditor();
    typeInto(view, "最后一句");
    await userEvent.click(screen.getByTestId("nav-meetings"));
    await screen.findByTestId("page-title");
    await waitFor(() =>
      expect(argsOf(calls, "meeting_set_notes")).toEqual([{ id: "m1", notes: "最后一句" }]),
    );
  });

  it("closing the window saves what is pending before it closes", async () => {
    let release: (() => void) | undefined;
    const calls = backend(meeting(), (cmd) => {
      if (cmd !== "meeting_set_notes") return undefined;
      // A slow disk: the close must wait for this save.
      return new Promise((resolve) => (release = () => resolve("x")));
    });
    await openMeeting();
    const view = await notesEditor();
    typeInto(view, "关窗前的最后一句");
    await requestClose(calls);
    await waitFor(() => expect(argsOf(calls, "window_close_taken")).toHaveLength(1));
    await waitFor(() => expect(argsOf(calls, "meeting_set_notes")).toHaveLength(1));
    expect(argsOf(calls, "meeting_set_notes")[0]).toEqual({ id: "m1", notes: "关窗前的最后一句" });
    await new Promise((r) => setTimeout(r, 50));
    expect(argsOf(calls, "window_close")).toHaveLength(0);
    release!();
    await waitFor(() => expect(argsOf(calls, "window_close")).toHaveLength(1));
  });

  it("closing asks before losing notes that could not be saved", async () => {
    const calls = backend(meeting(), (cmd) => {
      if (cmd === "meeting_set_notes") throw { code: "database", detail: { message: "disk full" } };
      return undefined;
    });
    await openMeeting();
    const view = await notesEditor();
    typeInto(view, "存不下的笔记");
    await requestClose(calls);
    expect(await screen.findByTestId("close-guard")).toHaveTextContent(en.closing.saveFailed);
    expect(argsOf(calls, "window_close")).toHaveLength(0);
    await userEvent.click(screen.getByTestId("close-keep-editing"));
    expect(argsOf(calls, "window_close")).toHaveLength(0);
  });

  it("does not save while an input method is composing", async () => {
    const calls = backend(meeting(), (cmd) => (cmd === "meeting_set_notes" ? "x" : undefined));
    await openMeeting("zh-CN");
    const view = await notesEditor();
    const composing = vi.spyOn(view, "composing", "get").mockReturnValue(true);
    typeInto(view, "huiyi");
    await new Promise((r) => setTimeout(r, 1200));
    expect(argsOf(calls, "meeting_set_notes")).toEqual([]);
    composing.mockReturnValue(false);
    typeInto(view, "会议");
    await waitFor(() => expect(argsOf(calls, "meeting_set_notes")).toHaveLength(1), { timeout: 3000 });
  });

  it("renders hostile Markdown inert: no image, no script, no javascript: link, no handler runs", async () => {
    const alert = vi.spyOn(window, "alert").mockImplementation(() => undefined);
    const w = window as unknown as { __xss?: number };
    backend(
      meeting({
        notes: [
          "<img src=x onerror=alert(1)>",
          "<script>window.__xss=1</script>",
          "[x](javascript:alert(1)) and [site](https://example.com)",
          '<a href="https://example.com" onclick="alert(2)" style="color:red">styled</a>',
          "<iframe src=https://example.com></iframe><form><input></form>",
        ].join("\n\n"),
      }),
    );
    await openMeeting();
    const preview = await screen.findByTestId("notes-preview");
    expect(preview.querySelector("img, script, iframe, form, input, style")).toBeNull();
    expect(preview.querySelector("[onerror], [onclick], [style]")).toBeNull();
    const hrefs = Array.from(preview.querySelectorAll("a")).map((a) => a.getAttribute("href"));
    expect(hrefs.some((h) => h?.toLowerCase().includes("javascript"))).toBe(false);
    const link = within(preview).getByText("site");
    expect(link).toHaveAttribute("href", "https://example.com");
    expect(link).toHaveAttribute("title", "https://example.com");
    // Clicking a link does not navigate the app's window.
    expect(fireEvent.click(link)).toBe(false);
    fireEvent.click(within(preview).getByText("x"));
    await new Promise((r) => setTimeout(r, 50));
    expect(alert).not.toHaveBeenCalled();
    expect(w.__xss).toBeUndefined();
  });
});

describe("attendance and decisions", () => {
  it("marks an attendee present", async () => {
    const calls = backend(meeting(), (cmd) => (cmd === "attendance_set" ? null : undefined));
    await openMeeting();
    expect(screen.getByTestId("attendance")).toHaveTextContent("华东精密制造有限公司");
    await userEvent.click(screen.getByTestId("attendance-c1-present"));
    await waitFor(() =>
      expect(argsOf(calls, "attendance_set")).toEqual([
        { meetingId: "m1", contactId: "c1", attendance: "present" },
      ]),
    );
    expect(screen.getByTestId("attendance-count")).toHaveTextContent("2 of 2 present");
  });

  it("records a decision, and deleting it offers Undo", async () => {
    const m = meeting();
    const all = [...m.decisions];
    const calls = backend(m, (cmd, args) => {
      const a = args as { id: string; input: { text: string } };
      if (cmd === "decision_create") {
        const d = decision("d-2", a.input.text);
        all.push(d);
        m.decisions = [...m.decisions, d];
        return d;
      }
      if (cmd === "decision_delete") {
        m.decisions = m.decisions.filter((d) => d.id !== a.id);
        return null;
      }
      if (cmd === "decision_restore") {
        const d = all.find((x) => x.id === a.id)!;
        m.decisions = [d, ...m.decisions];
        return d;
      }
      return undefined;
    });
    await openMeeting();
    const user = userEvent.setup();
    await user.type(screen.getByTestId("decision-add-input"), "追加一次抽检{Enter}");
    await waitFor(() => expect(screen.getAllByTestId("decision-item")).toHaveLength(2));
    expect(argsOf(calls, "decision_create")).toEqual([
      { meetingId: "m1", input: { text: "追加一次抽检", organization_id: null } },
    ]);
    await user.click(screen.getAllByTestId("decision-delete")[0]!);
    await waitFor(() => expect(screen.getAllByTestId("decision-item")).toHaveLength(1));
    await user.click(await screen.findByTestId("toast-undo"));
    await waitFor(() => expect(argsOf(calls, "decision_restore")).toEqual([{ id: "d-1" }]));
    await waitFor(() => expect(screen.getAllByTestId("decision-item")).toHaveLength(2));
  });
});

describe("action items", () => {
  it("quick add creates a task of this meeting and its project", async () => {
    const calls = backend(meeting(), (cmd) =>
      cmd === "task_create" ? meeting().action_items[0] : undefined,
    );
    await openMeeting();
    const user = userEvent.setup();
    expect(screen.getAllByTestId("action-item")).toHaveLength(1);
    expect(screen.getAllByTestId("carried-item")[0]).toHaveTextContent("供应商启动会");
    await user.type(screen.getByTestId("action-add-title"), "寄送第二批样品");
    await user.type(screen.getByTestId("action-add-due"), "2030-02-01");
    await user.click(screen.getByTestId("action-add-submit"));
    await waitFor(() => expect(argsOf(calls, "task_create")).toHaveLength(1));
    const input = (argsOf(calls, "task_create")[0] as { input: TaskInput }).input;
    expect(input).toMatchObject({
      title: "寄送第二批样品",
      meeting_id: "m1",
      project_id: "p1",
      due_date: "2030-02-01",
      status: "todo",
    });
    expect(screen.getByTestId("action-add-title")).toHaveValue("");
  });

  it("refuses a malformed due date before calling the backend", async () => {
    const calls = backend();
    await openMeeting();
    const user = userEvent.setup();
    await user.type(screen.getByTestId("action-add-title"), "x");
    await user.type(screen.getByTestId("action-add-due"), "next week");
    await user.click(screen.getByTestId("action-add-submit"));
    expect(await screen.findByText(enErrors.rule.invalid_date)).toBeInTheDocument();
    expect(argsOf(calls, "task_create")).toEqual([]);
  });

  it("changes a status in place", async () => {
    const calls = backend(meeting(), (cmd) =>
      cmd === "task_update" ? meeting().action_items[0] : undefined,
    );
    await openMeeting();
    await choose(screen.getByTestId("action-item-status"), en.taskStatus.done);
    await waitFor(() => expect(argsOf(calls, "task_update")).toHaveLength(1));
    expect(argsOf(calls, "task_update")[0]).toMatchObject({
      id: "t1",
      input: { status: "done", progress: 100, meeting_id: "m1" },
    });
  });

  it("the task form links back to its meeting", async () => {
    backend();
    await openMeeting();
    await userEvent.click(screen.getByTestId("action-item-open"));
    const link = await screen.findByTestId("task-meeting");
    expect(within(link).getByRole("link", { name: "供应商周例会" })).toHaveAttribute("href", "/meetings/m1");
  });
});

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

describe("a new meeting's time", () => {
  afterEach(() => setUserTimeZone(null));

  it("is the next free slot within working hours, not the next full hour", async () => {
    setUserTimeZone("Asia/Shanghai");
    const calls = backend(meeting(), (cmd) => {
      if (cmd === "settings_get")
        return { locale: "zh-CN", working_hours: WORKING_HOURS, time_zone: "Asia/Shanghai" };
      if (cmd === "planner_free_slot") return { start: "2026-11-30T01:00:00Z", end: "2026-11-30T02:00:00Z" };
      return undefined;
    });
    await renderApp("/meetings", "zh-CN");
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("list-new"));
    await waitFor(() => expect(screen.getByTestId("field-starts_at")).toHaveValue("2026-11-30 09:00"));
    expect(screen.getByTestId("field-ends_at")).toHaveValue("2026-11-30 10:00");
    expect(argsOf(calls, "planner_free_slot")[0]).toMatchObject({
      query: { duration_minutes: 60, time_zone: "Asia/Shanghai" },
    });
  });
});

describe("templates", () => {
  it("warns in the form when the template's agenda is longer than the meeting, and extends it in one click", async () => {
    const long = {
      ...templates()[1]!,
      id: "tpl-long",
      duration_minutes: 45,
      agenda: [
        { title: "交付", planned_minutes: 30 },
        { title: "质量", planned_minutes: 30 },
      ],
    };
    backend(meeting(), (cmd) => (cmd === "template_list" ? [long] : undefined));
    await renderApp("/meetings", "zh-CN");
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("meeting-new-from-template"));
    await user.click((await screen.findAllByTestId("template-option"))[0]!);
    const warning = await screen.findByTestId("agenda-too-long");
    expect(warning).toHaveTextContent(
      zh.template.tooLong.replace("{{agenda}}", "60").replace("{{meeting}}", "45"),
    );
    await user.click(screen.getByTestId("agenda-extend"));
    await waitFor(() => expect(screen.queryByTestId("agenda-too-long")).not.toBeInTheDocument());
    const start = (screen.getByTestId("field-starts_at") as HTMLInputElement).value;
    const end = (screen.getByTestId("field-ends_at") as HTMLInputElement).value;
    expect((Date.parse(end.replace(" ", "T")) - Date.parse(start.replace(" ", "T"))) / 60_000).toBe(60);
  });

  it("a template opens the form prefilled, and the meeting is created from it", async () => {
    const calls = backend(meeting(), (cmd) => (cmd === "meeting_create" ? meeting({ id: "m9" }) : undefined));
    await renderApp("/meetings", "en");
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("meeting-new-from-template"));
    const options = await screen.findAllByTestId("template-option");
    expect(options.map((o) => o.getAttribute("data-template-id"))).toEqual(["builtin:weekly", "tpl-1"]);
    expect(argsOf(calls, "template_list")).toEqual([{ lang: "en" }]);
    await user.click(options[1]!);
    expect(await screen.findByTestId("field-title")).toHaveValue("Supplier review");
    const start = (screen.getByTestId("field-starts_at") as HTMLInputElement).value;
    const end = (screen.getByTestId("field-ends_at") as HTMLInputElement).value;
    const minutes = (Date.parse(end.replace(" ", "T")) - Date.parse(start.replace(" ", "T"))) / 60_000;
    expect(minutes).toBe(90);
    await user.click(screen.getByTestId("meeting-form-submit"));
    await waitFor(() => expect(argsOf(calls, "meeting_create")).toHaveLength(1));
    expect(argsOf(calls, "meeting_create")[0]).toMatchObject({
      input: { title: "Supplier review", template_id: "tpl-1", previous_meeting_id: null },
    });
    expect(await screen.findByTestId("meeting-page")).toBeInTheDocument();
  });

  it("saves this meeting as a template", async () => {
    const calls = backend(meeting(), (cmd) => (cmd === "template_create" ? templates()[1] : undefined));
    await openMeeting("en");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("meeting-more"));
    await user.click(await screen.findByTestId("meeting-save-template"));
    const name = await screen.findByTestId("template-name");
    await user.clear(name);
    await user.type(name, "Supplier review");
    await user.click(screen.getByTestId("template-save"));
    await waitFor(() => expect(argsOf(calls, "template_create")).toHaveLength(1));
    expect(argsOf(calls, "template_create")[0]).toEqual({
      input: {
        name: "Supplier review",
        title: "供应商周例会",
        duration_minutes: 60,
        agenda: [
          { title: "上周行动回顾", planned_minutes: 10 },
          { title: "交期风险", planned_minutes: 10 },
          { title: "下一步计划", planned_minutes: 15 },
        ],
        notes: null,
      },
    });
  });
});

describe("follow-up meeting", () => {
  it("opens the form with the same people a week later, following this meeting", async () => {
    const calls = backend(meeting(), (cmd) => (cmd === "meeting_create" ? meeting({ id: "m2" }) : undefined));
    await openMeeting("en");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("meeting-follow-up"));
    expect(await screen.findByTestId("field-title")).toHaveValue("供应商周例会");
    expect(screen.getByTestId("field-starts_at")).toHaveValue("2026-12-01 10:00");
    await user.click(screen.getByTestId("meeting-form-submit"));
    await waitFor(() => expect(argsOf(calls, "meeting_create")).toHaveLength(1));
    expect(argsOf(calls, "meeting_create")[0]).toMatchObject({
      input: {
        title: "供应商周例会",
        starts_at: "2026-12-01T02:00:00Z",
        ends_at: "2026-12-01T03:00:00Z",
        time_zone: "Asia/Shanghai",
        attendee_ids: ["c1", "c2"],
        organization_ids: ["o1"],
        project_id: "p1",
        previous_meeting_id: "m1",
        template_id: null,
      },
    });
  });
});

describe("meeting times", () => {
  it("a follow-up one week later keeps 10:00 across a daylight-saving change", async () => {
    // Monday 2027-03-22 10:00 in Berlin (CET); the clocks go forward on the 28th.
    const m = meeting({
      starts_at: "2027-03-22T09:00:00Z",
      ends_at: "2027-03-22T10:00:00Z",
      time_zone: "Europe/Berlin",
    });
    const calls = backend(m, (cmd) => (cmd === "meeting_create" ? meeting({ id: "m2" }) : undefined));
    await openMeeting("en");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("meeting-follow-up"));
    expect(await screen.findByTestId("field-starts_at")).toHaveValue("2027-03-29 10:00");
    expect(screen.getByTestId("field-ends_at")).toHaveValue("2027-03-29 11:00");
    await user.click(screen.getByTestId("meeting-form-submit"));
    await waitFor(() => expect(argsOf(calls, "meeting_create")).toHaveLength(1));
    // 10:00 CEST is 08:00 UTC: 167 hours after the first meeting, not 168.
    expect(argsOf(calls, "meeting_create")[0]).toMatchObject({
      input: {
        starts_at: "2027-03-29T08:00:00Z",
        ends_at: "2027-03-29T09:00:00Z",
        time_zone: "Europe/Berlin",
      },
    });
  });

  it("refuses an impossible date under its field instead of moving it to March", async () => {
    const calls = backend();
    await openMeeting("zh-CN");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("meeting-follow-up"));
    const start = await screen.findByTestId("field-starts_at");
    await user.clear(start);
    await user.type(start, "2026-02-30 10:00");
    await user.click(screen.getByTestId("meeting-form-submit"));
    expect(await screen.findByTestId("field-error-starts_at")).toHaveTextContent(zhErrors.rule.invalid_date);
    expect(argsOf(calls, "meeting_create")).toHaveLength(0);
  });

  it("picks a day from the calendar and keeps the typed time", async () => {
    backend();
    await openMeeting("en");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("meeting-follow-up"));
    const start = await screen.findByTestId("field-starts_at");
    expect(start).toHaveValue("2026-12-01 10:00");
    await user.click(screen.getByTestId("field-starts_at-pick"));
    const calendar = await screen.findByTestId("field-starts_at-calendar");
    await user.click(calendar.querySelector<HTMLElement>('[data-date="2026-12-03"]')!);
    expect(start).toHaveValue("2026-12-03 10:00");
    expect(screen.getByTestId("field-ends_at")).toHaveValue("2026-12-03 11:00");
    await user.click(calendar.querySelector<HTMLElement>('[data-time="14:30"]')!);
    expect(start).toHaveValue("2026-12-03 14:30");
    await waitFor(() => expect(screen.queryByTestId("field-starts_at-calendar")).not.toBeInTheDocument());
    // The time already chosen (often the default start) also picks and closes.
    await user.click(screen.getByTestId("field-starts_at-pick"));
    const again = await screen.findByTestId("field-starts_at-calendar");
    await user.click(again.querySelector<HTMLElement>('[data-time="14:30"]')!);
    expect(start).toHaveValue("2026-12-03 14:30");
    await waitFor(() => expect(screen.queryByTestId("field-starts_at-calendar")).not.toBeInTheDocument());
  });

  it("moves the end with a typed start, so the meeting keeps its length", async () => {
    backend();
    await openMeeting("zh-CN");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("meeting-follow-up"));
    const start = await screen.findByTestId("field-starts_at");
    const end = screen.getByTestId("field-ends_at");
    expect([start, end].map((e) => (e as HTMLInputElement).value)).toEqual([
      "2026-12-01 10:00",
      "2026-12-01 11:00",
    ]);
    await user.clear(end);
    await user.type(end, "2026-12-01 11:30");
    await user.clear(start);
    await user.type(start, "2026-12-02 14:30");
    expect(end).toHaveValue("2026-12-02 16:00");
  });

  it("shows the backend's repeat-rule errors under the repeat fields", async () => {
    const m = meeting({
      recurrence: { freq: "weekly", interval: 1, weekdays: ["tu"], until: "2027-01-31", count: null },
    });
    const calls = backend(m, (cmd) => {
      if (cmd === "meeting_update")
        throw {
          code: "validation",
          detail: {
            fields: [
              { field: "recurrence.until", rule: "invalid_date" },
              { field: "recurrence.weekdays", rule: "out_of_range" },
            ],
          },
        };
      return undefined;
    });
    await openMeeting("en");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("detail-edit"));
    expect(await screen.findByTestId("field-until")).toHaveValue("2027-01-31");
    await user.click(screen.getByTestId("meeting-form-submit"));
    await waitFor(() => expect(argsOf(calls, "meeting_update")).toHaveLength(1));
    expect(await screen.findByTestId("field-error-until")).toHaveTextContent(enErrors.rule.invalid_date);
    expect(screen.getByTestId("field-error-weekdays")).toHaveTextContent(enErrors.rule.out_of_range);
    // Every error found its field, so there is no generic message above the buttons.
    expect(screen.queryByTestId("form-error")).toBeNull();
  });

  it("refuses an impossible end date of the repeat rule before calling the backend", async () => {
    const m = meeting({
      recurrence: { freq: "weekly", interval: 1, weekdays: ["tu"], until: "2027-01-31", count: null },
    });
    const calls = backend(m);
    await openMeeting("zh-CN");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("detail-edit"));
    const until = await screen.findByTestId("field-until");
    await user.clear(until);
    await user.type(until, "2027-02-30");
    await user.click(screen.getByTestId("meeting-form-submit"));
    expect(await screen.findByTestId("field-error-until")).toHaveTextContent(zhErrors.rule.invalid_date);
    expect(argsOf(calls, "meeting_update")).toHaveLength(0);
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

describe("an occurrence of a series", () => {
  const occurrence = () =>
    meeting({
      id: "s1@2026-11-23T02:00:00Z",
      series_id: "s1",
      occurrence: "2026-11-23T02:00:00Z",
      starts_at: "2026-11-23T02:00:00Z",
      ends_at: "2026-11-23T03:00:00Z",
      time_zone: "Asia/Shanghai",
      recurrence: { freq: "weekly", interval: 1, weekdays: ["mo"], until: null, count: null },
      occurrences: { previous: "2026-11-16T02:00:00Z", next: "2026-11-30T02:00:00Z", current: null },
    });

  it("asks which occurrences a new time applies to and lists what no longer fits before saving", async () => {
    const m = occurrence();
    const calls = backend(m, (cmd) => {
      if (cmd === "meeting_series_preview")
        return [
          {
            occurrence: "2026-11-30T02:00:00Z",
            starts_at: "2026-11-30T02:00:00Z",
            kind: "minutes",
            meeting_id: "r1",
          },
        ];
      if (cmd === "meeting_series_save") return m;
      return undefined;
    });
    await renderApp("/meetings/s1/occurrences/2026-11-23T02:00:00Z", "en");
    expect(await screen.findByTestId("occurrence-nav")).toBeInTheDocument();
    expect(screen.getByTestId("occurrence-previous")).toHaveAttribute(
      "href",
      "/meetings/s1/occurrences/2026-11-16T02:00:00Z",
    );
    await userEvent.click(screen.getByTestId("detail-edit"));
    const start = await screen.findByTestId("field-starts_at");
    fireEvent.change(start, { target: { value: "2026-11-23 14:00" } });
    fireEvent.change(screen.getByTestId("field-ends_at"), { target: { value: "2026-11-23 15:00" } });
    await userEvent.click(screen.getByTestId("meeting-form-submit"));
    const dialog = await screen.findByTestId("series-scope-dialog");
    expect(within(dialog).getByText(en.series.scope.this)).toBeInTheDocument();
    await userEvent.click(within(dialog).getByLabelText(en.series.scope.all));
    await userEvent.click(screen.getByTestId("series-scope-confirm"));
    const orphans = await screen.findByTestId("series-orphans");
    expect(within(orphans).getAllByTestId("series-orphan")).toHaveLength(1);
    expect(argsOf(calls, "meeting_series_save")).toHaveLength(0);
    await userEvent.click(screen.getByTestId("series-orphans-confirm"));
    // Then who is affected: the series' attendees.
    expect(await screen.findByTestId("reschedule-people")).toHaveTextContent("Anna Schmidt");
    expect(argsOf(calls, "meeting_series_save")).toHaveLength(0);
    await userEvent.click(screen.getByTestId("reschedule-ok"));
    await waitFor(() => expect(argsOf(calls, "meeting_series_save")).toHaveLength(1));
    const [args] = argsOf(calls, "meeting_series_save") as [
      { id: string; edit: { scope: string; occurrence: string; input: { starts_at: string } } },
    ];
    expect(args.id).toBe("s1");
    expect(args.edit.scope).toBe("all");
    expect(args.edit.occurrence).toBe("2026-11-23T02:00:00Z");
    expect(args.edit.input.starts_at).toBe("2026-11-23T06:00:00Z");
  });
});

describe("moving a meeting other people attend", () => {
  it("asks first, naming who is affected, and then offers the updated invitation", async () => {
    const calls = backend(meeting(), (cmd, args) => {
      if (cmd === "meeting_update") return meeting({ ...(args as { input: Partial<Meeting> }).input });
      if (cmd === "meeting_export") return "/home/li/文档/邀请.ics";
      return undefined;
    });
    await openMeeting("zh-CN");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("detail-edit"));
    const start = await screen.findByTestId("field-starts_at");
    await user.clear(start);
    await user.type(start, "2026-11-25 14:00");
    await user.click(screen.getByTestId("meeting-form-submit"));
    const ask = await screen.findByTestId("reschedule-confirm");
    expect(ask).toHaveTextContent("新时间：周三 11月25日 14:00–15:00");
    expect(ask).toHaveTextContent("2 位参会人的日程会随之变动");
    expect(
      within(screen.getByTestId("reschedule-people"))
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["王晓明", "Anna Schmidt"]);
    // Cancel: nothing is saved and the form stays open with what was typed.
    await user.click(screen.getByTestId("reschedule-cancel"));
    await waitFor(() => expect(screen.queryByTestId("reschedule-confirm")).toBeNull());
    expect(argsOf(calls, "meeting_update")).toHaveLength(0);
    expect(screen.getByTestId("field-starts_at")).toHaveValue("2026-11-25 14:00");

    await user.click(screen.getByTestId("meeting-form-submit"));
    await user.click(await screen.findByTestId("reschedule-ok"));
    await waitFor(() => expect(argsOf(calls, "meeting_update")).toHaveLength(1));
    expect(argsOf(calls, "meeting_update")[0]).toMatchObject({
      id: "m1",
      input: { starts_at: "2026-11-25T06:00:00Z", ends_at: "2026-11-25T07:00:00Z" },
    });
    const offer = await screen.findByTestId("reschedule-offer");
    expect(offer).toHaveTextContent("把新时间告诉 2 位参会人");
    await user.click(within(offer).getByTestId("invite-ics"));
    await waitFor(() => expect(argsOf(calls, "meeting_export")).toHaveLength(1));
    expect(argsOf(calls, "meeting_export")[0]).toMatchObject({ id: "m1", format: "ics" });
  });

  it("saves without asking when only the title changes", async () => {
    const calls = backend(meeting(), (cmd, args) =>
      cmd === "meeting_update" ? meeting({ ...(args as { input: Partial<Meeting> }).input }) : undefined,
    );
    await openMeeting("en");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("detail-edit"));
    const title = await screen.findByTestId("field-title");
    await user.type(title, "（改）");
    await user.click(screen.getByTestId("meeting-form-submit"));
    await waitFor(() => expect(argsOf(calls, "meeting_update")).toHaveLength(1));
    expect(screen.queryByTestId("reschedule-confirm")).toBeNull();
    expect(screen.queryByTestId("reschedule-offer")).toBeNull();
  });
});
