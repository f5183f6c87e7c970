import i18n, { type BackendModule, type ResourceKey } from "i18next";
import { initReactI18next } from "react-i18next";

export const LANGUAGES = ["zh-CN", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const NAMESPACES = ["common", "errors"] as const;

/**
 * Each language's strings are a chunk of their own (about 55 kB each): the app loads the language it starts in,
 * and the other one when the user switches (`i18n.changeLanguage` waits for it). Every key exists in both
 * languages (test/locales.test.ts), so there is no fallback language to load beside the current one.
 */
const bundles = import.meta.glob<ResourceKey>("../locales/*/*.json", { import: "default" });

export const lazyBundles: BackendModule = {
  type: "backend",
  init: () => undefined,
  read(language, namespace, callback) {
    const load = bundles[`../locales/${language}/${namespace}.json`];
    if (!load) {
      callback(new Error(`no strings for ${language}/${namespace}`), false);
      return;
    }
    load().then(
      (data) => callback(null, data),
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err)), false),
    );
  },
};

export function normalizeLanguage(value: string | null | undefined): Language {
  if (!value) return "en";
  return value.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

export function systemLanguage(): Language {
  const nav = typeof navigator !== "undefined" ? navigator.language : "en";
  return normalizeLanguage(nav);
}

export function currentLanguage(): Language {
  return normalizeLanguage(i18n.language);
}

/** Starts i18next in `lng`; resolves once that language's strings are loaded (the first render waits for it). */
export async function initI18n(lng: Language = systemLanguage()) {
  if (!i18n.isInitialized) {
    await i18n
      .use(lazyBundles)
      .use(initReactI18next)
      .init({
        lng,
        load: "currentOnly",
        fallbackLng: false,
        defaultNS: "common",
        ns: [...NAMESPACES],
        interpolation: { escapeValue: false },
        returnNull: false,
        initAsync: false,
      });
  } else if (i18n.language !== lng) {
    await i18n.changeLanguage(lng);
  }
  return i18n;
}

export default i18n;
