import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { HashRouter } from "react-router";
import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import "./styles.css";
import { Providers, Shell } from "./App";
import { initI18n } from "./lib/i18n";
import { savedPreferences } from "./lib/language";
import { createQueryClient } from "./lib/queryClient";
import { setUserTimeZone } from "./lib/time";
import { dashboardQuery, startsOnDashboard } from "./routes/dashboardQuery";
import { preloadPages } from "./routes/pages";

// Start-up milestones ("ld:" marks), read by scripts/bench-startup.sh to split the cold start into its steps.
performance.mark("ld:script");
const client = createQueryClient();
// The dashboard's data is asked for first, before the settings and the strings are read and before React mounts:
// the page's own query (same key, same function) finds it in flight or already there.
if (startsOnDashboard(window.location.hash)) {
  void client.prefetchQuery(dashboardQuery).then(() => performance.mark("ld:dashboard-data"));
}

// The saved language and zone are read before the first frame, so a Chinese user on an English system never sees the
// app flash in English, nor a day counted in the wrong zone (one local IPC call, a few milliseconds).
void savedPreferences().then(async ({ language, timeZone }) => {
  performance.mark("ld:preferences");
  setUserTimeZone(timeZone);
  await initI18n(language);
  performance.mark("ld:strings");
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <Providers client={client}>
        <HashRouter>
          <Shell />
        </HashRouter>
      </Providers>
    </StrictMode>,
  );
  // The other pages' chunks, once the start page is up, so opening one later does not wait for its script.
  window.setTimeout(() => void preloadPages(), 1500);
});
