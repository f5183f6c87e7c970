import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { EditorView } from "@codemirror/view";
import { describe, expect, it, vi } from "vitest";
import type { AgendaItem, TaskInput } from "../bindings";
import en from "../locales/en/common.json";
import enErrors from "../locales/en/errors.json";
import zh from "../locales/zh-CN/common.json";
import { agendaItem, decision, meeting } from "./fixtures";
import { argsOf, backend, choose, cleanUpAfterEach, openMeeting } from "./meetingHelpers";
import { requestClose } from "./utils";

// A meeting's minutes: its agenda, notes, attendance, decisions and action items.

cleanUpAfterEach();

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
