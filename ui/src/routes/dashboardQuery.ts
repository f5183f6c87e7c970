import { queryOptions } from "@tanstack/react-query";
import { commands } from "../bindings";
import { unwrap } from "../lib/ipc";
import { keys } from "../lib/queryClient";

/**
 * The dashboard's summary: one query, used by the page and by main.tsx, which starts it before React mounts when
 * the app opens on the dashboard, so the page renders with the data already on its way.
 */
export const dashboardQuery = queryOptions({
  queryKey: keys.dashboard,
  queryFn: () => unwrap(commands.dashboardSummary()),
});

/** True when the window opens on the dashboard: no route yet (it redirects there), or the dashboard's own. */
export function startsOnDashboard(hash: string): boolean {
  const path = hash.replace(/^#/, "").split("?")[0] ?? "";
  return path === "" || path === "/" || path === "/dashboard";
}
