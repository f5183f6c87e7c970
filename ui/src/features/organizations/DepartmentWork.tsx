import { Anchor, Badge, Group, Stack, Text, UnstyledButton } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { commands } from "../../bindings";
import { Section } from "../../components/Detail";
import { unwrap } from "../../lib/ipc";
import { TaskRow } from "../tasks/TaskRow";
import { tasksPath } from "../tasks/TaskRow";

/** A department's open tasks (its own and its people's), the most urgent first; "8 of 23" when there are more. */
export function DepartmentWorkSection({ departmentId }: { departmentId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const q = useQuery({
    queryKey: ["task", "department", departmentId],
    queryFn: () => unwrap(commands.departmentWork(departmentId)),
  });
  const w = q.data;
  const shown = w?.open_tasks.length ?? 0;
  return (
    <Section
      title={
        <Group gap="xs">
          {w && w.open_count > shown
            ? t("department.openTasksOf", { shown, total: w.open_count })
            : t("department.openTasks")}
          {w && w.overdue_count > 0 && (
            <Badge color="red" variant="light" data-testid="department-overdue">
              {t("department.overdue", { count: w.overdue_count })}
            </Badge>
          )}
        </Group>
      }
      testId="department-tasks"
      actions={
        <Anchor component={Link} to={tasksPath("open")} size="sm">
          {t("dashboard.seeAll")}
        </Anchor>
      }
    >
      <Stack gap={0}>
        {q.isSuccess && shown === 0 && (
          <Text size="sm" c="dimmed">
            {t("department.noTasks")}
          </Text>
        )}
        {w?.open_tasks.map((task) => (
          <UnstyledButton
            key={task.id}
            className="ld-row"
            data-testid="department-task"
            onClick={() =>
              navigate(
                task.project_id
                  ? `/projects/${task.project_id}`
                  : task.meeting_id
                    ? `/meetings/${task.meeting_id}`
                    : `/tasks?show=all&task=${encodeURIComponent(task.id)}`,
              )
            }
          >
            <TaskRow task={task} />
          </UnstyledButton>
        ))}
      </Stack>
    </Section>
  );
}
