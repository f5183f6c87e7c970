import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ERROR_CODES, RULES } from "../bindings";
import { lazyBundles } from "../lib/i18n";
import enCommon from "../locales/en/common.json";
import enErrors from "../locales/en/errors.json";
import zhCommon from "../locales/zh-CN/common.json";
import zhErrors from "../locales/zh-CN/errors.json";
import { mockBackend, renderApp } from "./utils";

type Tree = { [k: string]: string | Tree };

const resources = {
  en: { common: enCommon, errors: enErrors },
  "zh-CN": { common: zhCommon, errors: zhErrors },
} as const;

function flatten(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === "string" ? [`${prefix}${k}`] : flatten(v, `${prefix}${k}.`),
  );
}
// Plural forms differ by language (English has _one, Chinese only _other).
const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, "");

describe("locales", () => {
  it("loads a language's strings when asked (at start or on a switch), and refuses one it does not have", async () => {
    const read = (language: string, namespace: string) =>
      new Promise((resolve, reject) =>
        lazyBundles.read(language, namespace, (err, data) => (err ? reject(err) : resolve(data))),
      );
    await expect(read("zh-CN", "common")).resolves.toEqual(zhCommon);
    await expect(read("en", "errors")).resolves.toEqual(enErrors);
    await expect(read("fr", "common")).rejects.toThrow("no strings for fr/common");
  });

  for (const ns of ["common", "errors"] as const) {
    it(`zh-CN and en have the same ${ns} keys`, () => {
      const en = new Set(flatten(resources.en[ns] as Tree).map(base));
      const zh = new Set(flatten(resources["zh-CN"][ns] as Tree).map(base));
      expect([...en].filter((k) => !zh.has(k))).toEqual([]);
      expect([...zh].filter((k) => !en.has(k))).toEqual([]);
    });
  }

  it("every literal t() key used in the source exists in both languages", () => {
    const sources = import.meta.glob(["../**/*.{ts,tsx}", "!../test/**", "!../**/*.test.*"], {
      query: "?raw",
      import: "default",
      eager: true,
    }) as Record<string, string>;
    const used = new Set<string>();
    for (const text of Object.values(sources)) {
      for (const m of text.matchAll(/\bt\(\s*"([a-zA-Z0-9_.:-]+)"/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(50);
    for (const lang of ["en", "zh-CN"] as const) {
      const keys = new Set([
        ...flatten(resources[lang].common as Tree).map(base),
        ...flatten(resources[lang].errors as Tree).map((k) => `errors:${base(k)}`),
      ]);
      expect(
        [...used].filter((k) => !keys.has(k)),
        lang,
      ).toEqual([]);
    }
  });

  // The codes and rules come from the backend's error type through the generated bindings, so a new one
  // without a message in either language fails here.
  it("has a message for every error code and validation rule", () => {
    expect(ERROR_CODES.length).toBeGreaterThanOrEqual(10);
    expect(RULES).toContain("invalid_path");
    for (const lang of ["en", "zh-CN"] as const) {
      const e = resources[lang].errors as unknown as {
        code: Record<string, string>;
        rule: Record<string, string>;
      };
      for (const c of ERROR_CODES) expect(e.code[c], `${lang} code ${c}`).toBeTruthy();
      for (const r of RULES) expect(e.rule[r], `${lang} rule ${r}`).toBeTruthy();
    }
  });
});

describe("words", () => {
  const zh = resources["zh-CN"].common as Tree;
  const get = (path: string) =>
    path.split(".").reduce<string | Tree>((t, k) => (t as Tree)[k]!, zh) as string;

  it("calls action items 行动项 everywhere, as the exports do", () => {
    const about = flatten(zh).filter((k) =>
      /action_?items?|newAction|carriedNone|^brief\.attendees$/i.test(k),
    );
    expect(about.length).toBeGreaterThan(6);
    for (const key of about) {
      expect(get(key), key).toContain("行动项");
      expect(get(key), key).not.toContain("待办");
    }
  });

  it("labels a person's name 姓名, not 名称", () => {
    expect(get("fields.personName")).toBe("姓名");
  });
});

describe("the contact form", () => {
  it("asks for 姓名", async () => {
    mockBackend(() => undefined);
    await renderApp("/contacts", "zh-CN");
    await userEvent.setup().click(await screen.findByTestId("list-new"));
    expect(await screen.findByLabelText(/姓名/)).toBe(await screen.findByTestId("field-name"));
  });
});
