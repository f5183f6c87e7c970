import { useCallback } from "react";
import { getCurrentWindow } from "@tauri-apps/api/window";
import { useTranslation } from "react-i18next";
import { commands } from "../bindings";
import i18n, { normalizeLanguage, type Language } from "./i18n";
import { unwrap } from "./ipc";

/** Keeps the window title and <html lang> in step with the UI language. */
export function applyDocumentLanguage(lng: string) {
  const language = normalizeLanguage(lng);
  document.documentElement.lang = language;
  const title = i18n.t("app.title", { lng: language });
  document.title = title;
  // The native window title does not follow document.title; outside Tauri (tests, a browser) this is a no-op.
  try {
    void getCurrentWindow()
      .setTitle(title)
      .catch(() => undefined);
  } catch {
    /* not running inside Tauri */
  }
}

/** Remembers the language in Settings, keeping the other settings as they are. */
export async function saveLanguage(lng: Language) {
  const current = await unwrap(commands.settingsGet());
  await unwrap(commands.settingsSet({ ...current, locale: lng }));
}

/** Switches every label immediately and remembers the choice in Settings. */
export function useSetLanguage() {
  const { i18n: inst } = useTranslation();
  return useCallback(
    async (lng: Language) => {
      await inst.changeLanguage(lng);
      await saveLanguage(lng);
    },
    [inst],
  );
}

/** The language and time zone saved in Settings; a missing backend or an error means "follow the system". */
export async function savedPreferences(): Promise<{
  language: Language | undefined;
  timeZone: string | null;
}> {
  try {
    const r = await commands.settingsGet();
    if (r.status !== "ok") return { language: undefined, timeZone: null };
    return {
      language: r.data.locale ? normalizeLanguage(r.data.locale) : undefined,
      timeZone: r.data.time_zone ?? null,
    };
  } catch {
    return { language: undefined, timeZone: null };
  }
}

/** The language saved in Settings, if any. */
export async function savedLanguage(): Promise<Language | undefined> {
  return (await savedPreferences()).language;
}
