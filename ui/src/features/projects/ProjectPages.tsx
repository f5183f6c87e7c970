import { useState } from "react";
import { Anchor, Button, Progress, Select, SimpleGrid, Stack, Table, Tabs, Text } from "@mantine/core";
import { IconFileExport } from "@tabler/icons-react";
import { useDebouncedValue } from "@mantine/hooks";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { commands, type Project, type ProjectStatus, type Rag } from "../../bindings";
import { DetailHeader, DetailSkeleton, InfoGrid, Section } from "../../components/Detail";
import {
  ListPage,
  PAGE_SIZE,
  QueryError,
  ROW_HEIGHT_TWO_LINE,
  useInfiniteList,
} from "../../components/ListPage";
import { useDeleteWithUndo } from "../../components/undo";
import { formatDate, formatMoney } from "../../lib/format";
import { keys, useDetailQuery } from "../../lib/queryClient";
import { TaskSection } from "../tasks/TaskList";
import { PROJECT_STATUSES } from "../tasks/status";
import { ProjectForm } from "./ProjectForm";
import { BatchExportModal } from "../meetings/BatchExportModal";
import { SortSelect } from "../../components/SortSelect";
import { RefName, isDeletedRef } from "../../components/RefName";
import { OrganizationFilter, useOrganizationFilter } from "../organizations/OrganizationFilter";
import { useSearchParam } from "../../lib/searchParam";
import { OverviewTab } from "./Overview";
import { ProjectRow, ProjectStatusBadge, STATUS_PARAM } from "./ProjectRow";
import { BoardTab } from "./Board";
import { TimelineTab } from "./Timeline";
import { RisksTab } from "./Risks";
import { BudgetTab } from "./Budget";
import { ReportTab } from "./Report";
import { DependenciesSection } from "./Dependencies";
import { ProjectMeetingsTab } from "./ProjectMeetings";
import { PartnersTab } from "./Partners";

type Sort = "name" | "due" | "updated" | "health";

/** A listed project with its health colour (fetched for each page of the list). */
type ListedProject = Project & { health: Rag | null };

const TABS = [
  "overview",
  "tasks",
  "board",
  "timeline",
  "meetings",
  "partners",
  "risks",
  "budget",
  "report",
] as const;

export function ProjectListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [sort, setSort] = useState<Sort>("name");
  const [asked, setStatus] = useSearchParam(STATUS_PARAM);
  const status = PROJECT_STATUSES.find((s) => s === asked) ?? null;
  const [creating, setCreating] = useState(false);
  const [organization, setOrganization] = useOrganizationFilter();
  const query = useInfiniteList<ListedProject>(
    keys.list("project", { search: debounced, sort, status, organization }),
    async (cursor) => {
      const page = await commands.projectList({
        search: debounced || null,
        status,
        organization_id: organization,
        sort,
        cursor,
        limit: PAGE_SIZE,
      });
      if (page.status === "error") return page;
      const healths = await commands.projectHealths(page.data.items.map((p) => p.id));
      const byId = new Map(healths.status === "ok" ? healths.data : []);
      // Sorted by health, the backend orders every matching project (worst first) and pages through them.
      const items = page.data.items.map((p) => ({ ...p, health: byId.get(p.id) ?? null }));
      return { status: "ok", data: { ...page.data, items } };
    },
  );
  return (
    <>
      <ListPage
        title={t("nav.projects")}
        newLabel={t("new.project")}
        onNew={() => setCreating(true)}
        search={search}
        onSearch={setSearch}
        searching={debounced !== "" || status !== null || !!organization}
        toolbar={
          <>
            <OrganizationFilter value={organization} onChange={setOrganization} />
            <Select
              aria-label={t("list.filterStatus")}
              placeholder={t("list.allStatuses")}
              clearable
              data={PROJECT_STATUSES.map((s) => ({ value: s, label: t(`projectStatus.${s}`) }))}
              value={status}
              onChange={(v) => setStatus(v as ProjectStatus | null)}
              w={160}
              data-testid="list-filter-status"
            />
            <SortSelect<Sort>
              options={[
                ["name", "name"],
                ["due", "due"],
                ["updated", "updated"],
                ["health", "health"],
              ]}
              value={sort}
              onChange={setSort}
            />
          </>
        }
        query={query}
        rowLabel={(p) => p.name}
        onOpen={(p) => navigate(`/projects/${p.id}`)}
        emptyText={t("empty.projects")}
        rowHeight={ROW_HEIGHT_TWO_LINE}
        renderRow={(p) => <ProjectRow project={p} />}
      />
      {creating && (
        <ProjectForm onClose={() => setCreating(false)} onSaved={(p) => navigate(`/projects/${p.id}`)} />
      )}
    </>
  );
}

