// Tauri runs the webview with `freezePrototype: true`. Libraries that assign methods like `valueOf` onto their
// own prototypes throw at import time under a frozen Object.prototype and leave a blank window, so this file
// freezes it first and then loads and drives the real app. (Vitest runs each test file in its own process.)
import { describe, expect, it } from "vitest";

describe("with Object.prototype frozen, as in the Tauri webview", () => {
  it("loads, renders the shell, opens a create form and the planner", async () => {
    Object.freeze(Object.prototype);
    const { screen } = await import("@testing-library/react");
    const userEvent = (await import("@testing-library/user-event")).default;
    const { mockBackend, renderApp, WORKING_HOURS } = await import("./utils");
    mockBackend((cmd) => {
      if (cmd === "planner_range") return { events: [], working_hours: WORKING_HOURS };
      if (cmd === "planner_backlog") return [];
      if (cmd === "planner_history") return { can_undo: false, can_redo: false };
      return undefined;
    });
    await renderApp("/directory/partners", "zh-CN");
    expect(await screen.findByTestId("nav-partners")).toHaveTextContent("合作伙伴");
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("list-new"));
    await user.click(await screen.findByTestId("form-submit"));
    expect(await screen.findByTestId("field-error-name")).toHaveTextContent("此项为必填项。");
    await user.keyboard("{Escape}");
    // The planner brings FullCalendar and its Temporal polyfill, which must also load under the frozen prototype.
    await user.click(screen.getByTestId("nav-planner"));
    // The planner is a lazy chunk; loading it on a busy machine can take longer than the default second.
    expect(await screen.findByTestId("backlog-empty", {}, { timeout: 10_000 })).toBeInTheDocument();
    expect(screen.getByTestId("planner-title")).not.toBeEmptyDOMElement();
    await user.click(screen.getByTestId("nav-settings"));
    await user.click(await screen.findByTestId("settings-language-en"));
    expect(await screen.findByTestId("page-title")).toHaveTextContent("Settings");
  });

  it("opens a meeting with its Markdown editor, drag-and-drop agenda and sanitized preview", async () => {
    // Object.prototype is still frozen from the test above; CodeMirror and the preview load for the first time here.
    expect(Object.isFrozen(Object.prototype)).toBe(true);
    const { act, screen, waitFor } = await import("@testing-library/react");
    const userEvent = (await import("@testing-library/user-event")).default;
    const { EditorView } = await import("@codemirror/view");
    const { mockBackend, renderApp } = await import("./utils");
    const { brief, meeting } = await import("./fixtures");
    const calls = mockBackend((cmd) => {
      if (cmd === "meeting_get") return meeting({ notes: "# 纪要\n\n<img src=x onerror=alert(1)>" });
      if (cmd === "meeting_set_notes") return "2026-11-24T02:10:00Z";
      if (cmd === "meeting_brief") return brief();
      return undefined;
    });
    await renderApp("/meetings/m1", "zh-CN");
    const root = await screen.findByTestId("notes-editor", {}, { timeout: 10_000 });
    expect(root.querySelector(".cm-content")).not.toBeNull();
    const preview = screen.getByTestId("notes-preview");
    expect(preview.querySelector("h1")).toHaveTextContent("纪要");
    expect(preview.querySelector("img")).toBeNull();
    const view = EditorView.findFromDOM(root)!;
    act(() => view.dispatch({ changes: { from: view.state.doc.length, insert: "\n- 样品已到" } }));
    await waitFor(() => expect(screen.getByTestId("notes-status")).toHaveAttribute("data-state", "saved"), {
      timeout: 3000,
    });
    expect(calls.filter((c) => c.cmd === "meeting_set_notes")).toHaveLength(1);
    expect(screen.getAllByTestId("agenda-item")).toHaveLength(3);
    await userEvent.click(screen.getByTestId("brief-tab"));
    expect(await screen.findByTestId("brief-attendees")).toHaveTextContent("更新物料清单");
  });

  it("picks a date from the calendar (Mantine dates on dayjs) and refuses an impossible typed one", async () => {
    expect(Object.isFrozen(Object.prototype)).toBe(true);
    const { screen, within } = await import("@testing-library/react");
    const userEvent = (await import("@testing-library/user-event")).default;
    const { mockBackend, renderApp } = await import("./utils");
    const calls = mockBackend(() => undefined);
    await renderApp("/projects", "zh-CN");
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("list-new"));
    const form = await screen.findByTestId("entity-form");
    await user.type(within(form).getByTestId("field-name"), "冻结原型下的日期");
    const start = within(form).getByTestId("field-start_date");
    await user.type(start, "2026-11-02");
    await user.click(within(form).getByTestId("field-start_date-pick"));
    const calendar = await screen.findByTestId("field-start_date-calendar");
    // The month of the typed date opens, with Monday first in zh-CN.
    expect(calendar.querySelector("thead")?.textContent?.startsWith("一")).toBe(true);
    await user.click(calendar.querySelector<HTMLElement>('[data-date="2026-11-24"]')!);
    expect(start).toHaveValue("2026-11-24");
    const due = within(form).getByTestId("field-due_date");
    await user.type(due, "2026-02-30");
    await user.click(within(form).getByTestId("form-submit"));
    expect(await screen.findByTestId("field-error-due_date")).toHaveTextContent("日期");
    expect(calls.some((c) => c.cmd === "project_create")).toBe(false);
  });
});
