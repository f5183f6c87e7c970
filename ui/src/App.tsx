import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from "react";
import {
  AppShell,
  Skeleton,
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
import { DatesProvider } from "@mantine/dates";
import { useDebouncedValue, useDisclosure } from "@mantine/hooks";
import { Notifications } from "@mantine/notifications";
import { Spotlight, spotlight, type SpotlightActionData } from "@mantine/spotlight";
import {
  IconAddressBook,
  IconBuildingCommunity,
  IconBuildingStore,
  IconCalendarEvent,
  IconCalendarTime,
  IconHeartHandshake,
  IconLayoutDashboard,
  IconSearch,
  IconSettings,
  IconSitemap,
  IconBriefcase,
  IconUserStar,
} from "@tabler/icons-react";
import { ModalsProvider } from "@mantine/modals";
import { QueryClientProvider, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { I18nextProvider, useTranslation } from "react-i18next";
import { Navigate, NavLink as RouterNavLink, Route, Routes, useLocation, useNavigate } from "react-router";
import "dayjs/esm/locale/zh-cn.js";
import { commands, events } from "./bindings";
import { CloseGuard } from "./components/CloseGuard";
import { RecoveryScreen } from "./features/data/RecoveryScreen";
import { ContactDetailPage, ContactListPage } from "./features/contacts/ContactPages";
import { MeetingDetailPage, MeetingListPage } from "./features/meetings/MeetingPages";
import { OrganizationDetailPage, OrganizationListPage } from "./features/organizations/OrganizationPages";
import { ProjectDetailPage, ProjectListPage } from "./features/projects/ProjectPages";
import i18n, { LANGUAGES, type Language } from "./lib/i18n";
import { applyDocumentLanguage, saveLanguage } from "./lib/language";
import { unwrap } from "./lib/ipc";
import { invalidateEntity, keys } from "./lib/queryClient";
import { onUserTimeZoneChange, setUserTimeZone } from "./lib/time";
import { DashboardPage } from "./routes/DashboardPage";

// The calendar library is the largest dependency; it loads when the planner is first opened, not at start-up.
const PlannerPage = lazy(() =>
  import("./features/planner/PlannerPage").then((m) => ({ default: m.PlannerPage })),
);
import { SettingsPage } from "./routes/SettingsPage";

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

type NavItem = { to: string; key: string; icon: ReactNode; indent?: boolean };
const NAV: NavItem[] = [
  { to: "/dashboard", key: "dashboard", icon: <IconLayoutDashboard size={18} /> },
  { to: "/directory/partners", key: "partners", icon: <IconHeartHandshake size={18} />, indent: true },
  { to: "/directory/suppliers", key: "suppliers", icon: <IconBuildingStore size={18} />, indent: true },
  { to: "/directory/clients", key: "clients", icon: <IconUserStar size={18} />, indent: true },
  { to: "/directory/departments", key: "departments", icon: <IconSitemap size={18} />, indent: true },
  { to: "/contacts", key: "contacts", icon: <IconAddressBook size={18} />, indent: true },
  { to: "/projects", key: "projects", icon: <IconBriefcase size={18} /> },
  { to: "/meetings", key: "meetings", icon: <IconCalendarEvent size={18} /> },
  { to: "/planner", key: "planner", icon: <IconCalendarTime size={18} /> },
  { to: "/settings", key: "settings", icon: <IconSettings size={18} /> },
];

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

const PALETTE_LIMIT = 5;

/** Searches the four main lists as the user types; results open the record. */
function usePaletteResults(query: string) {
  const [debounced] = useDebouncedValue(query.trim(), 200);
  return useQuery({
    queryKey: ["palette", debounced],
    enabled: debounced.length > 0,
    queryFn: async () => {
      const search = debounced;
      const [orgs, contacts, projects, meetings, decisions] = await Promise.all([
        unwrap(
          commands.organizationList({ search, kind: null, sort: null, cursor: null, limit: PALETTE_LIMIT }),
        ),
        unwrap(
          commands.contactList({
            search,
            organization_id: null,
            sort: null,
            cursor: null,
            limit: PALETTE_LIMIT,
          }),
        ),
        unwrap(
          commands.projectList({ search, status: null, sort: null, cursor: null, limit: PALETTE_LIMIT }),
        ),
        unwrap(
          commands.meetingList({
            search,
            project_id: null,
            from: null,
            to: null,
            sort: null,
            cursor: null,
            limit: PALETTE_LIMIT,
          }),
        ),
        unwrap(commands.decisionSearch(search, PALETTE_LIMIT)),
      ]);
      return {
        orgs: orgs.items,
        contacts: contacts.items,
        projects: projects.items,
        meetings: meetings.items,
        decisions,
      };
    },
  });
}

function Palette() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [query, setQuery] = useState("");
  // Whether the user moved the highlight with the arrow keys since the query last changed.
  const navigated = useRef(false);
  const results = usePaletteResults(query);
  const commandActions: SpotlightActionData[] = [
    ...NAV.map((n) => ({
      id: `go-${n.key}`,
      label: t("palette.goTo", { page: t(`nav.${n.key}`) }),
      leftSection: n.icon,
      onClick: () => navigate(n.to),
    })),
    ...LANGUAGES.map((l: Language) => ({
      id: `lang-${l}`,
      label: t(`palette.language.${l}`),
      onClick: () => void i18n.changeLanguage(l).then(() => saveLanguage(l)),
    })),
  ];
  const r = results.data;
  const found: SpotlightActionData[] =
    query.trim() && r
      ? [
          ...r.orgs.map((o) => ({
            id: `org-${o.id}`,
            label: o.name,
            description: t(`kind.${o.kind}`),
            onClick: () => navigate(`/organizations/${o.id}`),
          })),
          ...r.contacts.map((c) => ({
            id: `contact-${c.id}`,
            label: c.name,
            description: c.organization_name ?? t("palette.contact"),
            onClick: () => navigate(`/contacts/${c.id}`),
          })),
          ...r.projects.map((p) => ({
            id: `project-${p.id}`,
            label: p.name,
            description: t("palette.project"),
            onClick: () => navigate(`/projects/${p.id}`),
          })),
          ...r.meetings.map((m) => ({
            id: `meeting-${m.id}`,
            label: m.title,
            description: t("palette.meeting"),
            onClick: () => navigate(`/meetings/${m.id}`),
          })),
          ...r.decisions.map((d) => ({
            id: `decision-${d.decision.id}`,
            label: d.decision.text,
            description: t("palette.decision", { meeting: d.meeting_title }),
            onClick: () => navigate(`/meetings/${d.decision.meeting_id}`),
          })),
        ]
      : [];
  const actions = [
    ...(found.length ? [{ group: t("palette.results"), actions: found }] : []),
    { group: t("palette.commands"), actions: commandActions },
  ];
  return (
    <Spotlight
      actions={actions}
      query={query}
      onQueryChange={(q) => {
        navigated.current = false;
        setQuery(q);
      }}
      // Records were already matched by the backend (pinyin too); only commands are filtered here.
      filter={(q, groups) =>
        groups.map((g) =>
          "actions" in g && g.group === t("palette.commands")
            ? {
                ...g,
                actions: g.actions.filter((a) =>
                  (a.label ?? "").toLowerCase().includes(q.trim().toLowerCase()),
                ),
              }
            : g,
        )
      }
      shortcut={["mod + K"]}
      nothingFound={t("palette.nothing")}
      highlightQuery
      searchProps={{
        leftSection: <IconSearch size={18} />,
        placeholder: t("palette.placeholder"),
        "aria-label": t("palette.placeholder"),
        onKeyDown: (e) => {
          if (e.key === "ArrowDown" || e.key === "ArrowUp") navigated.current = true;
          // Results arrive after Spotlight highlighted the first command for the new query, so until the user moves
          // the highlight, Enter opens the top entry: it is marked just before Spotlight clicks the marked one.
          if (e.key === "Enter" && !navigated.current && !e.nativeEvent.isComposing) {
            const list = e.currentTarget.closest('[role="dialog"]') ?? document;
            list.querySelector("[data-selected]")?.removeAttribute("data-selected");
            list.querySelector("[data-action]")?.setAttribute("data-selected", "true");
          }
        },
      }}
    />
  );
}

/** Refreshes what changed without our asking: another process (the CLI; later sync, import, reminders). */
function DataChangedListener() {
  const client = useQueryClient();
  useEffect(() => {
    let unlisten: (() => void) | undefined;
    let cancelled = false;
    events.dataChanged
      .listen((e) => void invalidateEntity(client, e.payload.entity))
      .then((fn) => {
        if (cancelled) fn();
        else unlisten = fn;
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
      unlisten?.();
    };
  }, [client]);
  return null;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/" element={<Navigate to="/dashboard" replace />} />
      <Route path="/dashboard" element={<DashboardPage />} />
      <Route path="/directory/:kind" element={<OrganizationListPage />} />
      <Route path="/organizations/:id" element={<OrganizationDetailPage />} />
      <Route path="/contacts" element={<ContactListPage />} />
      <Route path="/contacts/:id" element={<ContactDetailPage />} />
      <Route path="/projects" element={<ProjectListPage />} />
      <Route path="/projects/:id" element={<ProjectDetailPage />} />
      <Route path="/meetings" element={<MeetingListPage />} />
      <Route path="/meetings/:id" element={<MeetingDetailPage />} />
      <Route path="/meetings/:id/occurrences/:occurrence" element={<MeetingDetailPage />} />
      <Route
        path="/planner"
        element={
          <Suspense fallback={<Skeleton h="60vh" data-testid="planner-loading" />}>
            <PlannerPage />
          </Suspense>
        }
      />
      <Route path="/settings" element={<SettingsPage />} />
      <Route path="*" element={<Navigate to="/dashboard" replace />} />
    </Routes>
  );
}

export function Shell() {
  const { t } = useTranslation();
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
      <Palette />
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

/** Date pickers in the UI language; weeks start on Monday in zh-CN. */
function LocalizedDates({ children }: { children: ReactNode }) {
  const { i18n: inst } = useTranslation();
  const zh = inst.language === "zh-CN";
  return (
    <DatesProvider settings={{ locale: zh ? "zh-cn" : "en", firstDayOfWeek: zh ? 1 : 0 }}>
      {children}
    </DatesProvider>
  );
}

export function Providers({ client, children }: { client: QueryClient; children: ReactNode }) {
  return (
    <I18nextProvider i18n={i18n}>
      <MantineProvider theme={theme} defaultColorScheme="auto">
        <LocalizedDates>
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
        </LocalizedDates>
      </MantineProvider>
    </I18nextProvider>
  );
}
