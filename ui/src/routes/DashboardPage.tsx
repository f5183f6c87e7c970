import { Suspense, useEffect, useState } from "react";
import { plusDays, today } from "../lib/time";
import { LosingTouchRow, type Party } from "../features/relationships/cadence";
import { CommitmentRow } from "../features/commitments/CommitmentRow";
import { RisksDuePanel } from "../features/projects/RisksDue";
import { ConflictsDuePanel } from "../features/conflicts/ConflictCard";
import { ScoreDroppedPanel } from "../features/suppliers/scores";
import { RecentDecisionsPanel } from "../features/meetings/RecentDecisions";
import {
  Button,
  Card,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
  UnstyledButton,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlarmSnooze, IconCheck, IconSparkles } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { commands, type Dashboard, type Task } from "../bindings";
import { PanelHeader } from "../components/PanelHeader";
import { QueryError } from "../components/QueryStates";
import { ROW_HEIGHT_TWO_LINE } from "../components/Row";
import { MeetingRow } from "../features/meetings/MeetingRow";
import { ProjectRow, STATUS_PARAM } from "../features/projects/ProjectRow";
import { TaskRow, tasksPath } from "../features/tasks/TaskRow";
import { formatNumber } from "../lib/format";
import { errorMessage, unwrap } from "../lib/ipc";
import { usePageTitle } from "../lib/trail";
import { usePlanMutation } from "../features/projects/api";
import { lazyNamed } from "../lib/lazyNamed";
import { dashboardQuery } from "./dashboardQuery";
import { IconButton } from "../components/IconButton";

// Opens on a click; its form (pickers, dates) loads then, not with the dashboard.
const InteractionForm = lazyNamed(() => import("../features/relationships/Relationship"), "InteractionForm");

type CountKey = keyof Dashboard["counts"];
const COUNT_TILES: { key: CountKey; to: string; status?: "red" }[] = [
  { key: "partners", to: "/directory/partners" },
  { key: "suppliers", to: "/directory/suppliers" },
  { key: "clients", to: "/directory/clients" },
  { key: "departments", to: "/directory/departments" },
  { key: "contacts", to: "/contacts" },
  { key: "active_projects", to: `/projects?${STATUS_PARAM}=active` },
  { key: "open_tasks", to: tasksPath("open") },
  { key: "overdue_tasks", to: tasksPath("overdue"), status: "red" },
  // The planner's week shows each occurrence of a series, as the count does.
  { key: "meetings_this_week", to: "/planner?view=week" },
];

function DemoOffer() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const load = async () => {
    setBusy(true);
    try {
      const r = await unwrap(commands.demoLoad());
      await client.invalidateQueries();
      notifications.show({ color: "teal", message: t("dashboard.demo.loaded", r) });
    } catch (err) {
      notifications.show({ color: "red", title: t("dashboard.demo.failed"), message: errorMessage(t, err) });
      await client.invalidateQueries();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder radius="md" p="lg" data-testid="demo-offer">
      <Group wrap="nowrap" align="flex-start">
        <ThemeIcon size={40} radius="xl" variant="light">
          <IconSparkles size={22} aria-hidden />
        </ThemeIcon>
        <Stack gap={6} style={{ flex: 1 }}>
          <Title order={4}>{t("dashboard.demo.title")}</Title>
          <Text size="sm" c="dimmed">
            {t("dashboard.demo.body")}
          </Text>
          <Group gap="xs" mt={4}>
            <Button data-testid="demo-load" loading={busy} onClick={() => void load()}>
              {t("dashboard.demo.button")}
            </Button>
          </Group>
        </Stack>
      </Group>
    </Card>
  );
}

