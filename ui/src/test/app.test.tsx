import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { onlineManager } from "@tanstack/react-query";
import { afterEach, describe, expect, it } from "vitest";
import en from "../locales/en/common.json";
import enErrors from "../locales/en/errors.json";
import zh from "../locales/zh-CN/common.json";
import zhErrors from "../locales/zh-CN/errors.json";
import type { Language } from "../lib/i18n";
import { savedLanguage } from "../lib/language";
import { setUserTimeZone, systemTimeZone, userTimeZone } from "../lib/time";
import { emptyPage, mockBackend, org, renderApp, requestClose, WORKING_HOURS } from "./utils";

const ERRORS: Record<Language, typeof enErrors> = { en: enErrors, "zh-CN": zhErrors };

describe("create form with a backend validation error", () => {
  it.each<Language>(["en", "zh-CN"])(
    "shows the localized rule under the field and keeps the dialog open (%s)",
    async (lang) => {
      const calls = mockBackend((cmd) => {
        if (cmd === "organization_list") return emptyPage();
        if (cmd === "organization_create") {
          // Rejections from the IPC are the AppError itself (tauri-specta turns them into { status: "error" }).
          throw { code: "validation", detail: { fields: [{ field: "website", rule: "invalid_url" }] } };
        }
        return undefined;
      });
      await renderApp("/directory/suppliers", lang);
      const user = userEvent.setup();
      await user.click(await screen.findByTestId("list-new"));
      const form = await screen.findByTestId("entity-form");
      await user.type(within(form).getByTestId("field-name"), "Acme 供应");
      await user.type(within(form).getByTestId("field-website"), "not a url");
      await user.click(within(form).getByTestId("form-submit"));

      const error = await screen.findByTestId("field-error-website");
      expect(error).toHaveTextContent(ERRORS[lang].rule.invalid_url);
      expect(screen.getByTestId("entity-form")).toBeInTheDocument();
      expect(screen.getByTestId("field-name")).toHaveValue("Acme 供应");
      expect(screen.getByTestId("field-website")).toHaveValue("not a url");
      const create = calls.find((c) => c.cmd === "organization_create");
      expect(create?.args).toMatchObject({
        input: { kind: "supplier", name: "Acme 供应", website: "not a url" },
      });
    },
  );

  it("refuses an empty name on the client with the localized required message", async () => {
    const calls = mockBackend(() => undefined);
    await renderApp("/directory/partners", "zh-CN");
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("list-new"));
    await user.click(await screen.findByTestId("form-submit"));
    expect(await screen.findByTestId("field-error-name")).toHaveTextContent(zhErrors.rule.required);
    expect(calls.some((c) => c.cmd === "organization_create")).toBe(false);
  });
});

describe("organization list", () => {
  it("renders rows and the total from organization_list", async () => {
    const items = [
      org({ id: "a1", name: "华东精密制造有限公司" }),
      org({ id: "b2", name: "北方物流集团", contact_count: 3 }),
      org({ id: "c3", name: "Acme Partners" }),
    ];
    const calls = mockBackend((cmd) =>
      cmd === "organization_list" ? { items, next_cursor: null, total: 3 } : undefined,
    );
    await renderApp("/directory/partners", "en");
    const rows = await screen.findAllByTestId("list-row");
    expect(rows.map((r) => r.getAttribute("data-id"))).toEqual(["a1", "b2", "c3"]);
    expect(rows[1]).toHaveTextContent("北方物流集团");
    expect(screen.getByTestId("list-total")).toHaveTextContent("3 items");
    const list = calls.find((c) => c.cmd === "organization_list");
    expect(list?.args).toMatchObject({ query: { kind: "partner", cursor: null } });
  });

  it("shows an empty state that says what to do next", async () => {
    mockBackend(() => undefined);
    await renderApp("/directory/suppliers", "en");
    expect(await screen.findByTestId("list-empty")).toHaveTextContent(en.empty.suppliers);
  });
});

describe("language switch", () => {
  it("changes every label immediately and saves the choice", async () => {
    const calls = mockBackend(() => undefined);
    await renderApp("/settings", "en");
    const user = userEvent.setup();
    expect(await screen.findByTestId("nav-partners")).toHaveTextContent(en.nav.partners);
    // The shell paints first; the settings page is a chunk of its own.
    await user.click(await screen.findByTestId("settings-language-zh-CN"));
    await waitFor(() => expect(screen.getByTestId("nav-partners")).toHaveTextContent(zh.nav.partners));
    expect(screen.getByTestId("page-title")).toHaveTextContent(zh.nav.settings);
    expect(document.title).toBe(zh.app.title);
    await waitFor(() =>
      // The other settings (working hours) are kept as they were.
      expect(calls.find((c) => c.cmd === "settings_set")?.args).toEqual({
        settings: { locale: "zh-CN", working_hours: WORKING_HOURS },
      }),
    );
    await user.click(screen.getByTestId("settings-language-en"));
    await waitFor(() => expect(screen.getByTestId("nav-partners")).toHaveTextContent(en.nav.partners));
    expect(document.title).toBe(en.app.title);
  });

  it("saves the chosen time zone, and the app counts days in it from then on", async () => {
    // A backend that remembers what was saved, since a new zone makes every view (settings too) refetch.
    let saved: unknown = { locale: null, working_hours: WORKING_HOURS, time_zone: null };
    const calls = mockBackend((cmd, args) => {
      if (cmd === "settings_get") return saved;
      if (cmd === "settings_set") saved = (args as { settings: unknown }).settings;
      return cmd === "settings_set" ? saved : undefined;
    });
    await renderApp("/settings", "en");
    const user = userEvent.setup();
    const select = await screen.findByTestId("settings-time-zone-select");
    expect(select).toHaveValue(en.settings.timeZoneSystem.replace("{{zone}}", systemTimeZone()));
    await user.clear(select);
    await user.type(select, "Asia/Tok");
    const listbox = document.getElementById(select.getAttribute("aria-controls") ?? "")!;
    await user.click(within(listbox).getByRole("option", { name: "Asia/Tokyo", hidden: true }));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "settings_set")?.args).toEqual({
        settings: { locale: null, working_hours: WORKING_HOURS, time_zone: "Asia/Tokyo" },
      }),
    );
    await waitFor(() => expect(userTimeZone()).toBe("Asia/Tokyo"));
    setUserTimeZone(null);
  });

  it("starts in the saved locale from settings, before the first frame", async () => {
    mockBackend((cmd) => (cmd === "settings_get" ? { locale: "zh-CN" } : undefined));
    const saved = await savedLanguage();
    expect(saved).toBe("zh-CN");
    await renderApp("/dashboard", saved);
    expect(screen.getByTestId("nav-contacts")).toHaveTextContent(zh.nav.contacts);
  });

  it("follows the system language when nothing is saved or the backend fails", async () => {
    mockBackend(() => undefined);
    expect(await savedLanguage()).toBeUndefined();
    mockBackend((cmd) => {
      if (cmd === "settings_get") throw new Error("backend unavailable");
      return undefined;
    });
    expect(await savedLanguage()).toBeUndefined();
  });
});

