import { useState } from "react";
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Popover,
  Stack,
  Table,
  Text,
  TextInput,
  UnstyledButton,
} from "@mantine/core";
import { Link } from "react-router";
import { IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { commands, type Milestone } from "../../bindings";
import { Section } from "../../components/Detail";
import { DateField } from "../../components/DateField";
import { formatDate, todayIso } from "../../lib/format";
import { unwrap } from "../../lib/ipc";
import { addDays, useBoard, usePlanMutation } from "./api";
import { usePlanPartDelete } from "./planDelete";
import { NO_BOARD_FILTER } from "./TaskPlanFields";

/** Adds a milestone with a target date (two weeks from today by default). */
export function AddMilestone({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState("");
  const [target, setTarget] = useState(addDays(todayIso(), 14));
  const add = usePlanMutation(() =>
    unwrap(
      commands.milestoneCreate(projectId, { title, target_date: target, status: "open", done_on: null }),
    ),
  );
  return (
    <Group align="flex-end" gap="xs">
      <TextInput
        label={t("plan.milestoneTitle")}
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
        w={240}
        data-testid="milestone-title"
      />
      <DateField label={t("plan.targetDate")} value={target} onChange={setTarget} w={160} />
      <Button
        variant="default"
        onClick={() => add.mutate(undefined, { onSuccess: () => setTitle("") })}
        loading={add.isPending}
        data-testid="milestone-add"
      >
        {t("plan.addMilestone")}
      </Button>
    </Group>
  );
}

/** The tasks linked to a milestone, listed on demand from its done/total count; each opens its task page. */
function MilestoneTasks({ projectId, milestone: m }: { projectId: string; milestone: Milestone }) {
  const { t } = useTranslation();
  return (
    <Popover position="bottom-end" withinPortal shadow="md">
      <Popover.Target>
        <UnstyledButton
          aria-label={t("plan.milestoneTasks", { title: m.title })}
          data-testid="milestone-tasks"
          disabled={m.task_count === 0}
        >
          <Text size="sm" td={m.task_count ? "underline dotted" : undefined}>
            {m.task_count - m.open_task_count}/{m.task_count}
          </Text>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown maw={360}>
        <MilestoneTaskList projectId={projectId} milestoneId={m.id} />
      </Popover.Dropdown>
    </Popover>
  );
}

function MilestoneTaskList({ projectId, milestoneId }: { projectId: string; milestoneId: string }) {
  const { t } = useTranslation();
  const board = useBoard(projectId, { ...NO_BOARD_FILTER, milestone_id: milestoneId });
  const tasks = (board.data ?? []).flatMap((c) => c.tasks);
  return (
    <Stack gap={4} data-testid="milestone-task-list">
      {tasks.map((x) => (
        <Group key={x.id} gap={6} wrap="nowrap" justify="space-between">
          <Anchor component={Link} to={`/tasks/${x.id}`} size="sm" lineClamp={1}>
            {x.title}
          </Anchor>
          <Text size="xs" c="dimmed">
            {t(`taskStatus.${x.status}`)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

/** The project's milestones with their task counts; ticking one marks it done today. */
export function MilestoneList({ projectId, milestones }: { projectId: string; milestones: Milestone[] }) {
  const { t } = useTranslation();
  const del = usePlanPartDelete("milestone");
  const save = usePlanMutation((m: Milestone) =>
    unwrap(
      commands.milestoneUpdate(m.id, {
        title: m.title,
        target_date: m.target_date,
        status: m.status === "done" ? "open" : "done",
        done_on: null,
      }),
    ),
  );
  return (
    <Section title={t("plan.milestones")}>
      <Stack gap="sm">
        {milestones.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("plan.noMilestones")}
          </Text>
        ) : (
          <Table fz="sm" verticalSpacing={4} data-testid="milestone-list">
            <Table.Tbody>
              {milestones.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td w={32}>
                    <Checkbox
                      aria-label={m.title}
                      checked={m.status === "done"}
                      disabled={m.status === "cancelled"}
                      onChange={() => save.mutate(m)}
                    />
                  </Table.Td>
                  <Table.Td>{m.title}</Table.Td>
                  <Table.Td>{formatDate(m.target_date)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={m.status === "done" ? "green" : "gray"} size="sm">
                      {t(`plan.milestoneStatus.${m.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">
                    <MilestoneTasks projectId={projectId} milestone={m} />
                  </Table.Td>
                  <Table.Td w={32}>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={t("actions.deleteNamed", { name: m.title })}
                      onClick={() => void del(m.id, m.title)}
                    >
                      <IconTrash size={14} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <AddMilestone projectId={projectId} />
      </Stack>
    </Section>
  );
}
