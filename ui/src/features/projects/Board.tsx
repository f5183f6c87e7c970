import { useState, type KeyboardEvent } from "react";
import { Badge, Box, Group, Paper, Select, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import {
  DndContext,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type DragEndEvent,
} from "@dnd-kit/core";
import { CSS } from "@dnd-kit/utilities";
import { useTranslation } from "react-i18next";
import { commands, type BoardColumn, type BoardFilter, type BoardMove, type Task } from "../../bindings";
import { EntityPicker, loaders } from "../../components/EntityPicker";
import { QueryError, ListSkeleton } from "../../components/ListPage";
import { formatShortDate } from "../../lib/format";
import { unwrap } from "../../lib/ipc";
import { useBoard, useMilestones, usePlanMutation } from "./api";
import { TaskForm } from "../tasks/TaskForm";

const contacts = loaders.contacts();
const departments = loaders.organizations("department");

/**
 * Where a card dropped on `overId` (a card, or a column "col:<status>") lands: its column and its neighbours there.
 * A card dropped on another goes before it; dropped on a column it goes last.
 */
export function placement(columns: BoardColumn[], taskId: string, overId: string): BoardMove | null {
  const column = overId.startsWith("col:")
    ? columns.find((c) => `col:${c.status}` === overId)
    : columns.find((c) => c.tasks.some((t) => t.id === overId));
  if (!column) return null;
  const others = column.tasks.filter((t) => t.id !== taskId);
  const at = overId.startsWith("col:") ? others.length : others.findIndex((t) => t.id === overId);
  return {
    task_id: taskId,
    status: column.status,
    after_id: at > 0 ? others[at - 1].id : null,
    before_id: at < others.length ? others[at].id : null,
  };
}

/** The keyboard's move for a focused card: ←/→ to the end of the previous/next column, ↑/↓ one place. */
export function keyboardMove(columns: BoardColumn[], taskId: string, key: string): BoardMove | null {
  const ci = columns.findIndex((c) => c.tasks.some((t) => t.id === taskId));
  if (ci < 0) return null;
  const tasks = columns[ci].tasks;
  const i = tasks.findIndex((t) => t.id === taskId);
  if (key === "ArrowLeft" || key === "ArrowRight") {
    const target = columns[ci + (key === "ArrowRight" ? 1 : -1)];
    if (!target) return null;
    const last = target.tasks[target.tasks.length - 1];
    return { task_id: taskId, status: target.status, after_id: last?.id ?? null, before_id: null };
  }
  if (key === "ArrowUp" && i > 0) {
    return {
      task_id: taskId,
      status: columns[ci].status,
      after_id: tasks[i - 2]?.id ?? null,
      before_id: tasks[i - 1].id,
    };
  }
  if (key === "ArrowDown" && i < tasks.length - 1) {
    return {
      task_id: taskId,
      status: columns[ci].status,
      after_id: tasks[i + 1].id,
      before_id: tasks[i + 2]?.id ?? null,
    };
  }
  return null;
}

function Card({
  task,
  onKey,
  onOpen,
}: {
  task: Task;
  onKey: (e: KeyboardEvent) => void;
  onOpen: (task: Task) => void;
}) {
  const { t } = useTranslation();
  const drag = useDraggable({ id: task.id });
  const drop = useDroppable({ id: task.id });
  return (
    <Paper
      ref={(el) => {
        drag.setNodeRef(el);
        drop.setNodeRef(el);
      }}
      withBorder
      p="xs"
      radius="sm"
      data-testid={`board-card-${task.id}`}
      data-title={task.title}
      onKeyDown={(e) => {
        if (e.key === "Enter") onOpen(task);
        else onKey(e);
      }}
      // A click (a press that moved less than the drag threshold) opens the task.
      onClick={() => onOpen(task)}
      style={{
        transform: CSS.Translate.toString(drag.transform),
        cursor: "grab",
        touchAction: "none",
        opacity: drag.isDragging ? 0.6 : 1,
        outline: drop.isOver && !drag.isDragging ? "2px solid var(--mantine-color-blue-4)" : undefined,
      }}
      {...drag.listeners}
      {...drag.attributes}
      // Describes our keyboard alternative (dnd-kit's attributes make the card focusable, role "button").
      aria-roledescription={t("plan.board.moveHint")}
    >
      <Text size="sm" lineClamp={2}>
        {task.title}
      </Text>
      <Group gap={6} mt={4}>
        {task.assignee_contact_name && (
          <Text size="xs" c="dimmed">
            {task.assignee_contact_name}
          </Text>
        )}
        {task.due_date && (
          <Text size="xs" c="dimmed">
            {formatShortDate(task.due_date)}
          </Text>
        )}
      </Group>
    </Paper>
  );
}

function Column({
  column,
  onKey,
  onOpen,
}: {
  column: BoardColumn;
  onKey: (id: string, e: KeyboardEvent) => void;
  onOpen: (task: Task) => void;
}) {
  const { t } = useTranslation();
  const { setNodeRef, isOver } = useDroppable({ id: `col:${column.status}` });
  return (
    <Box
      ref={setNodeRef}
      data-testid={`board-column-${column.status}`}
      style={{
        minWidth: 180,
        flex: 1,
        background: isOver ? "var(--mantine-color-blue-light)" : "var(--mantine-color-default-hover)",
        borderRadius: 8,
        padding: 8,
      }}
    >
      <Group justify="space-between" mb={6}>
        <Text size="sm" fw={600}>
          {t(`taskStatus.${column.status}`)}
        </Text>
        <Badge variant="light" color="gray" size="sm">
          {column.tasks.length}
        </Badge>
      </Group>
      <Stack gap={6} mih={60}>
        {column.tasks.length === 0 && (
          <Text size="xs" c="dimmed">
            {t("plan.board.empty")}
          </Text>
        )}
        {column.tasks.map((task) => (
          <Card key={task.id} task={task} onKey={(e) => onKey(task.id, e)} onOpen={onOpen} />
        ))}
      </Stack>
    </Box>
  );
}

export function BoardTab({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<BoardFilter>({
    assignee_contact_id: null,
    department_id: null,
    milestone_id: null,
  });
  const q = useBoard(projectId, filter);
  const milestones = useMilestones(projectId);
  const move = usePlanMutation((m: BoardMove) => unwrap(commands.taskBoardMove(m)));
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }));
  const [open, setOpen] = useState<Task | null>(null);
  if (q.isPending) return <ListSkeleton rows={4} />;
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const columns = q.data;
  const apply = (m: BoardMove | null) => {
    if (!m) return;
    move.mutate(m, {
      onSuccess: () =>
        notifications.show({ message: t("plan.board.moved", { status: t(`taskStatus.${m.status}`) }) }),
    });
  };
  const onDragEnd = (e: DragEndEvent) => {
    if (!e.over || e.over.id === e.active.id) return;
    apply(placement(columns, String(e.active.id), String(e.over.id)));
  };
  const onKey = (id: string, e: KeyboardEvent) => {
    if (!["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"].includes(e.key)) return;
    e.preventDefault();
    apply(keyboardMove(columns, id, e.key));
  };
  return (
    <Stack gap="sm">
      <Group gap="xs">
        <EntityPicker
          label={t("plan.board.filterAssignee")}
          loader={contacts}
          value={filter.assignee_contact_id}
          onChange={(v) => setFilter({ ...filter, assignee_contact_id: v })}
        />
        <EntityPicker
          label={t("plan.board.filterDepartment")}
          loader={departments}
          value={filter.department_id}
          onChange={(v) => setFilter({ ...filter, department_id: v })}
        />
        <Select
          label={t("plan.board.filterMilestone")}
          clearable
          data={(milestones.data ?? []).map((m) => ({ value: m.id, label: m.title }))}
          value={filter.milestone_id}
          onChange={(v) => setFilter({ ...filter, milestone_id: v })}
          w={200}
        />
      </Group>
      <Text size="xs" c="dimmed">
        {t("plan.board.moveHint")}
      </Text>
      <DndContext sensors={sensors} onDragEnd={onDragEnd}>
        <Box style={{ overflowX: "auto" }}>
          <Group align="flex-start" gap="sm" wrap="nowrap" data-testid="board">
            {columns.map((c) => (
              <Column key={c.status} column={c} onKey={onKey} onOpen={setOpen} />
            ))}
          </Group>
        </Box>
      </DndContext>
      {open && (
        <TaskForm
          key={open.id}
          task={open}
          preset={{ project_id: projectId }}
          onClose={() => setOpen(null)}
          onOpenTask={setOpen}
        />
      )}
    </Stack>
  );
}
