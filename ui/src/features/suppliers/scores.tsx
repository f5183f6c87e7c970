import { Anchor, Badge, Group, Stack, Text } from "@mantine/core";
import { IconArrowDownRight, IconArrowUpRight } from "@tabler/icons-react";
import { useQuery, type QueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { commands, type SupplierScore } from "../../bindings";
import { Section } from "../../components/Detail";
import { PanelHeader } from "../../components/PanelHeader";
import { unwrap } from "../../lib/ipc";

// Supplier scores as the dashboard shows them, kept apart from the scorecard so they load without its forms.

export async function invalidateScores(client: QueryClient) {
  await Promise.all([["scorecard"], ["dashboard"]].map((queryKey) => client.invalidateQueries({ queryKey })));
}

/** A score as a coloured number with words for the band: colour is never the only signal. */
export function ScoreBadge({ score, size = "md" }: { score: number; size?: "md" | "lg" | "xl" }) {
  const { t } = useTranslation();
  const band = score >= 80 ? "good" : score >= 60 ? "fair" : "poor";
  const color = { good: "teal", fair: "yellow", poor: "red" }[band];
  return (
    <Badge color={color} variant="light" size={size} data-testid="score" data-score={score}>
      {score} · {t(`scorecard.band.${band}`)}
    </Badge>
  );
}

export function useScores() {
  return useQuery({ queryKey: ["scorecard", "all"], queryFn: () => unwrap(commands.supplierScores()) });
}

export function Trend({ s }: { s: SupplierScore }) {
  const { t } = useTranslation();
  if (s.previous_quarter === null || s.this_quarter === null) return null;
  const up = s.this_quarter >= s.previous_quarter;
  return (
    <Group
      gap={4}
      wrap="nowrap"
      aria-label={t("scorecard.trendLabel", { from: s.previous_quarter, to: s.this_quarter })}
    >
      {up ? (
        <IconArrowUpRight size={14} aria-hidden />
      ) : (
        <IconArrowDownRight size={14} aria-hidden color="red" />
      )}
      <Text size="sm">
        {s.previous_quarter} → {s.this_quarter}
      </Text>
    </Group>
  );
}

/** The dashboard's suppliers whose score fell from last quarter to this one. */
export function ScoreDroppedPanel() {
  const { t } = useTranslation();
  const q = useScores();
  const dropped = (q.data ?? []).filter((s) => s.dropped).sort((a, b) => a.score - b.score);
  const shown = dropped.slice(0, 5);
  return (
    <Section
      testId="scores-dropped"
      header={
        <PanelHeader
          title={t("scorecard.droppedTitle")}
          titleOf="scorecard.droppedOf"
          shown={shown.length}
          total={dropped.length}
          to="/directory/suppliers?sort=score"
          linkTestId="scores-all"
        />
      }
    >
      <Stack gap="xs">
        {q.isSuccess && dropped.length === 0 && (
          <Text size="sm" c="dimmed">
            {t("scorecard.noneDropped")}
          </Text>
        )}
        {shown.map((s) => (
          <Group
            key={s.organization_id}
            justify="space-between"
            wrap="nowrap"
            data-testid="score-dropped-row"
          >
            <Anchor component={Link} to={`/organizations/${s.organization_id}`} size="sm" truncate>
              {s.organization_name}
            </Anchor>
            <Group gap="xs" wrap="nowrap">
              <Trend s={s} />
              <ScoreBadge score={s.score} />
            </Group>
          </Group>
        ))}
      </Stack>
    </Section>
  );
}
