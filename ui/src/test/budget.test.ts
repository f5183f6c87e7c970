import { describe, expect, it } from "vitest";
import { startupChunks, type Manifest } from "../../scripts/bundle-budget.mjs";

// scripts/bundle-budget.mjs decides what `make test` counts as the start page's JavaScript; these pin its rules on a
// small manifest shaped like Vite's.
const manifest: Manifest = {
  "index.html": { file: "assets/index.js", isEntry: true, imports: ["_shared.js"] },
  "_shared.js": { file: "assets/shared.js", imports: ["_react.js"] },
  "_react.js": { file: "assets/react.js" },
  "src/features/planner/PlannerPage.tsx": {
    file: "assets/PlannerPage.js",
    imports: ["_react.js", "_calendar.js"],
  },
  "_calendar.js": { file: "assets/calendar.js" },
  "src/locales/en/common.json": { file: "assets/common-en.js" },
  "src/locales/en/errors.json": { file: "assets/errors-en.js" },
  "src/locales/zh-CN/common.json": { file: "assets/common-zh.js" },
  "src/locales/zh-CN/errors.json": { file: "assets/errors-zh.js" },
};
const sizes: Record<string, number> = {
  "assets/index.js": 300,
  "assets/shared.js": 200,
  "assets/react.js": 100,
  "assets/PlannerPage.js": 5000,
  "assets/calendar.js": 9000,
  "assets/common-en.js": 50,
  "assets/errors-en.js": 5,
  "assets/common-zh.js": 60,
  "assets/errors-zh.js": 4,
};
const size = (file: string) => sizes[file]!;
const total = (keys: string[]) => keys.reduce((n, k) => n + size(manifest[k]!.file), 0);

describe("the start-up budget", () => {
  it("counts the entry, its static imports transitively and the larger language's strings, not lazy pages", () => {
    const { keys, language } = startupChunks(manifest, size);
    expect(language).toBe("zh-CN");
    expect(new Set(keys)).toEqual(
      new Set([
        "index.html",
        "_shared.js",
        "_react.js",
        "src/locales/zh-CN/common.json",
        "src/locales/zh-CN/errors.json",
      ]),
    );
    expect(total(keys)).toBe(300 + 200 + 100 + 60 + 4);
  });

  it("counts a chunk once when the entry and a page both import it", () => {
    const m: Manifest = {
      ...manifest,
      "_shared.js": { file: "assets/shared.js", imports: ["_react.js", "_calendar.js"] },
    };
    const { keys } = startupChunks(m, size);
    expect(keys.filter((k) => k === "_calendar.js")).toHaveLength(1);
    expect(total(keys)).toBe(300 + 200 + 100 + 9000 + 60 + 4);
  });

  it("refuses a manifest without an HTML entry or without strings", () => {
    const noEntry = Object.fromEntries(Object.entries(manifest).filter(([k]) => k !== "index.html"));
    expect(() => startupChunks(noEntry, size)).toThrow(/index\.html/);
    const noStrings = Object.fromEntries(
      Object.entries(manifest).filter(([k]) => !k.startsWith("src/locales/")),
    );
    expect(() => startupChunks(noStrings, size)).toThrow(/locales/);
  });
});
