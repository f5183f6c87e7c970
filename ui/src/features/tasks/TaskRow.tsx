import { Badge, Progress } from "@mantine/core";
import { IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { Task } from "../../bindings";
import { RefName, isDeletedRef } from "../../components/RefName";
import { RowLayout, StackedCell } from "../../components/Row";
import { formatDate, formatShortDate, todayIso } from "../../lib/format";
import { taskStatusColor } from "./status";
import { TaskAssignee, hasAssignee } from "./TaskAssignee";
import { IconButton } from "../../components/IconButton";

export const SHOWS = ["open", "overdue", "all"] as const;

export type Show = (typeof SHOWS)[number];

/** The URL of the task list showing `show`: the dashboard's cards open it. */
export const tasksPath = (show: Show) => `/tasks?show=${show}`;

export function TaskRow({
  task,
  onDelete,
  context,
}: {
  task: Task;
  onDelete?: () => void;
  /** Where the row is shown: the project (or meeting) it belongs to is left out of the meta line. */
  context?: "project" | "meeting";
}) {
  const { t } = useTranslation();
  const overdue =
    task.due_date !== null &&
    task.due_date < todayIso() &&
    task.status !== "done" &&
    task.status !== "cancelled";
  const dense = onDelete === undefined;
  return (
    <RowLayout
      leadKind="status"
      lead={
        <Badge color={taskStatusColor[task.status]} variant="light" size="sm" maw="100%">
          {t(`taskStatus.${task.status}`)}
        </Badge>
      }
      title={task.title}
      titleStyle={task.status === "done" ? { textDecoration: "line-through" } : undefined}
      titleAddon={
        (task.priority === "high" || task.priority === "urgent") && (
          <Badge variant="outline" color={task.priority === "urgent" ? "red" : "gray"} size="xs">
            {t(`priority.${task.priority}`)}
          </Badge>
        )
      }
      meta={[
        hasAssignee(task) && <TaskAssignee task={task} />,
        context !== "project" && task.project_name && (
          <RefName name={task.project_name} deleted={isDeletedRef(task, "project_id")} />
        ),
        context === "project" && task.meeting_title && (
          <RefName name={task.meeting_title} deleted={isDeletedRef(task, "meeting_id")} />
        ),
        dense && task.status === "in_progress" && `${task.progress}%`,
      ]}
      trail={
        <>
          {!dense && <Progress value={task.progress} w={56} size="sm" aria-label={t("fields.progress")} />}
          <StackedCell
            align="end"
            width={104}
            color={overdue ? "var(--mantine-color-red-text)" : undefined}
            top={task.due_date ? formatShortDate(task.due_date) : ""}
            bottom={overdue ? t("task.overdue") : undefined}
            title={task.due_date ? formatDate(task.due_date) : undefined}
          />
          {onDelete && (
            <IconButton
              label={t("actions.delete")}
              variant="subtle"
              color="gray"
              aria-label={t("actions.deleteNamed", { name: task.title })}
              onClick={(e) => {
                e.stopPropagation();
                onDelete();
              }}
            >
              <IconTrash size={16} />
            </IconButton>
          )}
        </>
      }
    />
  );
}
