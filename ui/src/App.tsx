import { ReminderListener } from "./features/reminders/ReminderListener";
import { Suspense, useEffect, type ReactNode } from "react";
import {
  AppShell,
  Burger,
  Group,
  MantineProvider,
  NavLink,
  ScrollArea,
  Text,
  Tooltip,
  UnstyledButton,
  createTheme,
  Kbd,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Notifications } from "@mantine/notifications";
import { spotlight } from "@mantine/spotlight";
import { IconBuildingCommunity, IconSearch } from "@tabler/icons-react";
import { ModalsProvider } from "@mantine/modals";
import { QueryClientProvider, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { I18nextProvider, useTranslation } from "react-i18next";
import { Navigate, NavLink as RouterNavLink, Route, Routes, useLocation } from "react-router";
import { commands, events } from "./bindings";
import { CloseGuard } from "./components/CloseGuard";
import { RecoveryScreen } from "./features/data/RecoveryScreen";
import i18n from "./lib/i18n";
import { applyDocumentLanguage } from "./lib/language";
import { unwrap } from "./lib/ipc";
import { invalidateEntity, keys } from "./lib/queryClient";
import { onUserTimeZoneChange, setUserTimeZone } from "./lib/time";
import { DashboardPage } from "./routes/DashboardPage";
import { PageFallback } from "./routes/PageFallback";
import { lazyNamed } from "./lib/lazyNamed";
import * as pages from "./routes/pages";

import { useTrailTracker } from "./lib/trail";
import { useAppEvent } from "./lib/events";
import { NAV, type NavItem } from "./navigation";
import { SyncIndicator, useAutoSync } from "./features/sync/autoSync";

// The palette (search, commands) mounts right after the first paint; Ctrl+K or the header button before that opens it
// as soon as it is in, since both go through the spotlight store.
const Palette = lazyNamed(() => import("./features/search/Palette"), "Palette");

/** The CJK-aware font stack, defined once in styles.css (with the face that keeps Chinese punctuation full-width). */
const FONT = "var(--ld-font)";

export const theme = createTheme({
  primaryColor: "indigo",
  fontFamily: FONT,
  headings: {
    fontFamily: FONT,
    fontWeight: "600",
    sizes: { h2: { fontSize: "1.375rem" }, h4: { fontSize: "0.95rem" } },
  },
  defaultRadius: "md",
  cursorType: "pointer",
  components: {
    Button: { defaultProps: { size: "sm" } },
    // Sentence-case badges read calmer than all-caps and do not grow past their column in English.
    Badge: { defaultProps: { tt: "none" }, styles: { root: { fontWeight: 500, letterSpacing: 0 } } },
  },
});

function Sidebar({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const location = useLocation();
  const active = (to: string) => location.pathname === to || location.pathname.startsWith(`${to}/`);
  const renderItem = (item: NavItem) => (
    <NavLink
      key={item.key}
      component={RouterNavLink}
      to={item.to}
      label={t(`nav.${item.key}`)}
      leftSection={item.icon}
      active={active(item.to)}
      data-testid={`nav-${item.key}`}
      onClick={onNavigate}
      pl={item.indent ? "lg" : undefined}
      styles={{ root: { borderRadius: "var(--mantine-radius-md)" } }}
    />
  );
  return (
    <>
      {renderItem(NAV[0]!)}
      <Group gap={6} px="sm" pt="sm" pb={4} c="dimmed">
        <IconBuildingCommunity size={14} aria-hidden />
        <Text size="xs" fw={600} tt="uppercase">
          {t("nav.directory")}
        </Text>
      </Group>
      {NAV.slice(1, 6).map(renderItem)}
      <div style={{ height: 8 }} />
      {NAV.slice(6).map(renderItem)}
    </>
  );
}

/** Refreshes what changed without our asking: another process (the CLI; later sync, import, reminders). */
function DataChangedListener() {
  const client = useQueryClient();
  useAppEvent(events.dataChanged, (p) => void invalidateEntity(client, p.entity));
  return null;
}

export function AppRoutes() {
  return (
    // Only the dashboard (the start page) is in the first script; every other page is a chunk of its own. Route
    // changes run in a transition, so the page on screen stays until the next one's chunk is in: the fallback only
    // shows when the app starts on another page, and then after a short delay (see PageFallback).
    <Suspense fallback={<PageFallback />}>
      <Routes>
        <Route path="/" element={<Navigate to="/dashboard" replace />} />
        <Route path="/dashboard" element={<DashboardPage />} />
        <Route path="/directory/:kind" element={<pages.OrganizationListPage />} />
        <Route path="/organizations/:id" element={<pages.OrganizationDetailPage />} />
        <Route path="/contacts" element={<pages.ContactListPage />} />
        <Route path="/contacts/:id" element={<pages.ContactDetailPage />} />
        <Route path="/projects" element={<pages.ProjectListPage />} />
        <Route path="/projects/:id" element={<pages.ProjectDetailPage />} />
        <Route path="/tasks" element={<pages.TaskListPage />} />
        <Route path="/tasks/:id" element={<pages.TaskDetailPage />} />
        <Route path="/search" element={<pages.SearchPage />} />
        <Route path="/conflicts" element={<pages.ConflictsPage />} />
        <Route path="/commitments" element={<pages.CommitmentsPage />} />
        <Route path="/losing-touch" element={<pages.LosingTouchPage />} />
        <Route path="/meetings" element={<pages.MeetingListPage />} />
        <Route path="/meetings/:id" element={<pages.MeetingDetailPage />} />
        <Route path="/meetings/:id/occurrences/:occurrence" element={<pages.MeetingDetailPage />} />
        <Route path="/planner" element={<pages.PlannerPage />} />
        <Route path="/settings" element={<pages.SettingsPage />} />
        <Route path="*" element={<Navigate to="/dashboard" replace />} />
      </Routes>
    </Suspense>
  );
}

export function Shell() {
  const { t } = useTranslation();
  useTrailTracker();
  useAutoSync();
  const [opened, { toggle, close }] = useDisclosure();
  const isMac = typeof navigator !== "undefined" && /Mac/i.test(navigator.platform);
  return (
    <AppShell
      header={{ height: 48 }}
      navbar={{ width: 232, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t("a11y.toggleNav")}
            />
            <Text fw={700}>{t("app.title")}</Text>
            <SyncIndicator />
          </Group>
          <Tooltip label={t("palette.open")}>
            <UnstyledButton
              onClick={() => spotlight.open()}
              aria-label={t("palette.open")}
              data-testid="palette-open"
            >
              <Group gap={6} c="dimmed">
                <IconSearch size={16} aria-hidden />
                <Text size="sm">{t("palette.search")}</Text>
                <Kbd size="xs">{isMac ? "⌘" : "Ctrl"} K</Kbd>
              </Group>
            </UnstyledButton>
          </Tooltip>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t("a11y.mainNav")}>
        <AppShell.Section grow component={ScrollArea}>
          <Sidebar onNavigate={close} />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main style={{ height: "100dvh", display: "flex", flexDirection: "column" }}>
        <div className="ld-scroll">
          <AppRoutes />
        </div>
      </AppShell.Main>
      <Suspense fallback={null}>
        <Palette />
      </Suspense>
      <ReminderListener />
    </AppShell>
  );
}

/** Keeps the window title and <html lang> in step with the UI language. */
function DocumentLanguage() {
  useEffect(() => {
    applyDocumentLanguage(i18n.language);
    const on = (lng: string) => applyDocumentLanguage(lng);
    i18n.on("languageChanged", on);
    return () => i18n.off("languageChanged", on);
  }, []);
  return null;
}

/**
 * Keeps the user's zone (lib/time) in step with Settings. When it changes, every view that counted days refetches:
 * the dashboard's "today", the planner's range, relative dates.
 */
function UserTimeZoneSync() {
  const client = useQueryClient();
  const settings = useQuery({ queryKey: keys.settings, queryFn: () => unwrap(commands.settingsGet()) });
  const zone = settings.data?.time_zone;
  useEffect(() => {
    if (settings.isSuccess) setUserTimeZone(zone);
  }, [settings.isSuccess, zone]);
  useEffect(() => onUserTimeZoneChange(() => void client.invalidateQueries()), [client]);
  return null;
}

export function Providers({ client, children }: { client: QueryClient; children: ReactNode }) {
  return (
    <I18nextProvider i18n={i18n}>
      <MantineProvider theme={theme} defaultColorScheme="auto">
        <QueryClientProvider client={client}>
          <ModalsProvider>
            <Notifications position="bottom-right" limit={4} />
            <DocumentLanguage />
            <UserTimeZoneSync />
            <DataChangedListener />
            <CloseGuard />
            <RecoveryScreen />
            {children}
          </ModalsProvider>
        </QueryClientProvider>
      </MantineProvider>
    </I18nextProvider>
  );
}