export function ProjectDetailPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [exporting, setExporting] = useState(false);
  const { query: q } = useDetailQuery("project", commands.projectGet);
  const [asked, setTab] = useSearchParam("tab");
  const tab = TABS.find((x) => x === asked) ?? "overview";
  const del = useDeleteWithUndo("project", commands.projectDelete, commands.projectRestore);
  if (q.isPending) return <DetailSkeleton />;
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const p = q.data;
  const usedPct =
    p.budget_planned && p.budget_actual !== null
      ? Math.round((p.budget_actual / p.budget_planned) * 100)
      : null;
  return (
    <Stack gap="md">
      <DetailHeader
        title={p.name}
        backTo="/projects"
        backLabel={t("nav.projects")}
        badges={<ProjectStatusBadge status={p.status} />}
        actions={
          <Button
            variant="default"
            leftSection={<IconFileExport size={16} />}
            onClick={() => setExporting(true)}
            data-testid="project-batch-export"
          >
            {t("batch.projectButton")}
          </Button>
        }
        onEdit={() => setEditing(true)}
        onDelete={() => void del(p.id, p.name, () => navigate("/projects"))}
      />
      <Tabs value={tab} onChange={(v) => setTab(v === "overview" ? null : v)} keepMounted={false}>
        <Tabs.List>
          {TABS.map((x) => (
            <Tabs.Tab key={x} value={x} data-testid={`project-tab-${x}`}>
              {t(`plan.tabs.${x}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="overview" pt="md">
          <Stack gap="md">
            <OverviewTab projectId={p.id} />
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <Section title={t("detail.details")}>
                <InfoGrid
                  items={[
                    { label: t("fields.code"), value: p.code },
                    {
                      label: t("fields.ownerDepartment"),
                      value: p.owner_department_id ? (
                        <Anchor component={Link} to={`/organizations/${p.owner_department_id}`} size="sm">
                          <RefName
                            name={p.owner_department_name}
                            deleted={isDeletedRef(p, "owner_department_id")}
                          />
                        </Anchor>
                      ) : null,
                    },
                    { label: t("fields.startDate"), value: formatDate(p.start_date) },
                    { label: t("fields.dueDate"), value: formatDate(p.due_date) },
                    { label: t("project.openTasks"), value: String(p.open_task_count) },
                  ]}
                />
              </Section>
              <Section title={t("detail.budget")}>
                <Stack gap="xs">
                  <InfoGrid
                    items={[
                      { label: t("fields.budgetPlanned"), value: formatMoney(p.budget_planned, p.currency) },
                      { label: t("fields.budgetActual"), value: formatMoney(p.budget_actual, p.currency) },
                      { label: t("fields.currency"), value: p.currency },
                    ]}
                  />
                  {usedPct !== null && (
                    <>
                      <Progress
                        value={Math.min(100, usedPct)}
                        color={usedPct > 100 ? "red" : usedPct > 90 ? "yellow" : "green"}
                        aria-label={t("project.budgetUsed", { pct: usedPct })}
                      />
                      <Text size="xs" c="dimmed">
                        {t("project.budgetUsed", { pct: usedPct })}
                      </Text>
                    </>
                  )}
                </Stack>
              </Section>
            </SimpleGrid>
            <Section title={t("detail.linkedOrganizations")}>
              {p.organizations.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t("empty.linkedOrganizations")}
                </Text>
              ) : (
                <Table verticalSpacing={6} fz="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t("fields.organization")}</Table.Th>
                      <Table.Th>{t("fields.role")}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {p.organizations.map((o) => (
                      <Table.Tr key={o.organization_id}>
                        <Table.Td>
                          <Anchor component={Link} to={`/organizations/${o.organization_id}`} size="sm">
                            <RefName name={o.organization_name} deleted={o.deleted} />
                          </Anchor>
                        </Table.Td>
                        <Table.Td>{o.role || "—"}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Section>
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="tasks" pt="md">
          <Stack gap="md">
            <TaskSection
              title={t("detail.tasks")}
              projectId={p.id}
              projectName={p.name}
              addLabel={t("actions.addTask")}
              emptyText={t("empty.tasks")}
            />
            <DependenciesSection projectId={p.id} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="board" pt="md">
          <BoardTab projectId={p.id} />
        </Tabs.Panel>
        <Tabs.Panel value="timeline" pt="md">
          <TimelineTab projectId={p.id} />
        </Tabs.Panel>
        <Tabs.Panel value="meetings" pt="md">
          <ProjectMeetingsTab projectId={p.id} />
        </Tabs.Panel>
        <Tabs.Panel value="partners" pt="md">
          <PartnersTab project={p} />
        </Tabs.Panel>
        <Tabs.Panel value="risks" pt="md">
          <RisksTab projectId={p.id} />
        </Tabs.Panel>
        <Tabs.Panel value="budget" pt="md">
          <BudgetTab projectId={p.id} currency={p.currency} />
        </Tabs.Panel>
        <Tabs.Panel value="report" pt="md">
          <ReportTab id={p.id} name={p.name} />
        </Tabs.Panel>
      </Tabs>
      {editing && <ProjectForm project={p} onClose={() => setEditing(false)} />}
      {exporting && (
        <BatchExportModal project={{ value: p.id, label: p.name }} onClose={() => setExporting(false)} />
      )}
    </Stack>
  );
}