function Panel({
  title,
  empty,
  children,
  count,
  total,
  more,
  maxRows = 6,
  testId,
}: {
  title: string;
  testId?: string;
  empty: string;
  count: number;
  /** How many the full list holds, when the panel shows only the first `count` of them. */
  total?: number;
  /** The full list this panel shows the top of. */
  more: string;
  /** Rows shown before the panel scrolls, so the two side-by-side panels stay the same height. */
  maxRows?: number;
  children: React.ReactNode;
}) {
  return (
    <Paper withBorder radius="md" p={0} className="ld-panel" data-testid={testId}>
      <PanelHeader
        title={title}
        shown={count}
        total={total}
        to={more}
        linkTestId={testId ? `${testId}-more` : "panel-more"}
      />
      {count === 0 ? (
        <Text size="sm" c="dimmed" px="md" py="md">
          {empty}
        </Text>
      ) : (
        <div className="ld-panel-body" style={{ maxHeight: maxRows * ROW_HEIGHT_TWO_LINE }}>
          {children}
        </div>
      )}
    </Paper>
  );
}

/**
 * An overdue task or action item (a task of a meeting) with what can be done to it in place: mark it done, or snooze
 * it to tomorrow (its due date moves to tomorrow in the user's zone). The row opens its task page.
 */
function OverdueRow({ task }: { task: Task }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const edit = usePlanMutation((change: { status?: "done"; due?: string }) =>
    unwrap(
      commands.taskBulkEdit({
        ids: [task.id],
        status: change.status ?? null,
        assignee_contact_id: null,
        due_date: change.due ?? null,
        milestone_id: null,
      }),
    ),
  );
  return (
    <Group
      gap={6}
      wrap="nowrap"
      pr="sm"
      className="ld-row"
      h={ROW_HEIGHT_TWO_LINE}
      data-testid="overdue-row"
      data-id={task.id}
    >
      <UnstyledButton
        data-testid="dashboard-overdue"
        data-id={task.id}
        style={{ flex: 1, minWidth: 0, height: "100%" }}
        onClick={() => navigate(`/tasks/${task.id}`)}
      >
        <TaskRow task={task} />
      </UnstyledButton>
      <IconButton
        label={t("dashboard.markDone")}
        variant="light"
        color="teal"
        aria-label={t("dashboard.markDoneNamed", { title: task.title })}
        loading={edit.isPending && edit.variables?.status === "done"}
        onClick={() => edit.mutate({ status: "done" })}
        data-testid="overdue-done"
      >
        <IconCheck size={16} />
      </IconButton>
      <IconButton
        label={t("dashboard.snoozeTomorrow")}
        variant="light"
        color="gray"
        aria-label={t("dashboard.snoozeTomorrowNamed", { title: task.title })}
        loading={edit.isPending && edit.variables?.due !== undefined}
        onClick={() => edit.mutate({ due: plusDays(today(), 1) })}
        data-testid="overdue-snooze"
      >
        <IconAlarmSnooze size={16} />
      </IconButton>
    </Group>
  );
}

/** The cadences losing touch today, each with "log an interaction" and "snooze a week" in place. */
function LosingTouch({ list, total }: { list: Dashboard["losing_touch"]; total: number }) {
  const { t } = useTranslation();
  const [logging, setLogging] = useState<Party | null>(null);
  return (
    <Panel
      title={t("relationship.losingTouch")}
      empty={t("relationship.losingTouchEmpty")}
      more="/losing-touch"
      count={list.length}
      total={total}
      testId="losing-touch"
    >
      <Stack gap={0} px="md" py={6}>
        {list.map((c) => (
          <div key={c.id} className="ld-row-tight">
            <LosingTouchRow cadence={c} onLog={setLogging} />
          </div>
        ))}
      </Stack>
      {logging && (
        <Suspense fallback={null}>
          <InteractionForm party={logging} onClose={() => setLogging(null)} />
        </Suspense>
      )}
    </Panel>
  );
}