describe("delete with undo", () => {
  it("soft-deletes and the toast's Undo calls the restore command", async () => {
    const o = org({ id: "org-42", name: "北方物流集团" });
    const calls = mockBackend((cmd) => {
      if (cmd === "organization_get" || cmd === "organization_restore") return o;
      if (cmd === "organization_delete") return null;
      return undefined;
    });
    await renderApp("/organizations/org-42", "en");
    const user = userEvent.setup();
    expect(await screen.findByTestId("detail-title")).toHaveTextContent("北方物流集团");
    await user.click(screen.getByTestId("detail-delete"));
    const undo = await screen.findByTestId("toast-undo");
    expect(calls.find((c) => c.cmd === "organization_delete")?.args).toEqual({ id: "org-42" });
    expect(calls.some((c) => c.cmd === "organization_restore")).toBe(false);
    await user.click(undo);
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "organization_restore")?.args).toEqual({ id: "org-42" }),
    );
  });
});

describe("without a network connection", () => {
  // All data is local: the browser's "offline" (Wi-Fi gone, a plane) must not pause reads or saves, which TanStack
  // Query does by default for queries and mutations.
  afterEach(() => onlineManager.setOnline(true));

  it("still lists and deletes", async () => {
    const o = org({ id: "org-7", name: "华东精密制造有限公司" });
    const calls = mockBackend((cmd) => {
      if (cmd === "organization_list") return { items: [o], next_cursor: null, total: 1 };
      if (cmd === "organization_get") return o;
      if (cmd === "organization_delete") return null;
      return undefined;
    });
    onlineManager.setOnline(false);
    await renderApp("/directory/partners", "en");
    expect(await screen.findAllByTestId("list-row")).toHaveLength(1);
    const user = userEvent.setup();
    await user.click(screen.getAllByTestId("list-row")[0]);
    expect(await screen.findByTestId("detail-title")).toHaveTextContent("华东精密制造有限公司");
    await user.click(screen.getByTestId("detail-delete"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "organization_delete")).toBe(true));
  });
});

describe("closing the window with an open form", () => {
  it("closes at once when nothing was typed", async () => {
    const calls = mockBackend(() => undefined);
    await renderApp("/directory/partners", "en");
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("list-new"));
    await screen.findByTestId("entity-form");
    await requestClose(calls);
    await waitFor(() => expect(calls.filter((c) => c.cmd === "window_close")).toHaveLength(1));
    expect(screen.queryByTestId("close-guard")).toBeNull();
  });

  it("asks, and Save and close saves the form before closing", async () => {
    const calls = mockBackend((cmd) =>
      cmd === "organization_create" ? org({ name: "Acme 供应" }) : undefined,
    );
    await renderApp("/directory/partners", "en");
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("list-new"));
    const form = await screen.findByTestId("entity-form");
    await user.type(within(form).getByTestId("field-name"), "Acme 供应");
    await requestClose(calls);
    const guard = await screen.findByTestId("close-guard");
    expect(guard).toHaveTextContent(en.closing.unsavedForms);
    expect(calls.some((c) => c.cmd === "window_close")).toBe(false);
    await user.click(within(guard).getByTestId("close-save"));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "window_close")).toHaveLength(1));
    expect(calls.find((c) => c.cmd === "organization_create")?.args).toMatchObject({
      input: { name: "Acme 供应" },
    });
  });

  it("stays open when the form's input is not valid yet", async () => {
    const calls = mockBackend(() => undefined);
    await renderApp("/directory/partners", "en");
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("list-new"));
    const form = await screen.findByTestId("entity-form");
    await user.type(within(form).getByTestId("field-website"), "example.com");
    await requestClose(calls);
    await user.click(within(await screen.findByTestId("close-guard")).getByTestId("close-save"));
    expect(await screen.findByTestId("field-error-name")).toHaveTextContent(enErrors.rule.required);
    expect(calls.some((c) => c.cmd === "window_close" || c.cmd === "organization_create")).toBe(false);
  });
});
