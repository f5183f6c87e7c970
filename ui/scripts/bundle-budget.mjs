// The start-up budget: the JavaScript the dashboard (the start page) must download and parse before it can paint.
// That is the entry chunk, every chunk it imports statically, transitively (the Vite manifest's `imports`), and the
// strings of the language the app starts in (a chunk loaded before the first render; the larger language counts).
// Chunks reached only through import() on demand (other pages, forms opened on a click, the other language) do not.
//
//   node scripts/bundle-budget.mjs [dist] [--all]    prints the chunks; exits 1 over the budget
//
// Sizes are bytes on disk before compression, in kB of 1000 bytes (as Vite prints them).
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The limit this check holds. The goal in issue 15 is 400 kB; what the dashboard needs today is measured in
 * docs/benchmarks.md (§3), and this limit sits just above it so that any growth fails `make test`.
 */
export const BUDGET_BYTES = 800_000;

const STRINGS = /^src\/locales\/([^/]+)\/[^/]+\.json$/;

/** Chunk keys reachable from `roots` through static imports, the roots included. */
function closure(manifest, roots) {
  const seen = new Set();
  const visit = (key) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const next of manifest[key]?.imports ?? []) visit(next);
  };
  roots.forEach(visit);
  return seen;
}

/**
 * What the start page loads before its first paint, from a Vite manifest: the keys of the eager chunks and the
 * language whose strings were counted. `size(file)` gives a file's bytes.
 */
export function startupChunks(manifest, size) {
  const entry = Object.keys(manifest).find((k) => manifest[k].isEntry && k.endsWith("index.html"));
  if (!entry) throw new Error("the manifest has no index.html entry");
  const eager = closure(manifest, [entry]);
  const languages = new Map();
  for (const key of Object.keys(manifest)) {
    const m = STRINGS.exec(key);
    if (m) languages.set(m[1], [...(languages.get(m[1]) ?? []), key]);
  }
  if (languages.size === 0) throw new Error("the manifest has no src/locales/<language>/*.json chunks");
  let language = null;
  let extra = new Set();
  for (const [lang, keys] of languages) {
    const more = [...closure(manifest, keys)].filter((k) => !eager.has(k));
    const bytes = more.reduce((n, k) => n + size(manifest[k].file), 0);
    if (language === null || bytes > [...extra].reduce((n, k) => n + size(manifest[k].file), 0)) {
      language = lang;
      extra = new Set(more);
    }
  }
  return { keys: [...eager, ...extra], language };
}

/** Every JS chunk with its size and whether it loads at start-up; the start-up sum in bytes. */
export function budgetReport(dist) {
  const manifest = JSON.parse(readFileSync(join(dist, ".vite", "manifest.json"), "utf8"));
  const size = (file) => statSync(join(dist, file)).size;
  const { keys, language } = startupChunks(manifest, size);
  const eager = new Set(keys.map((k) => manifest[k].file));
  const files = new Set(
    Object.values(manifest)
      .map((c) => c.file)
      .filter((f) => f.endsWith(".js")),
  );
  const chunks = [...files].map((file) => ({ file, bytes: size(file), eager: eager.has(file) }));
  chunks.sort((a, b) => Number(b.eager) - Number(a.eager) || b.bytes - a.bytes);
  const eagerBytes = chunks.filter((c) => c.eager).reduce((n, c) => n + c.bytes, 0);
  const css = new Set(keys.flatMap((k) => manifest[k].css ?? []));
  const cssBytes = [...css].reduce((n, f) => n + size(f), 0);
  return { chunks, eagerBytes, cssBytes, language };
}

const kB = (n) => (n / 1000).toFixed(1);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist =
    process.argv.slice(2).find((a) => !a.startsWith("--")) ??
    fileURLToPath(new URL("../dist", import.meta.url));
  const { chunks, eagerBytes, cssBytes, language } = budgetReport(dist);
  const all = process.argv.includes("--all");
  console.log("| chunk | kB | loaded |\n|---|---:|---|");
  for (const c of chunks.filter((c) => all || c.eager || c.bytes >= 20_000))
    console.log(`| ${c.file} | ${kB(c.bytes)} | ${c.eager ? "at start-up" : "on demand"} |`);
  const lazy = chunks.filter((c) => !c.eager);
  console.log(`\non demand: ${lazy.length} chunks, ${kB(lazy.reduce((n, c) => n + c.bytes, 0))} kB in all`);
  console.log(`start-up CSS: ${kB(cssBytes)} kB`);
  const ok = eagerBytes <= BUDGET_BYTES;
  console.log(
    `start-up JS: ${chunks.filter((c) => c.eager).length} chunks (strings: ${language}), ${kB(eagerBytes)} kB; ` +
      `limit ${kB(BUDGET_BYTES)} kB: ${ok ? "ok" : "OVER BUDGET"}`,
  );
  process.exit(ok ? 0 : 1);
}
