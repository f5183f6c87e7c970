import { useState } from "react";
import { ActionIcon, Button, Group, Stack, Table, Text, TextInput } from "@mantine/core";
import { IconPencil, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { commands, type BudgetLine, type BurnSeries } from "../../bindings";
import { BudgetLineForm } from "./BudgetLineForm";
import { Section } from "../../components/Detail";
import { DateField } from "../../components/DateField";
import { ListSkeleton, QueryError } from "../../components/ListPage";
import { formatShortDate, todayIso } from "../../lib/format";
import { unwrap } from "../../lib/ipc";
import { useBudget, usePlanMutation } from "./api";
import { usePlanPartDelete } from "./planDelete";
import { formatMinor, parseMinor, scale } from "./money";

const W = 560;
const H = 160;

/** Cumulative actual spend against the planned total; amounts stay integer strings until they become pixels. */
export function BurnChart({ series }: { series: BurnSeries }) {
  const { t } = useTranslation();
  const pts = series.points;
  const spent = pts.length ? pts[pts.length - 1].spent : "0";
  const max = BigInt(spent) > BigInt(series.planned) ? spent : series.planned;
  const x = (i: number) => (pts.length <= 1 ? W / 2 : 20 + (i * (W - 40)) / (pts.length - 1));
  const y = (v: string) => H - 10 - scale(v, max, H - 20);
  const path = pts.map((p, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(p.spent).toFixed(1)}`).join(" ");
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      width="100%"
      role="img"
      aria-label={`${t("plan.budget.burn")} ${series.currency}`}
      data-testid={`burn-${series.currency}`}
    >
      <line
        x1={0}
        x2={W}
        y1={y(series.planned)}
        y2={y(series.planned)}
        stroke="var(--mantine-color-gray-5)"
        strokeDasharray="4 3"
      />
      <text
        x={W - 4}
        y={y(series.planned) - 4}
        textAnchor="end"
        fontSize={10}
        fill="var(--mantine-color-dimmed)"
      >
        {t("plan.budget.planned")} {formatMinor(series.planned, series.currency)}
      </text>
      <path d={path} fill="none" stroke="var(--mantine-color-blue-6)" strokeWidth={2} />
      {pts.map((p, i) => (
        <circle key={p.date} cx={x(i)} cy={y(p.spent)} r={3} fill="var(--mantine-color-blue-6)">
          <title>{`${formatShortDate(p.date)}: ${formatMinor(p.spent, series.currency)}`}</title>
        </circle>
      ))}
    </svg>
  );
}

function AddLine({ projectId, currency }: { projectId: string; currency: string }) {
  const { t } = useTranslation();
  const [category, setCategory] = useState("");
  const [planned, setPlanned] = useState("");
  const [actual, setActual] = useState("");
  const [cur, setCur] = useState(currency);
  const [day, setDay] = useState(todayIso());
  const p = parseMinor(planned || "0", cur);
  const a = parseMinor(actual || "0", cur);
  const add = usePlanMutation(() =>
    unwrap(
      commands.budgetLineCreate(projectId, {
        category,
        description: null,
        planned: p ?? "0",
        actual: a ?? "0",
        currency: cur,
        spent_on: day || null,
      }),
    ),
  );
  return (
    <Group align="flex-end" gap="xs" wrap="wrap">
      <TextInput
        label={t("plan.budget.category")}
        value={category}
        onChange={(e) => setCategory(e.currentTarget.value)}
        w={180}
      />
      <TextInput
        label={t("plan.budget.planned")}
        value={planned}
        onChange={(e) => setPlanned(e.currentTarget.value)}
        error={p === null ? t("plan.budget.badAmount") : undefined}
        w={130}
        inputMode="decimal"
      />
      <TextInput
        label={t("plan.budget.actual")}
        value={actual}
        onChange={(e) => setActual(e.currentTarget.value)}
        error={a === null ? t("plan.budget.badAmount") : undefined}
        w={130}
        inputMode="decimal"
      />
      <TextInput
        label={t("plan.budget.currency")}
        value={cur}
        onChange={(e) => setCur(e.currentTarget.value.toUpperCase())}
        w={80}
      />
      <DateField label={t("plan.budget.spentOn")} value={day} onChange={setDay} w={150} />
      <Button
        disabled={p === null || a === null}
        loading={add.isPending}
        onClick={() =>
          add.mutate(undefined, { onSuccess: () => (setCategory(""), setPlanned(""), setActual("")) })
        }
      >
        {t("plan.budget.add")}
      </Button>
    </Group>
  );
}

export function BudgetTab({ projectId, currency }: { projectId: string; currency: string }) {
  const { t } = useTranslation();
  const q = useBudget(projectId);
  const del = usePlanPartDelete("budget_line");
  const [editing, setEditing] = useState<BudgetLine | null>(null);
  if (q.isPending) return <ListSkeleton rows={4} />;
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const b = q.data;
  return (
    <Stack gap="md">
      <AddLine projectId={projectId} currency={currency} />
      <Section title={t("plan.budget.totals")}>
        {b.totals.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("plan.budget.empty")}
          </Text>
        ) : (
          <Table fz="sm" data-testid="budget-totals">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("plan.budget.currency")}</Table.Th>
                <Table.Th ta="right">{t("plan.budget.planned")}</Table.Th>
                <Table.Th ta="right">{t("plan.budget.actual")}</Table.Th>
                <Table.Th ta="right">{t("plan.budget.variance")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {b.totals.map((x) => (
                <Table.Tr key={x.currency}>
                  <Table.Td>{x.currency}</Table.Td>
                  <Table.Td ta="right">{formatMinor(x.planned, x.currency)}</Table.Td>
                  <Table.Td ta="right">{formatMinor(x.actual, x.currency)}</Table.Td>
                  <Table.Td ta="right" c={BigInt(x.variance) > 0n ? "red" : undefined}>
                    {formatMinor(x.variance, x.currency)}
                    {x.over_percent ? ` (${t("plan.budget.over", { pct: x.over_percent })})` : ""}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Section>
      {b.burn.map((s) => (
        <Section key={s.currency} title={`${t("plan.budget.burn")} · ${s.currency}`}>
          <BurnChart series={s} />
        </Section>
      ))}
      {b.lines.length > 0 && (
        <Section title={t("plan.tabs.budget")}>
          <Table fz="sm" verticalSpacing={4} data-testid="budget-lines">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("plan.budget.category")}</Table.Th>
                <Table.Th>{t("plan.budget.spentOn")}</Table.Th>
                <Table.Th ta="right">{t("plan.budget.planned")}</Table.Th>
                <Table.Th ta="right">{t("plan.budget.actual")}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {b.lines.map((l) => (
                <Table.Tr key={l.id}>
                  <Table.Td>{l.category}</Table.Td>
                  <Table.Td>{l.spent_on ? formatShortDate(l.spent_on) : "—"}</Table.Td>
                  <Table.Td ta="right">{formatMinor(l.planned, l.currency)}</Table.Td>
                  <Table.Td ta="right">{formatMinor(l.actual, l.currency)}</Table.Td>
                  <Table.Td w={64}>
                    <Group gap={2} wrap="nowrap">
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={t("actions.editNamed", { name: l.category })}
                        onClick={() => setEditing(l)}
                        data-testid="budget-line-edit"
                      >
                        <IconPencil size={14} />
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={t("actions.deleteNamed", { name: l.category })}
                        onClick={() => void del(l.id, l.category)}
                      >
                        <IconTrash size={14} />
                      </ActionIcon>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Section>
      )}
      {editing && <BudgetLineForm line={editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
