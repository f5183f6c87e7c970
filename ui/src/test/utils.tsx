import { act, render, waitFor } from "@testing-library/react";
import { mockIPC } from "@tauri-apps/api/mocks";
import type { InvokeArgs } from "@tauri-apps/api/core";
import { MemoryRouter } from "react-router";
import { Providers, Shell } from "../App";
import type { Organization, Page } from "../bindings";
import i18n, { initI18n, type Language } from "../lib/i18n";
import { createQueryClient } from "../lib/queryClient";
import { preloadPages } from "../routes/pages";

/** The backend's default working hours (09:00–18:00, Monday–Friday). */
export const WORKING_HOURS = { start_minute: 540, end_minute: 1080, days: [1, 2, 3, 4, 5] };

export type Call = { cmd: string; args: InvokeArgs | undefined };
export type Handler = (cmd: string, args: InvokeArgs | undefined) => unknown;

/** Installs a mock backend; unknown commands get harmless defaults so the shell can start. Returns the call log. */
export function mockBackend(handler: Handler): Call[] {
  const calls: Call[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    const result = handler(cmd, args);
    if (result !== undefined) return result;
    if (cmd === "settings_get") return { locale: null, working_hours: WORKING_HOURS };
    if (cmd === "settings_set") return (args as { settings: unknown }).settings;
    if (cmd.startsWith("plugin:event|")) return 1;
    // Lists that are plain arrays (not pages): commitments, conflicts, timelines, the losing-touch list, scores,
    // a project's plan.
    if (
      [
        "commitment_list",
        "conflict_list",
        "timeline",
        "losing_touch",
        "supplier_scores",
        "milestone_list",
        "dependency_list",
        "risk_list",
      ].includes(cmd)
    )
      return [];
    if (cmd.endsWith("_list")) return emptyPage();
    // Nothing points at the record: delete without a confirmation.
    if (cmd === "references_to") return [];
    return null;
  });
  return calls;
}

export const emptyPage = <T,>(): Page<T> => ({ items: [], next_cursor: null, total: 0 });

export function org(overrides: Partial<Organization> = {}): Organization {
  return {
    id: "0190-org-1",
    kind: "partner",
    name: "华东精密制造有限公司",
    tier: null,
    tags: [],
    address: null,
    website: "https://hdjm.example.cn",
    notes: null,
    lead_contact_id: null,
    lead_contact_name: null,
    deleted_refs: [],
    weekly_capacity_hours: null,
    color: null,
    contact_count: 0,
    created_at: "2025-01-01T00:00:00Z",
    updated_at: "2025-01-01T00:00:00Z",
    deleted_at: null,
    ...overrides,
  };
}

export async function renderApp(path: string, lang: Language = "en") {
  // Pages are lazy chunks; in the app they are fetched after the first paint, here before it, so a test's first
  // findBy does not race the transform of a page's modules.
  await preloadPages();
  initI18n(lang);
  await i18n.changeLanguage(lang);
  const client = createQueryClient();
  return render(
    <Providers client={client}>
      <MemoryRouter initialEntries={[path]}>
        <Shell />
      </MemoryRouter>
    </Providers>,
  );
}

/** What the backend does when the user closes the window: sends `close-requested` to the page's listener. */
export async function requestClose(calls: Call[]) {
  const listen = await waitFor(() => {
    const found = calls.find(
      (c) => c.cmd === "plugin:event|listen" && (c.args as { event: string }).event === "close-requested",
    );
    if (!found) throw new Error("no close-requested listener yet");
    return found.args as { handler: number };
  });
  const internals = (
    window as unknown as { __TAURI_INTERNALS__: { runCallback: (id: number, d: unknown) => void } }
  ).__TAURI_INTERNALS__;
  act(() => internals.runCallback(listen.handler, { event: "close-requested", id: 1, payload: null }));
}
