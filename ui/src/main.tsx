import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { HashRouter } from "react-router";
import "@mantine/core/styles.css";
import "@mantine/dates/styles.css";
import "@mantine/notifications/styles.css";
import "@mantine/spotlight/styles.css";
import "./styles.css";
import { Providers, Shell } from "./App";
import { initI18n } from "./lib/i18n";
import { savedPreferences } from "./lib/language";
import { createQueryClient } from "./lib/queryClient";
import { setUserTimeZone } from "./lib/time";

// The saved language and zone are read before the first frame, so a Chinese user on an English system never sees the
// app flash in English, nor a day counted in the wrong zone (one local IPC call, a few milliseconds).
void savedPreferences().then(({ language, timeZone }) => {
  setUserTimeZone(timeZone);
  initI18n(language);
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <Providers client={createQueryClient()}>
        <HashRouter>
          <Shell />
        </HashRouter>
      </Providers>
    </StrictMode>,
  );
});
