import { Badge, Group, Progress, Text } from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck, IconCircleX } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { Project, ProjectStatus, Rag } from "../../bindings";
import { RowLayout, StackedCell } from "../../components/Row";
import { formatDate, formatShortDate } from "../../lib/format";
import { projectStatusColor } from "../tasks/status";
import { RAG_COLOR } from "./api";

const RAG_ICON = { green: IconCircleCheck, amber: IconAlertTriangle, red: IconCircleX };

/** The colour with an icon and a word: colour is never the only signal. */
export function HealthBadge({ rag, testId }: { rag: Rag; testId?: string }) {
  const { t } = useTranslation();
  const Icon = RAG_ICON[rag];
  return (
    <Badge
      color={RAG_COLOR[rag]}
      variant="light"
      leftSection={<Icon size={12} />}
      data-testid={testId}
      data-rag={rag}
    >
      {t(`plan.rag.${rag}`)}
    </Badge>
  );
}

export function ProjectStatusBadge({ status }: { status: ProjectStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={projectStatusColor[status]} variant="light" size="sm">
      {t(`projectStatus.${status}`)}
    </Badge>
  );
}

export function ProjectRow({ project: p }: { project: Project & { health?: Rag | null } }) {
  const { t } = useTranslation();
  const done = p.task_count - p.open_task_count;
  return (
    <RowLayout
      leadKind="status"
      lead={<ProjectStatusBadge status={p.status} />}
      title={p.name}
      titleAddon={
        p.code && (
          <Text size="xs" c="dimmed">
            {p.code}
          </Text>
        )
      }
      meta={[p.owner_department_name, ...p.organizations.map((o) => o.organization_name)]}
      trail={
        <>
          {p.health && <HealthBadge rag={p.health} testId={`project-health-${p.id}`} />}
          <Group gap={8} wrap="nowrap" w={150} justify="flex-end">
            <Progress
              value={p.task_count ? (done / p.task_count) * 100 : 0}
              w={48}
              size="sm"
              color="gray"
              aria-hidden
            />
            <Text size="sm" c="dimmed">
              {t("project.tasksDone", { done, total: p.task_count })}
            </Text>
          </Group>
          <StackedCell
            align="end"
            width={104}
            top={p.due_date ? formatShortDate(p.due_date) : ""}
            title={p.due_date ? formatDate(p.due_date) : undefined}
          />
        </>
      }
    />
  );
}

/** The URL parameter of the projects list's status filter (the dashboard's "active projects" sets it). */
export const STATUS_PARAM = "status";
