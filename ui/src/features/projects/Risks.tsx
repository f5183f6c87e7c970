import { useState } from "react";
import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { IconFlag, IconListCheck, IconPencil, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { commands, type Risk, type RiskLevel, type RiskStatus } from "../../bindings";
import { EntityPicker, loaders } from "../../components/EntityPicker";
import { Section } from "../../components/Detail";
import { ListSkeleton, QueryError } from "../../components/ListPage";
import { formatShortDate } from "../../lib/format";
import { unwrap } from "../../lib/ipc";
import { usePlanMutation, useRisks } from "./api";
import { usePlanPartDelete } from "./planDelete";
import { ONE_TO_FIVE, RISK_STATUSES, ReviewForm, RiskForm, riskInput } from "./RiskForm";

const LEVEL_COLOR: Record<RiskLevel, string> = { low: "green", medium: "yellow", high: "red" };
const contacts = loaders.contacts();

/** Same thresholds as the backend (domain::plan::risk_level): high from 15, medium from 7. */
export function levelOf(score: number): RiskLevel {
  return score >= 15 ? "high" : score >= 7 ? "medium" : "low";
}

/** Open risks counted per (probability, impact) cell; impact across, probability up. */
export function heatCounts(risks: Risk[]): number[][] {
  const grid = Array.from({ length: 5 }, () => Array<number>(5).fill(0));
  for (const r of risks) {
    if (r.status === "closed") continue;
    grid[r.probability - 1][r.impact - 1] += 1;
  }
  return grid;
}

function HeatMap({ risks }: { risks: Risk[] }) {
  const { t } = useTranslation();
  const grid = heatCounts(risks);
  const shades: Record<RiskLevel, string> = {
    low: "var(--mantine-color-green-light)",
    medium: "var(--mantine-color-yellow-light)",
    high: "var(--mantine-color-red-light)",
  };
  return (
    <Section title={t("plan.risks.heatMap")}>
      <Box
        role="table"
        aria-label={t("plan.risks.heatMap")}
        data-testid="risk-heatmap"
        style={{
          display: "grid",
          gridTemplateColumns: "auto repeat(5, 40px)",
          gap: 3,
          alignItems: "center",
          width: "max-content",
        }}
      >
        {[5, 4, 3, 2, 1].map((p) => (
          <Box key={p} style={{ display: "contents" }} role="row">
            <Text size="xs" c="dimmed" pr={4} ta="right">
              {t("plan.risks.probability")} {p}
            </Text>
            {[1, 2, 3, 4, 5].map((i) => {
              const n = grid[p - 1][i - 1];
              return (
                <Box
                  key={i}
                  role="cell"
                  aria-label={`${t("plan.risks.probability")} ${p} × ${t("plan.risks.impact")} ${i}: ${n}`}
                  data-testid={`heat-${p}-${i}`}
                  style={{
                    height: 32,
                    borderRadius: 4,
                    background: shades[levelOf(p * i)],
                    display: "grid",
                    placeItems: "center",
                    fontWeight: n ? 700 : 400,
                  }}
                >
                  {n || ""}
                </Box>
              );
            })}
          </Box>
        ))}
        <span />
        {[1, 2, 3, 4, 5].map((i) => (
          <Text key={i} size="xs" c="dimmed" ta="center">
            {t("plan.risks.impact")} {i}
          </Text>
        ))}
      </Box>
    </Section>
  );
}

function AddRisk({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState("");
  const [p, setP] = useState("3");
  const [i, setI] = useState("3");
  const [mitigation, setMitigation] = useState("");
  const [owner, setOwner] = useState<string | null>(null);
  const add = usePlanMutation(() =>
    unwrap(
      commands.riskCreate(projectId, {
        title,
        description: null,
        probability: Number(p),
        impact: Number(i),
        owner_contact_id: owner,
        mitigation: mitigation.trim() || null,
        due_date: null,
        status: "open",
        task_ids: null,
      }),
    ),
  );
  return (
    <Group align="flex-end" gap="xs" wrap="wrap">
      <TextInput
        label={t("plan.risks.title")}
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
        w={260}
        data-testid="risk-title"
      />
      <Select
        label={t("plan.risks.probability")}
        data={ONE_TO_FIVE}
        value={p}
        onChange={(v) => v && setP(v)}
        w={90}
        data-testid="risk-probability"
        allowDeselect={false}
      />
      <Select
        label={t("plan.risks.impact")}
        data={ONE_TO_FIVE}
        value={i}
        onChange={(v) => v && setI(v)}
        w={90}
        data-testid="risk-impact"
        allowDeselect={false}
      />
      <EntityPicker label={t("plan.risks.owner")} loader={contacts} value={owner} onChange={setOwner} />
      <TextInput
        label={t("plan.risks.mitigation")}
        value={mitigation}
        onChange={(e) => setMitigation(e.currentTarget.value)}
        w={240}
      />
      <Button
        onClick={() => add.mutate(undefined, { onSuccess: () => (setTitle(""), setMitigation("")) })}
        loading={add.isPending}
        data-testid="risk-add"
      >
        {t("plan.risks.add")}
      </Button>
    </Group>
  );
}

/** The risk's status, changed in place (a closed risk no longer counts towards health). */
function RiskStatusSelect({ risk }: { risk: Risk }) {
  const { t } = useTranslation();
  const save = usePlanMutation((status: RiskStatus) =>
    unwrap(commands.riskUpdate(risk.id, riskInput(risk, { status }))),
  );
  return (
    <Select
      aria-label={t("plan.risks.status")}
      size="xs"
      w={110}
      data={RISK_STATUSES.map((s) => ({ value: s, label: t(`plan.risks.statusName.${s}`) }))}
      value={risk.status}
      onChange={(v) => v && v !== risk.status && save.mutate(v as RiskStatus)}
      allowDeselect={false}
    />
  );
}

export function RisksTab({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const q = useRisks(projectId);
  const del = usePlanPartDelete("risk");
  const [editing, setEditing] = useState<Risk | null>(null);
  const [reviewing, setReviewing] = useState<Risk | null>(null);
  if (q.isPending) return <ListSkeleton rows={4} />;
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const risks = q.data;
  return (
    <Stack gap="md">
      <AddRisk projectId={projectId} />
      <SimpleGrid cols={{ base: 1, xl: 2 }}>
        <Section title={t("plan.tabs.risks")}>
          {risks.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t("plan.risks.empty")}
            </Text>
          ) : (
            <Table fz="sm" verticalSpacing={6} data-testid="risk-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("plan.risks.title")}</Table.Th>
                  <Table.Th>{t("plan.risks.score")}</Table.Th>
                  <Table.Th>{t("plan.risks.status")}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {risks.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        {r.flagged && (
                          <Tooltip label={t("plan.risks.flagged")}>
                            <IconFlag
                              size={14}
                              color="var(--mantine-color-red-6)"
                              aria-label={t("plan.risks.flagged")}
                            />
                          </Tooltip>
                        )}
                        <Text size="sm">{r.title}</Text>
                      </Group>
                      {r.tasks.length > 0 && (
                        <Group gap={4} wrap="nowrap" data-testid="risk-tasks">
                          <IconListCheck size={12} aria-label={t("plan.risks.tasks")} />
                          <Text size="xs" c="dimmed" lineClamp={1}>
                            {r.tasks
                              .map((x) => (x.deleted ? t("ref.deletedLabel", { name: x.title }) : x.title))
                              .join("、")}
                          </Text>
                        </Group>
                      )}
                      {r.owner_name && (
                        <Text size="xs" c="dimmed">
                          {t("plan.risks.owner")}: {r.owner_name}
                        </Text>
                      )}
                      {r.mitigation && (
                        <Text size="xs" c="dimmed">
                          {t("plan.risks.mitigation")}: {r.mitigation}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Badge color={LEVEL_COLOR[r.level]} variant="light">
                        {r.probability}×{r.impact}={r.score} · {t(`plan.risks.level.${r.level}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <RiskStatusSelect risk={r} />
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Text
                          size="xs"
                          c="dimmed"
                          title={t("plan.risks.reviews", { count: r.reviews.length })}
                        >
                          {r.reviews.length
                            ? t("plan.risks.lastReview", {
                                date: formatShortDate(r.reviews[r.reviews.length - 1].reviewed_on),
                              })
                            : t("plan.risks.reviews", { count: 0 })}
                        </Text>
                        <Button
                          size="compact-xs"
                          variant="default"
                          onClick={() => setReviewing(r)}
                          data-testid="risk-review"
                        >
                          {t("plan.risks.review")}
                        </Button>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={t("actions.editNamed", { name: r.title })}
                          onClick={() => setEditing(r)}
                          data-testid="risk-edit"
                        >
                          <IconPencil size={14} />
                        </ActionIcon>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={t("actions.deleteNamed", { name: r.title })}
                          onClick={() => void del(r.id, r.title)}
                        >
                          <IconTrash size={14} />
                        </ActionIcon>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Section>
        <HeatMap risks={risks} />
      </SimpleGrid>
      {editing && <RiskForm projectId={projectId} risk={editing} onClose={() => setEditing(null)} />}
      {reviewing && <ReviewForm risk={reviewing} onClose={() => setReviewing(null)} />}
    </Stack>
  );
}
