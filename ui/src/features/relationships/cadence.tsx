import { Anchor, Badge, Group } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlarmSnooze, IconMessagePlus } from "@tabler/icons-react";
import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { commands, type Cadence, type CadenceStatus } from "../../bindings";
import { formatDate } from "../../lib/format";
import { errorMessage, unwrap } from "../../lib/ipc";
import { plusDays, today } from "../../lib/time";
import { IconButton } from "../../components/IconButton";

// A relationship's cadence as the dashboard shows it, kept apart from the relationship pages so it loads without them.

const STATUS_COLOR: Record<CadenceStatus, string> = { green: "teal", amber: "yellow", red: "red" };

/** Whose relationship: an organization or a contact. */
export type Party =
  { organizationId: string; contactId?: undefined } | { contactId: string; organizationId?: undefined };

/** Everything an interaction or cadence change can alter: timelines, cadences, the losing-touch list, tasks. */
export async function invalidateRelationships(client: QueryClient) {
  await Promise.all(
    [["relationship"], ["task"], ["dashboard"]].map((queryKey) => client.invalidateQueries({ queryKey })),
  );
}

/** A cadence's status as a badge with words, never colour alone. */
export function CadenceBadge({ cadence }: { cadence: Cadence }) {
  const { t } = useTranslation();
  const when =
    cadence.days_left < 0
      ? t("relationship.overdueBy", { count: -cadence.days_left })
      : cadence.days_left === 0
        ? t("relationship.dueToday")
        : t("relationship.dueIn", { count: cadence.days_left });
  return (
    <Badge
      color={STATUS_COLOR[cadence.status]}
      variant="light"
      data-testid="cadence-status"
      data-status={cadence.status}
      title={formatDate(cadence.due)}
    >
      {t(`relationship.status.${cadence.status}`)} · {when}
    </Badge>
  );
}

/** One cadence losing touch: its name (opens the page), its status, "log an interaction" and "snooze a week". */
export function LosingTouchRow({ cadence: c, onLog }: { cadence: Cadence; onLog: (party: Party) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const snooze = useMutation({
    mutationFn: (id: string) => unwrap(commands.cadenceSnooze(id, plusDays(today(), 7))),
    onSuccess: () => invalidateRelationships(client),
    onError: (err) => notifications.show({ color: "red", message: errorMessage(t, err) }),
  });
  return (
    <Group justify="space-between" wrap="nowrap" data-testid="losing-touch-row" data-id={c.id}>
      <Anchor
        component={Link}
        to={c.organization_id ? `/organizations/${c.organization_id}` : `/contacts/${c.contact_id}`}
        size="sm"
        truncate
      >
        {c.name}
      </Anchor>
      <Group gap={6} wrap="nowrap">
        <CadenceBadge cadence={c} />
        <IconButton
          label={t("relationship.log")}
          variant="light"
          aria-label={t("relationship.logWith", { name: c.name })}
          onClick={() =>
            onLog(
              c.organization_id ? { organizationId: c.organization_id } : { contactId: c.contact_id ?? "" },
            )
          }
          data-testid="losing-touch-log"
        >
          <IconMessagePlus size={16} />
        </IconButton>
        <IconButton
          label={t("relationship.snoozeWeek")}
          variant="light"
          color="gray"
          aria-label={t("relationship.snoozeWeekNamed", { name: c.name })}
          loading={snooze.isPending}
          onClick={() => snooze.mutate(c.id)}
          data-testid="losing-touch-snooze"
        >
          <IconAlarmSnooze size={16} />
        </IconButton>
      </Group>
    </Group>
  );
}
