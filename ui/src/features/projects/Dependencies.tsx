import { useState } from "react";
import { ActionIcon, Badge, Button, Group, Select, Stack, Table, Text } from "@mantine/core";
import { IconAlertTriangle, IconArrowRight, IconX } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { commands } from "../../bindings";
import { Section } from "../../components/Detail";
import { unwrap } from "../../lib/ipc";
import { useBoard, useDependencies, usePlanMutation } from "./api";
import { NO_BOARD_FILTER } from "./TaskPlanFields";

/** Finish-to-start links between the project's tasks, each with its schedule warning; loops are refused. */
export function DependenciesSection({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const deps = useDependencies(projectId);
  const board = useBoard(projectId, NO_BOARD_FILTER);
  const [pred, setPred] = useState<string | null>(null);
  const [succ, setSucc] = useState<string | null>(null);
  const add = usePlanMutation(({ a, b }: { a: string; b: string }) => unwrap(commands.dependencyAdd(a, b)));
  const remove = usePlanMutation(({ a, b }: { a: string; b: string }) =>
    unwrap(commands.dependencyRemove(a, b)),
  );
  const options = (board.data ?? [])
    .flatMap((c) => c.tasks)
    .map((task) => ({ value: task.id, label: task.title }));
  return (
    <Section title={t("plan.deps.title")}>
      <Stack gap="sm">
        {(deps.data ?? []).length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("plan.deps.empty")}
          </Text>
        ) : (
          <Table fz="sm" verticalSpacing={4} data-testid="dependency-list">
            <Table.Tbody>
              {(deps.data ?? []).map((d) => (
                <Table.Tr key={`${d.predecessor_id}-${d.successor_id}`}>
                  <Table.Td>{d.predecessor_title}</Table.Td>
                  <Table.Td w={24}>
                    <IconArrowRight size={14} aria-label={t("plan.deps.then")} />
                  </Table.Td>
                  <Table.Td>{d.successor_title}</Table.Td>
                  <Table.Td>
                    {d.warning && (
                      <Badge
                        color="yellow"
                        variant="light"
                        leftSection={<IconAlertTriangle size={12} />}
                        data-testid="dependency-warning"
                      >
                        {t(`plan.deps.warning.${d.warning}`)}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td w={32}>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={t("plan.deps.remove")}
                      onClick={() => remove.mutate({ a: d.predecessor_id, b: d.successor_id })}
                    >
                      <IconX size={14} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group align="flex-end" gap="xs">
          <Select
            label={t("plan.deps.predecessor")}
            data={options}
            value={pred}
            onChange={setPred}
            searchable
            w={240}
            data-testid="dependency-predecessor"
          />
          <Select
            label={t("plan.deps.successor")}
            data={options}
            value={succ}
            onChange={setSucc}
            searchable
            w={240}
            data-testid="dependency-successor"
          />
          <Button
            variant="default"
            disabled={!pred || !succ}
            onClick={() => pred && succ && add.mutate({ a: pred, b: succ })}
            data-testid="dependency-add"
          >
            {t("plan.deps.add")}
          </Button>
        </Group>
      </Stack>
    </Section>
  );
}
