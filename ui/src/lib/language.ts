import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { commands } from "../bindings";
import i18n, { normalizeLanguage, type Language } from "./i18n";
import { unwrap } from "./ipc";

/** Keeps the window title and <html lang> in step with the UI language. */
export function applyDocumentLanguage(lng: string) {
  const language = normalizeLanguage(lng);
  document.documentElement.lang = language;
  document.title = i18n.t("app.title", { lng: language });
}

/** Switches every label immediately and remembers the choice in Settings. */
export function useSetLanguage() {
  const { i18n: inst } = useTranslation();
  return useCallback(
    async (lng: Language) => {
      await inst.changeLanguage(lng);
      await unwrap(commands.settingsSet({ locale: lng }));
    },
    [inst],
  );
}
