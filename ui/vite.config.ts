/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";

/**
 * Tauri runs the webview with `freezePrototype: true`. dayjs (the date library under @mantine/dates) assigns
 * `valueOf` and `toString` onto its own prototype; with Object.prototype frozen, assigning over an inherited
 * read-only property throws (the "override mistake") and the window would stay blank. Defining them as own
 * properties first turns those assignments into plain writes. dayjs's ES module build is used so there is one file
 * to adjust, and the build fails loudly if that file ever changes shape.
 */
function dayjsUnderFrozenPrototype(): Plugin {
  const anchor = "var _proto = Dayjs.prototype;";
  return {
    name: "dayjs-under-frozen-prototype",
    enforce: "pre",
    transform(code, id) {
      if (!/[\\/]dayjs[\\/]esm[\\/]index\.js$/.test(id)) return null;
      if (!code.includes(anchor)) this.error("dayjs/esm/index.js changed: update dayjsUnderFrozenPrototype");
      const own = `["valueOf", "toString"].forEach(function (k) {
    Object.defineProperty(_proto, k, { value: undefined, writable: true, configurable: true });
  });`;
      return { code: code.replace(anchor, `${anchor}\n  ${own}`), map: null };
    },
  };
}

// Tauri serves ui/dist from tauri://localhost; the dev server is only used with `tauri dev`.
export default defineConfig({
  plugins: [dayjsUnderFrozenPrototype(), react()],
  resolve: {
    alias: [{ find: /^dayjs$/, replacement: "dayjs/esm/index.js" }],
  },
  clearScreen: false,
  base: "./",
  server: { port: 1420, strictPort: true },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 2000,
    // scripts/bundle-budget.mjs reads it to sum what the start page loads eagerly.
    manifest: true,
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test/setup.ts"],
    css: false,
    testTimeout: 20000,
    // Run these through Vite (not Node's loader) so the alias and the transform above apply in tests too.
    server: { deps: { inline: ["@mantine/dates", "dayjs"] } },
  },
});
