import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import enCommon from "../locales/en/common.json";
import enErrors from "../locales/en/errors.json";
import zhCommon from "../locales/zh-CN/common.json";
import zhErrors from "../locales/zh-CN/errors.json";

export const LANGUAGES = ["zh-CN", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

export const resources = {
  en: { common: enCommon, errors: enErrors },
  "zh-CN": { common: zhCommon, errors: zhErrors },
} as const;

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

export function initI18n(lng: Language = systemLanguage()) {
  if (!i18n.isInitialized) {
    void i18n.use(initReactI18next).init({
      resources,
      lng,
      fallbackLng: "en",
      defaultNS: "common",
      ns: ["common", "errors"],
      interpolation: { escapeValue: false },
      returnNull: false,
      initAsync: false,
    });
  } else if (i18n.language !== lng) {
    void i18n.changeLanguage(lng);
  }
  return i18n;
}

export default i18n;
