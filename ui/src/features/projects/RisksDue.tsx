import { Badge, Group, Stack, Text, UnstyledButton } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { commands, type RiskLevel } from "../../bindings";
import { Section } from "../../components/Detail";
import { PanelHeader } from "../../components/PanelHeader";
import { formatDate, formatShortDate } from "../../lib/format";
import { unwrap } from "../../lib/ipc";

const SHOWN = 8;
const LEVEL_COLOR: Record<RiskLevel, string> = { low: "green", medium: "yellow", high: "red" };

/** The dashboard's risks due for review this coming week (overdue ones first); each opens its project's risks. */
export function RisksDuePanel() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  // Under ["project"], so any plan write refreshes it; ["dashboard"] refreshes it with the rest of the page.
  const q = useQuery({ queryKey: ["project", "risks-due"], queryFn: () => unwrap(commands.risksDue(SHOWN)) });
  const items = q.data?.items ?? [];
  const total = q.data?.total ?? 0;
  return (
    <Section
      testId="risks-due"
      header={
        <PanelHeader
          title={t("plan.risks.dueTitle")}
          titleOf="plan.risks.dueOf"
          shown={items.length}
          total={total}
        />
      }
    >
      <Stack gap={4}>
        {q.isSuccess && items.length === 0 && (
          <Text size="sm" c="dimmed">
            {t("plan.risks.noneDue")}
          </Text>
        )}
        {items.map((r) => (
          <UnstyledButton
            key={r.id}
            className="ld-row"
            px="xs"
            py={4}
            data-testid="risk-due"
            onClick={() => navigate(`/projects/${r.project_id}?tab=risks`)}
          >
            <Group gap="sm" wrap="nowrap" justify="space-between">
              <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
                <Badge color={LEVEL_COLOR[r.level]} variant="light" size="sm">
                  {t(`plan.risks.level.${r.level}`)}
                </Badge>
                <Text size="sm" truncate>
                  {r.title}
                </Text>
                <Text size="xs" c="dimmed" truncate>
                  {r.project_name}
                </Text>
              </Group>
              <Group gap={4} wrap="nowrap" title={formatDate(r.due_date)}>
                {r.overdue && <IconAlertTriangle size={14} color="var(--mantine-color-red-6)" aria-hidden />}
                <Text size="sm" c={r.overdue ? "red" : "dimmed"}>
                  {r.overdue
                    ? t("plan.risks.overdueOn", { date: formatShortDate(r.due_date) })
                    : formatShortDate(r.due_date)}
                </Text>
              </Group>
            </Group>
          </UnstyledButton>
        ))}
      </Stack>
    </Section>
  );
}
