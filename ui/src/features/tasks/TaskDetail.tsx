import { useState } from "react";
import { Anchor, Badge, Group, Progress, SimpleGrid, Stack, Table, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { commands, type Task } from "../../bindings";
import { DetailHeader, DetailSkeleton, InfoGrid, Section } from "../../components/Detail";
import { QueryError } from "../../components/ListPage";
import { RefName, isDeletedRef } from "../../components/RefName";
import { useDeleteWithUndo } from "../../components/undo";
import { formatDate } from "../../lib/format";
import { useDetailQuery } from "../../lib/queryClient";
import { useBoard, useDependencies, useMilestones } from "../projects/api";
import { NO_BOARD_FILTER } from "../projects/TaskPlanFields";
import { TaskForm } from "./TaskForm";
import { taskStatusColor } from "./status";

/** The task's links by id; a link to another task of the project opens that task's page. */
const taskLink = (id: string, title: string) => (
  <Anchor component={Link} to={`/tasks/${id}`} size="sm">
    {title}
  </Anchor>
);

/** A project task's place in the plan: parent, subtasks, milestone, what it waits for and what waits for it. */
function PlanSection({ task, projectId }: { task: Task; projectId: string }) {
  const { t } = useTranslation();
  const board = useBoard(projectId, NO_BOARD_FILTER);
  const milestones = useMilestones(projectId);
  const deps = useDependencies(projectId);
  const all = (board.data ?? []).flatMap((c) => c.tasks);
  const parent = all.find((x) => x.id === task.parent_id);
  const subtasks = all.filter((x) => x.parent_id === task.id);
  const milestone = (milestones.data ?? []).find((m) => m.id === task.milestone_id);
  const waitsFor = (deps.data ?? []).filter((d) => d.successor_id === task.id);
  const before = (deps.data ?? []).filter((d) => d.predecessor_id === task.id);
  return (
    <Section title={t("plan.task.plan")} testId="task-page-plan">
      <Stack gap="sm">
        <InfoGrid
          items={[
            { label: t("plan.task.parent"), value: parent ? taskLink(parent.id, parent.title) : null },
            {
              label: t("plan.task.milestone"),
              value: milestone ? `${milestone.title} · ${formatDate(milestone.target_date)}` : null,
            },
          ]}
        />
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <Stack gap={4} data-testid="task-page-subtasks">
            <Text size="sm" fw={500}>
              {t("plan.task.subtasks", { count: subtasks.length })}
            </Text>
            {subtasks.map((s) => (
              <Group key={s.id} gap={6} wrap="nowrap">
                {taskLink(s.id, s.title)}
                <Text size="xs" c="dimmed">
                  {t(`taskStatus.${s.status}`)}
                </Text>
              </Group>
            ))}
          </Stack>
          {[
            { key: "waitsFor", list: waitsFor, other: (d: (typeof waitsFor)[number]) => d.predecessor_id },
            { key: "before", list: before, other: (d: (typeof waitsFor)[number]) => d.successor_id },
          ].map(({ key, list, other }) => (
            <Stack gap={4} key={key} data-testid={`task-page-${key}`}>
              <Text size="sm" fw={500}>
                {t(`plan.task.${key}`)}
              </Text>
              {list.length === 0 && (
                <Text size="sm" c="dimmed">
                  —
                </Text>
              )}
              <Table fz="sm" verticalSpacing={2}>
                <Table.Tbody>
                  {list.map((d) => (
                    <Table.Tr key={`${d.predecessor_id}-${d.successor_id}`}>
                      <Table.Td>
                        {taskLink(
                          other(d),
                          other(d) === d.predecessor_id ? d.predecessor_title : d.successor_title,
                        )}
                      </Table.Td>
                      <Table.Td>
                        {d.warning && (
                          <Badge color="yellow" variant="light" leftSection={<IconAlertTriangle size={12} />}>
                            {t(`plan.deps.warning.${d.warning}`)}
                          </Badge>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Stack>
          ))}
        </SimpleGrid>
      </Stack>
    </Section>
  );
}

/** A task's own page: what an action item's or a search result's "open" lands on. */
export function TaskDetailPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const { query: q } = useDetailQuery("task", commands.taskGet);
  const del = useDeleteWithUndo("task", commands.taskDelete, commands.taskRestore);
  if (q.isPending) return <DetailSkeleton />;
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const task = q.data;
  const back = task.project_id ? `/projects/${task.project_id}?tab=tasks` : "/tasks";
  return (
    <Stack gap="md">
      <DetailHeader
        title={task.title}
        backTo={back}
        backLabel={task.project_name ?? t("nav.tasks")}
        badges={
          <>
            <Badge color={taskStatusColor[task.status]} variant="light">
              {t(`taskStatus.${task.status}`)}
            </Badge>
            <Badge variant="outline" color="gray">
              {t(`priority.${task.priority}`)}
            </Badge>
          </>
        }
        onEdit={() => setEditing(true)}
        onDelete={() => void del(task.id, task.title, () => navigate(back))}
      />
      <Section title={t("detail.details")}>
        <Stack gap="sm">
          <InfoGrid
            items={[
              {
                label: t("fields.project"),
                value: task.project_id ? (
                  <Anchor component={Link} to={`/projects/${task.project_id}`} size="sm">
                    <RefName name={task.project_name} deleted={isDeletedRef(task, "project_id")} />
                  </Anchor>
                ) : null,
              },
              {
                label: t("task.fromMeeting"),
                value: task.meeting_id ? (
                  <Anchor component={Link} to={`/meetings/${task.meeting_id}`} size="sm">
                    <RefName name={task.meeting_title} deleted={isDeletedRef(task, "meeting_id")} />
                  </Anchor>
                ) : null,
              },
              {
                label: t("fields.assigneeContact"),
                value: task.assignee_contact_id ? (
                  <Anchor component={Link} to={`/contacts/${task.assignee_contact_id}`} size="sm">
                    <RefName
                      name={task.assignee_contact_name}
                      deleted={isDeletedRef(task, "assignee_contact_id")}
                    />
                  </Anchor>
                ) : null,
              },
              {
                label: t("fields.assigneeDepartment"),
                value: task.assignee_department_id ? (
                  <RefName
                    name={task.assignee_department_name}
                    deleted={isDeletedRef(task, "assignee_department_id")}
                  />
                ) : null,
              },
              { label: t("fields.dueDate"), value: formatDate(task.due_date) },
              {
                label: t("fields.progress"),
                value: (
                  <Group gap={6} wrap="nowrap">
                    <Progress value={task.progress} w={80} size="sm" aria-hidden />
                    <Text size="sm">{task.progress}%</Text>
                  </Group>
                ),
              },
            ]}
          />
          {task.description && (
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }} data-testid="task-page-description">
              {task.description}
            </Text>
          )}
        </Stack>
      </Section>
      {task.project_id && <PlanSection task={task} projectId={task.project_id} />}
      {editing && (
        <TaskForm
          task={task}
          onClose={() => setEditing(false)}
          onOpenTask={(other) => {
            setEditing(false);
            navigate(`/tasks/${other.id}`);
          }}
        />
      )}
    </Stack>
  );
}
