import { useState } from "react";
import { Button, Group, List, Select, SimpleGrid, Stack, Table, Text, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { commands, type ProjectHealth, type Rag } from "../../bindings";
import { Section } from "../../components/Detail";
import { DateField } from "../../components/DateField";
import { QueryError, ListSkeleton } from "../../components/ListPage";
import { formatDate, todayIso } from "../../lib/format";
import { unwrap } from "../../lib/ipc";
import { reasonText, useOverview, usePlanMutation } from "./api";
import { formatMinor } from "./money";
import { MilestoneList } from "./Milestones";
import { HealthBadge } from "./ProjectRow";

function HealthPanel({ projectId, health }: { projectId: string; health: ProjectHealth }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [rag, setRag] = useState<Rag>(health.manual?.rag ?? health.computed);
  const [comment, setComment] = useState(health.manual?.comment ?? "");
  const [until, setUntil] = useState<string>(health.manual?.until ?? todayIso());
  const save = usePlanMutation((manual: { rag: Rag; comment: string; until: string } | null) =>
    unwrap(commands.projectHealthOverride(projectId, manual)),
  );
  return (
    <Section title={t("plan.health")}>
      <Stack gap="xs">
        <Group gap="xs">
          <HealthBadge rag={health.rag} testId="project-health" />
          {health.override_active && (
            <Text size="xs" c="dimmed">
              {t("plan.healthComputed", { rag: t(`plan.rag.${health.computed}`) })}
            </Text>
          )}
        </Group>
        {health.reasons.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("plan.noReasons")}
          </Text>
        ) : (
          <List size="sm" spacing={4} data-testid="health-reasons">
            {health.reasons.map((r, i) => (
              <List.Item key={i}>{reasonText(t, r)}</List.Item>
            ))}
          </List>
        )}
        {health.manual && !health.override_active && (
          <Text size="xs" c="dimmed">
            {t("plan.override.expired", { until: formatDate(health.manual.until) })}
          </Text>
        )}
        {editing ? (
          <Stack gap="xs">
            <Select
              label={t("plan.health")}
              data={(["green", "amber", "red"] as const).map((r) => ({
                value: r,
                label: t(`plan.rag.${r}`),
              }))}
              value={rag}
              onChange={(v) => v && setRag(v as Rag)}
              allowDeselect={false}
            />
            <TextInput
              label={t("plan.override.comment")}
              value={comment}
              onChange={(e) => setComment(e.currentTarget.value)}
              data-testid="override-comment"
            />
            <DateField label={t("plan.override.until")} value={until} onChange={setUntil} />
            <Group gap="xs">
              <Button
                size="xs"
                onClick={() => save.mutate({ rag, comment, until }, { onSuccess: () => setEditing(false) })}
                loading={save.isPending}
              >
                {t("plan.override.save")}
              </Button>
              <Button size="xs" variant="default" onClick={() => setEditing(false)}>
                {t("actions.cancel")}
              </Button>
            </Group>
          </Stack>
        ) : (
          <Group gap="xs">
            <Button size="xs" variant="default" onClick={() => setEditing(true)} data-testid="override-open">
              {t("plan.override.set")}
            </Button>
            {health.manual && (
              <Button size="xs" variant="subtle" color="gray" onClick={() => save.mutate(null)}>
                {t("plan.override.clear")}
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </Section>
  );
}

export function OverviewTab({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const q = useOverview(projectId);
  if (q.isPending) return <ListSkeleton rows={4} />;
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const o = q.data;
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <HealthPanel key={JSON.stringify(o.health.manual)} projectId={projectId} health={o.health} />
        <Section title={t("plan.statusCounts")}>
          <Table fz="sm" verticalSpacing={4}>
            <Table.Tbody>
              {o.status_counts.map(([s, n]) => (
                <Table.Tr key={s}>
                  <Table.Td>{t(`taskStatus.${s}`)}</Table.Td>
                  <Table.Td ta="right">{n}</Table.Td>
                </Table.Tr>
              ))}
              <Table.Tr>
                <Table.Td c="red">{t("plan.overdue")}</Table.Td>
                <Table.Td ta="right" c="red">
                  {o.overdue_tasks}
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          {o.budget.map((b) => (
            <Text key={b.currency} size="sm" mt="xs">
              {t("plan.budget.actual")} {formatMinor(b.actual, b.currency)} / {t("plan.budget.planned")}{" "}
              {formatMinor(b.planned, b.currency)}
            </Text>
          ))}
        </Section>
      </SimpleGrid>
      <MilestoneList projectId={projectId} milestones={o.milestones} />
    </Stack>
  );
}
