import {
  Badge,
  Box,
  Group,
  Popover,
  ScrollArea,
  Skeleton,
  Stack,
  Table,
  Text,
  UnstyledButton,
} from "@mantine/core";
import { IconAlertTriangle, IconBuilding, IconUser } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { PlannerEvent, RangeQuery, WorkloadCell, WorkloadRow } from "../../bindings";
import { dateTimeFormat, formatShortDate, formatTime, locale, numberFormat } from "../../lib/format";
import { useWorkload } from "./api";

function hours(minutes: number): string {
  return numberFormat(locale(), { maximumFractionDigits: 1 }).format(minutes / 60);
}

function weekday(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return dateTimeFormat(locale(), { weekday: "short", timeZone: "UTC" }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

function Cell({
  row,
  cell,
  events,
}: {
  row: WorkloadRow;
  cell: WorkloadCell;
  events: Map<string, PlannerEvent>;
}) {
  const { t } = useTranslation();
  const label =
    cell.capacity_minutes === null
      ? hours(cell.booked_minutes)
      : `${hours(cell.booked_minutes)} / ${hours(cell.capacity_minutes)}`;
  const ratio = cell.capacity_minutes ? Math.min(1, cell.booked_minutes / cell.capacity_minutes) : 0;
  const empty = cell.booked_minutes === 0;
  return (
    <Popover width={300} position="bottom" withArrow shadow="md" disabled={empty}>
      <Popover.Target>
        <UnstyledButton
          className="ld-workload-cell"
          data-over={cell.over}
          data-testid={`workload-cell-${row.id}-${cell.date}`}
          aria-label={t("planner.workloadCell", {
            name: row.name,
            date: formatShortDate(cell.date),
            booked: label,
          })}
          style={{ ["--ld-load" as string]: `${Math.round(ratio * 100)}%` }}
        >
          {cell.over && <IconAlertTriangle size={12} aria-hidden />}
          <Text span size="xs" c={empty ? "dimmed" : undefined} fw={cell.over ? 700 : 400}>
            {empty ? "–" : label}
          </Text>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown data-testid="workload-detail">
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {row.name} · {formatShortDate(cell.date)}
          </Text>
          {cell.over && (
            <Text size="xs" c="red">
              {t("planner.overCapacity")}
            </Text>
          )}
          {cell.event_keys.map((k) => {
            const e = events.get(k);
            return e ? (
              <Text size="xs" key={k}>
                {formatTime(e.start)}–{formatTime(e.end)} {e.title}
              </Text>
            ) : null;
          })}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

/** Resource allocation: departments and people against the days of the visible range. */
export function WorkloadView({ range }: { range: RangeQuery | null }) {
  const { t } = useTranslation();
  const { data, isPending } = useWorkload(range);
  if (isPending || !data) return <Skeleton h={300} />;
  const events = new Map(data.events.map((e) => [e.key, e]));
  if (data.rows.length === 0)
    return (
      <Text c="dimmed" ta="center" py="xl">
        {t("planner.workloadEmpty")}
      </Text>
    );
  return (
    <ScrollArea h="100%" data-testid="workload">
      <Table
        withColumnBorders
        stickyHeader
        className="ld-workload"
        layout="fixed"
        miw={170 + data.days.length * 80}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={170}>{t("planner.workloadWho")}</Table.Th>
            {data.days.map((d) => (
              <Table.Th key={d} ta="center">
                <Text size="xs" c="dimmed">
                  {weekday(d)}
                </Text>
                <Text size="sm">{formatShortDate(d)}</Text>
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.rows.map((row) => (
            <Table.Tr key={row.id} data-testid="workload-row" data-kind={row.kind}>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  {row.kind === "department" ? (
                    <IconBuilding size={14} aria-hidden />
                  ) : (
                    <IconUser size={14} aria-hidden />
                  )}
                  <Box style={{ minWidth: 0 }}>
                    <Text size="sm" truncate>
                      {row.name}
                    </Text>
                  </Box>
                  {row.cells.some((c) => c.over) && (
                    <Badge size="xs" color="red" variant="light">
                      {t("planner.over")}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              {row.cells.map((c) => (
                <Table.Td key={c.date} p={2}>
                  <Cell row={row} cell={c} events={events} />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}
