import { Suspense, useState } from "react";
import { Anchor, Badge, Button, Group, Menu, Paper, Stack, Text, Tooltip } from "@mantine/core";
import { IconAlertTriangle, IconChevronDown, IconHistory, IconPencil, IconScale } from "@tabler/icons-react";
import { keepPreviousData, useQuery, type QueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { commands, type ConflictQuery, type ConflictStatus, type DeptConflict } from "../../bindings";
import { Section } from "../../components/Detail";
import { PanelHeader } from "../../components/PanelHeader";
import { deletedLabel, isDeletedRef, RefName } from "../../components/RefName";
import { formatDate, formatDateTime } from "../../lib/format";
import { unwrap } from "../../lib/ipc";
import { lazyNamed } from "../../lib/lazyNamed";

// A conflict's card and the dashboard's "due for review" panel. The card's forms, its delete button and the options'
// Markdown come from the conflicts page's chunk when first shown, so the dashboard loads without them.
const ConflictForm = lazyNamed(() => import("./Conflicts"), "ConflictForm");
const StatusForm = lazyNamed(() => import("./Conflicts"), "StatusForm");
const DeleteConflict = lazyNamed(() => import("./Conflicts"), "DeleteConflict");
const Markdown = lazyNamed(() => import("../../components/Markdown"), "Markdown");

/** Where each status may go next (the backend refuses anything else). */
export const CONFLICT_NEXT: Record<ConflictStatus, ConflictStatus[]> = {
  open: ["mediating", "resolved", "escalated"],
  mediating: ["resolved", "escalated", "open"],
  escalated: ["mediating", "resolved"],
  resolved: ["open"],
};

const STATUS_COLOR: Record<ConflictStatus, string> = {
  open: "orange",
  mediating: "blue",
  escalated: "red",
  resolved: "teal",
};

export async function invalidateConflicts(client: QueryClient) {
  await Promise.all([["conflict"], ["dashboard"]].map((queryKey) => client.invalidateQueries({ queryKey })));
}

export function ConflictStatusBadge({ status }: { status: ConflictStatus }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={STATUS_COLOR[status]}
      variant="light"
      data-testid="conflict-status-label"
      data-status={status}
    >
      {t(`conflict.status.${status}`)}
    </Badge>
  );
}

