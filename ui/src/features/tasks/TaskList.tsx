import { useState } from "react";
import { Box, Button, Checkbox, Group, Select, TextInput } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { IconCornerDownRight, IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { commands, type Task, type TaskStatus } from "../../bindings";
import { Section } from "../../components/Detail";
import {
  EmptyState,
  PAGE_SIZE,
  ROW_HEIGHT_TWO_LINE,
  useInfiniteList,
  VirtualRows,
} from "../../components/ListPage";
import { useDeleteWithUndo } from "../../components/undo";
import { errorMessage, unwrap } from "../../lib/ipc";
import { invalidateEntity, keys } from "../../lib/queryClient";
import { newTaskInput } from "./input";
import { TaskForm } from "./TaskForm";
import { TASK_STATUSES } from "./status";
import { depths } from "../projects/TaskPlanFields";
import { BulkEditBar } from "../projects/BulkEdit";
import { TaskRow } from "./TaskRow";

/** One level of nesting for a subtask in a project's list. */
const INDENT = 20;

/** Tasks of a project or the action items of a meeting, with inline add/edit. */
export function TaskSection({
  title,
  projectId,
  projectName,
  meetingId,
  addLabel,
  emptyText,
  quickAdd = false,
}: {
  title: string;
  projectId?: string;
  projectName?: string;
  meetingId?: string;
  addLabel: string;
  emptyText: string;
  quickAdd?: boolean;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [draft, setDraft] = useState("");
  const [draftError, setDraftError] = useState<string | null>(null);
  const addQuick = async () => {
    const title = draft.trim();
    if (!title) return;
    setDraftError(null);
    try {
      await unwrap(
        commands.taskCreate(
          newTaskInput(title, { project_id: projectId ?? null, meeting_id: meetingId ?? null }),
        ),
      );
      setDraft("");
      await invalidateEntity(client, "task");
    } catch (err) {
      setDraftError(errorMessage(t, err));
    }
  };
  const [status, setStatus] = useState<TaskStatus | null>(null);
  // A meeting's action items are all tasks with its meeting_id; its project is only a preset for new ones.
  const listProjectId = meetingId ? null : (projectId ?? null);
  const [editing, setEditing] = useState<Task | "new" | null>(null);
  const query = useInfiniteList(
    keys.list("task", { project_id: listProjectId, meeting_id: meetingId ?? null, status }),
    (cursor) =>
      commands.taskList({
        search: null,
        project_id: listProjectId,
        meeting_id: meetingId ?? null,
        status,
        scope: null,
        sort: "manual",
        cursor,
        limit: PAGE_SIZE,
      }),
  );
  const del = useDeleteWithUndo("task", commands.taskDelete, commands.taskRestore);
  const total = query.data?.pages[0]?.total;
  // A project's list nests subtasks under their parents (a new subtask is placed right after its parent's family
  // in the manual order) and lets several tasks be selected for one bulk edit.
  const inProject = !meetingId && !!projectId;
  const loaded = query.data?.pages.flatMap((p) => p.items) ?? [];
  const depth = inProject ? depths(loaded) : new Map<string, number>();
  const [selected, setSelected] = useState<string[]>([]);
  const toggle = (id: string) =>
    setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  return (
    <Section
      title={total === undefined || total === null ? title : `${title} · ${total}`}
      actions={
        <Group gap="xs">
          <Select
            size="xs"
            aria-label={t("list.filterStatus")}
            placeholder={t("list.allStatuses")}
            clearable
            data={TASK_STATUSES.map((s) => ({ value: s, label: t(`taskStatus.${s}`) }))}
            value={status}
            onChange={(v) => setStatus(v as TaskStatus | null)}
            w={150}
          />
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} />}
            onClick={() => setEditing("new")}
          >
            {addLabel}
          </Button>
        </Group>
      }
    >
      {quickAdd && (
        <TextInput
          mb="sm"
          aria-label={addLabel}
          placeholder={t("task.quickAddPlaceholder")}
          data-testid="task-quick-add"
          value={draft}
          error={draftError}
          onChange={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              void addQuick();
            }
          }}
        />
      )}
      {inProject && projectId && selected.length > 0 && (
        <BulkEditBar projectId={projectId} ids={selected} onDone={() => setSelected([])} />
      )}
      <Box>
        <VirtualRows
          query={query}
          rowTestId="task-row"
          rowHeight={ROW_HEIGHT_TWO_LINE}
          height={Math.min(448, Math.max(1, total ?? 1) * ROW_HEIGHT_TWO_LINE)}
          rowLabel={(task) => task.title}
          onOpen={(task) => setEditing(task)}
          renderRow={(task) => {
            const row = (
              <TaskRow
                task={task}
                context={meetingId ? "meeting" : "project"}
                onDelete={() => void del(task.id, task.title)}
              />
            );
            if (!inProject) return row;
            const level = Math.min(depth.get(task.id) ?? 0, 4);
            return (
              <Group gap={6} wrap="nowrap" h="100%" pl={level * INDENT} data-depth={level}>
                <Checkbox
                  size="xs"
                  aria-label={t("plan.bulk.select", { name: task.title })}
                  checked={selected.includes(task.id)}
                  onClick={(e) => e.stopPropagation()}
                  onKeyDown={(e) => e.stopPropagation()}
                  onChange={() => toggle(task.id)}
                  data-testid="task-select"
                />
                {level > 0 && <IconCornerDownRight size={14} aria-label={t("plan.task.subtask")} />}
                <Box style={{ flex: 1, minWidth: 0 }}>{row}</Box>
              </Group>
            );
          }}
          empty={
            <EmptyState
              testId="tasks-empty"
              text={status ? t("empty.tasksFiltered") : emptyText}
              actionLabel={addLabel}
              onAction={() => setEditing("new")}
            />
          }
        />
      </Box>
      {editing && (
        <TaskForm
          key={editing === "new" ? "new" : editing.id}
          task={editing === "new" ? undefined : editing}
          preset={{ project_id: projectId, project_name: projectName, meeting_id: meetingId }}
          onClose={() => setEditing(null)}
          onOpenTask={setEditing}
        />
      )}
    </Section>
  );
}