export function DashboardPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const q = useQuery(dashboardQuery);
  usePageTitle(t("nav.dashboard"));
  const shown = q.data !== undefined;
  useEffect(() => {
    // The first commit with the figures in the DOM (before they are painted): scripts/bench-startup.sh reads it.
    if (shown && performance.getEntriesByName("ld:dashboard-shown").length === 0) {
      performance.mark("ld:dashboard-shown");
    }
  }, [shown]);
  return (
    <Stack gap="md" data-testid="dashboard">
      <Title order={2} data-testid="page-title">
        {t("nav.dashboard")}
      </Title>
      {q.isPending && (
        <Stack aria-busy="true">
          <SimpleGrid cols={{ base: 3, lg: 5 }}>
            {Array.from({ length: 9 }, (_, i) => (
              <Skeleton key={i} height={68} />
            ))}
          </SimpleGrid>
          <Skeleton height={220} />
        </Stack>
      )}
      {q.isError && <QueryError error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && (
        <>
          {q.data.is_empty && <DemoOffer />}
          <SimpleGrid cols={{ base: 3, lg: 5 }} spacing="sm" data-testid="dashboard-counts">
            {COUNT_TILES.map((tile) => {
              const value = q.data.counts[tile.key];
              return (
                <UnstyledButton
                  key={tile.key}
                  onClick={() => navigate(tile.to)}
                  aria-label={`${t(`dashboard.counts.${tile.key}`)}: ${value}`}
                  data-count={tile.key}
                  data-value={value}
                >
                  <Paper withBorder radius="md" px="md" py={10} className="ld-tile">
                    <Text size="xs" c="dimmed" fw={500} truncate>
                      {t(`dashboard.counts.${tile.key}`)}
                    </Text>
                    <Text
                      fz={22}
                      fw={600}
                      lh={1.3}
                      className="ld-count"
                      c={tile.status && value > 0 ? tile.status : undefined}
                    >
                      {formatNumber(value)}
                    </Text>
                  </Paper>
                </UnstyledButton>
              );
            })}
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            <Panel
              title={t("dashboard.todayMeetings")}
              empty={t("dashboard.noMeetingsToday")}
              more="/planner?view=day"
              count={q.data.today_meetings.length}
              total={q.data.counts.meetings_today}
              testId="today-meetings"
            >
              {q.data.today_meetings.map((m) => (
                <UnstyledButton
                  // A series can appear several times, once per occurrence.
                  key={`${m.id}@${m.starts_at}`}
                  data-testid="dashboard-today"
                  data-id={m.id}
                  data-start={m.starts_at}
                  className="ld-row"
                  w="100%"
                  h={ROW_HEIGHT_TWO_LINE}
                  onClick={() => navigate(`/meetings/${m.id}`)}
                >
                  <MeetingRow meeting={m} />
                </UnstyledButton>
              ))}
            </Panel>
            <Panel
              title={t("dashboard.overdueTasks")}
              empty={t("dashboard.noOverdue")}
              more={tasksPath("overdue")}
              count={q.data.overdue_tasks.length}
              total={q.data.counts.overdue_tasks}
              testId="overdue-tasks"
            >
              {q.data.overdue_tasks.map((task) => (
                <OverdueRow key={task.id} task={task} />
              ))}
            </Panel>
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            <Panel
              title={t("dashboard.commitmentsDue")}
              empty={t("commitment.noneDue")}
              more="/commitments"
              count={q.data.commitments_due.length}
              total={q.data.counts.commitments_due}
              testId="commitments-due"
            >
              <Stack gap={0} px="md" py={6}>
                {q.data.commitments_due.map((c) => (
                  <div key={c.id} className="ld-row-tight">
                    <CommitmentRow c={c} />
                  </div>
                ))}
              </Stack>
            </Panel>
            <LosingTouch list={q.data.losing_touch} total={q.data.counts.losing_touch} />
          </SimpleGrid>
          <RisksDuePanel />
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            <ConflictsDuePanel />
            <ScoreDroppedPanel />
          </SimpleGrid>
          <RecentDecisionsPanel />
          <Panel
            title={t("dashboard.activeProjects")}
            empty={t("dashboard.noActive")}
            more={`/projects?${STATUS_PARAM}=active`}
            count={q.data.active_projects.length}
          >
            {q.data.active_projects.map((p) => (
              <UnstyledButton
                key={p.id}
                data-testid="dashboard-project"
                data-id={p.id}
                className="ld-row"
                w="100%"
                h={ROW_HEIGHT_TWO_LINE}
                onClick={() => navigate(`/projects/${p.id}`)}
              >
                <ProjectRow project={p} />
              </UnstyledButton>
            ))}
          </Panel>
        </>
      )}
    </Stack>
  );
}