export function ConflictCard({
  conflict: k,
  compact = false,
}: {
  conflict: DeptConflict;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [moving, setMoving] = useState<ConflictStatus | null>(null);
  const [history, setHistory] = useState(false);
  return (
    <Paper withBorder p="sm" radius="md" data-testid="conflict-row" data-id={k.id} data-status={k.status}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <IconScale size={16} aria-hidden style={{ flexShrink: 0 }} />
            <Text fw={500} size="sm" truncate data-testid="conflict-title">
              {k.title}
            </Text>
          </Group>
          <Group gap={6} wrap="nowrap">
            {k.review_due && (
              <Badge
                color="red"
                variant="light"
                leftSection={<IconAlertTriangle size={12} />}
                data-testid="conflict-review-due"
              >
                {t("conflict.reviewDue")}
              </Badge>
            )}
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button
                  size="compact-xs"
                  radius="xl"
                  color={STATUS_COLOR[k.status]}
                  variant="outline"
                  rightSection={<IconChevronDown size={12} aria-hidden />}
                  style={{ flexShrink: 0 }}
                  data-testid="conflict-status"
                  aria-label={t("conflict.changeStatus", { status: t(`conflict.status.${k.status}`) })}
                >
                  {t(`conflict.status.${k.status}`)}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {CONFLICT_NEXT[k.status].map((s) => (
                  <Menu.Item key={s} onClick={() => setMoving(s)} data-testid={`conflict-to-${s}`}>
                    {t(`conflict.to.${s}`)}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
            {!compact && (
              <Tooltip label={t("actions.edit")}>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="gray"
                  onClick={() => setEditing(true)}
                  aria-label={t("conflict.editNamed", { title: k.title })}
                  data-testid="conflict-edit"
                >
                  <IconPencil size={14} />
                </Button>
              </Tooltip>
            )}
            {!compact && (
              <Suspense fallback={null}>
                <DeleteConflict conflict={k} />
              </Suspense>
            )}
          </Group>
        </Group>
        <Stack gap={2} data-testid="conflict-sides">
          {k.sides.map((s) => (
            <Text size="sm" key={s.organization_id}>
              <Anchor component={Link} to={`/organizations/${s.organization_id}`} size="sm" fw={500}>
                <RefName name={s.organization_name} deleted={s.deleted} />
              </Anchor>
              {s.position ? `${t("conflict.positionSep")}${s.position}` : ""}
            </Text>
          ))}
        </Stack>
        <Text size="xs" c="dimmed">
          {[
            k.mediator_name &&
              t("conflict.mediatedBy", {
                name: deletedLabel(t, k.mediator_name, isDeletedRef(k, "mediator_contact_id")),
              }),
            k.review_date && t("conflict.reviewOn", { date: formatDate(k.review_date) }),
          ]
            .filter(Boolean)
            .join(" · ")}
        </Text>
        {!compact && k.options && (
          <Stack gap={0}>
            <Text size="xs" c="dimmed" fw={500}>
              {t("conflict.options")}
            </Text>
            <Suspense fallback={null}>
              <Markdown source={k.options} />
            </Suspense>
          </Stack>
        )}
        {k.resolution && (
          <Stack gap={0} data-testid="conflict-resolution">
            <Text size="xs" c="dimmed" fw={500}>
              {t("conflict.resolution")}
            </Text>
            <Text size="sm">{k.resolution}</Text>
          </Stack>
        )}
        {!compact && (
          <Group gap="xs">
            <Button
              size="compact-xs"
              variant="subtle"
              leftSection={<IconHistory size={14} />}
              onClick={() => setHistory((h) => !h)}
              data-testid="conflict-history-toggle"
            >
              {t("conflict.history", { count: k.history.length })}
            </Button>
          </Group>
        )}
        {history && (
          <Stack gap={4} data-testid="conflict-history" pl="md">
            {k.history.map((e) => (
              <Text size="xs" key={e.id} data-testid="conflict-event">
                {formatDateTime(e.at)} ·{" "}
                {e.from_status
                  ? t("conflict.changed", {
                      from: t(`conflict.status.${e.from_status}`),
                      to: t(`conflict.status.${e.to_status}`),
                    })
                  : t("conflict.recorded")}{" "}
                · {e.by_name ?? t("conflict.me")}
                {e.note ? ` · ${e.note}` : ""}
              </Text>
            ))}
          </Stack>
        )}
      </Stack>
      <Suspense fallback={null}>
        {editing && <ConflictForm conflict={k} onClose={() => setEditing(false)} />}
        {moving && <StatusForm conflict={k} to={moving} onClose={() => setMoving(null)} />}
      </Suspense>
    </Paper>
  );
}

export function useConflicts(query: ConflictQuery) {
  return useQuery({
    queryKey: ["conflict", query],
    queryFn: () => unwrap(commands.conflictList(query)),
    // While a new search runs the cards stay (and keep an open history) instead of blinking out.
    placeholderData: keepPreviousData,
  });
}

export const ALL: ConflictQuery = {
  organization_id: null,
  search: null,
  active_only: false,
  review_due_only: false,
  limit: 200,
};

/** The dashboard's conflicts due for review (not resolved, review date today or earlier). */
export function ConflictsDuePanel() {
  const { t } = useTranslation();
  const q = useConflicts({ ...ALL, review_due_only: true });
  const list = q.data ?? [];
  const shown = list.slice(0, 5);
  return (
    <Section
      testId="conflicts-due"
      header={
        <PanelHeader
          title={t("conflict.dueTitle")}
          titleOf="conflict.dueOf"
          shown={shown.length}
          total={list.length}
          // The panel already shows every conflict due when there are five or fewer.
          to={list.length > shown.length ? "/conflicts?review=due" : undefined}
          linkTestId="conflicts-due-all"
        />
      }
    >
      <Stack gap="xs">
        {q.isSuccess && list.length === 0 && (
          <Text size="sm" c="dimmed">
            {t("conflict.noneDue")}
          </Text>
        )}
        {shown.map((k) => (
          <ConflictCard key={k.id} conflict={k} compact />
        ))}
      </Stack>
    </Section>
  );
}
