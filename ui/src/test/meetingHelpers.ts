import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { notifications } from "@mantine/notifications";
import { afterEach, vi } from "vitest";
import type { Meeting } from "../bindings";
import { meeting, templates } from "./fixtures";
import { mockBackend, renderApp, type Call, type Handler } from "./utils";

// What the meeting test files share. They are split by topic so Vitest runs them on separate workers.

/** Called at the top of a test file: each test starts with no spies, no stored preferences and no toasts. */
export function cleanUpAfterEach() {
  afterEach(() => {
    vi.restoreAllMocks();
    localStorage.clear();
    // Toasts live in a module-level store that outlives each render.
    notifications.clean();
  });
}

/**
 * A Mantine option. Its dropdown counts as hidden in jsdom (floating-ui sees a zero-size, "detached" input), so
 * options are found with `hidden: true`.
 */
export async function choose(input: HTMLElement, name: string) {
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
export function backend(m: Meeting = meeting(), extra: Handler = () => undefined): Call[] {
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

export const argsOf = (calls: Call[], cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.args);

export async function openMeeting(lang: "en" | "zh-CN" = "en") {
  await renderApp("/meetings/m1", lang);
  await screen.findByTestId("meeting-page");
}
