import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { HashRouter } from "react-router";
import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import "@mantine/spotlight/styles.css";
import "./styles.css";
import { Providers, Shell } from "./App";
import { initI18n } from "./lib/i18n";
import { createQueryClient } from "./lib/queryClient";

initI18n();
const client = createQueryClient();

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <Providers client={client}>
      <HashRouter>
        <Shell />
      </HashRouter>
    </Providers>
  </StrictMode>,
);
