import { Badge, Group, Menu, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconCheck, IconContract } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { commands, type Commitment, type CommitmentStatus, type Direction } from "../../bindings";
import { formatDate } from "../../lib/format";
import { errorMessage, unwrap } from "../../lib/ipc";
import { invalidateRelationships } from "../relationships/cadence";
import { IconButton } from "../../components/IconButton";

// A commitment's row and "make it a commitment": what the dashboard and a meeting's decisions show, kept apart from
// the commitments page so they load without it.

export const DIRECTIONS: Direction[] = ["waiting_on", "we_owe"];

/** Where each status may go next (the backend refuses anything else). */
const NEXT: Record<CommitmentStatus, CommitmentStatus[]> = {
  open: ["done", "released", "broken"],
  done: ["open"],
  broken: ["open", "released"],
  released: [],
};

const STATUS_COLOR: Record<CommitmentStatus, string> = {
  open: "blue",
  done: "teal",
  released: "gray",
  broken: "red",
};

function useSetStatus() {
  const { t } = useTranslation();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, status }: { id: string; status: CommitmentStatus }) =>
      unwrap(commands.commitmentSetStatus(id, status)),
    onSuccess: () => invalidateRelationships(client),
    onError: (err) => notifications.show({ color: "red", message: errorMessage(t, err) }),
  });
}

/** One commitment: which way, what, with whom, when, and its status with the moves it allows. */
export function CommitmentRow({ c, showParty = true }: { c: Commitment; showParty?: boolean }) {
  const { t } = useTranslation();
  const setStatus = useSetStatus();
  const party = c.organization_name ?? c.contact_name;
  return (
    <Group gap="sm" wrap="nowrap" data-testid="commitment-row" data-id={c.id} data-status={c.status}>
      <Badge
        size="sm"
        variant="light"
        color={c.direction === "we_owe" ? "grape" : "cyan"}
        style={{ flexShrink: 0 }}
      >
        {t(`commitment.direction.${c.direction}`)}
      </Badge>
      <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
        <Text size="sm" truncate>
          {c.title}
        </Text>
        <Text size="xs" c="dimmed" truncate>
          {showParty && party && (
            <>
              {c.organization_id ? (
                <Link to={`/organizations/${c.organization_id}`}>{party}</Link>
              ) : (
                <Link to={`/contacts/${c.contact_id}`}>{party}</Link>
              )}
              {" · "}
            </>
          )}
          {c.owner_name && `${t("commitment.owner")} ${c.owner_name} · `}
          {c.due_date ? t("commitment.due", { date: formatDate(c.due_date) }) : t("commitment.noDue")}
        </Text>
      </Stack>
      {c.overdue && (
        <Badge
          color="red"
          variant="light"
          leftSection={<IconAlertTriangle size={12} />}
          data-testid="commitment-overdue"
        >
          {t("commitment.overdue")}
        </Badge>
      )}
      {c.status === "open" ? (
        <IconButton
          label={t("commitment.markDone")}
          variant="light"
          color="teal"
          aria-label={t("commitment.markDoneNamed", { title: c.title })}
          onClick={() => setStatus.mutate({ id: c.id, status: "done" })}
          data-testid="commitment-done"
        >
          <IconCheck size={16} />
        </IconButton>
      ) : null}
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Badge
            component="button"
            color={STATUS_COLOR[c.status]}
            variant="outline"
            style={{ cursor: NEXT[c.status].length ? "pointer" : "default", flexShrink: 0 }}
            data-testid="commitment-status"
          >
            {t(`commitment.status.${c.status}`)}
          </Badge>
        </Menu.Target>
        {NEXT[c.status].length > 0 && (
          <Menu.Dropdown>
            {NEXT[c.status].map((s) => (
              <Menu.Item
                key={s}
                onClick={() => setStatus.mutate({ id: c.id, status: s })}
                data-testid={`commitment-to-${s}`}
              >
                {t(`commitment.to.${s}`)}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        )}
      </Menu>
    </Group>
  );
}

/** "Make it a commitment" for a decision or an action item: one click each way. */
export function ToCommitment({ decisionId, taskId }: { decisionId?: string; taskId?: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const make = useMutation({
    mutationFn: (direction: Direction) =>
      unwrap(
        decisionId
          ? commands.commitmentFromDecision(decisionId, direction)
          : commands.commitmentFromTask(taskId ?? "", direction),
      ),
    onSuccess: (c) => {
      notifications.show({ color: "teal", message: t("commitment.made", { title: c.title }) });
      void invalidateRelationships(client);
    },
    onError: (err) => notifications.show({ color: "red", message: errorMessage(t, err) }),
  });
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <IconButton
          label={t("commitment.makeOne")}
          variant="subtle"
          color="gray"
          size="sm"
          data-testid="to-commitment"
        >
          <IconContract size={14} />
        </IconButton>
      </Menu.Target>
      <Menu.Dropdown>
        {DIRECTIONS.map((d) => (
          <Menu.Item key={d} onClick={() => make.mutate(d)} data-testid={`to-commitment-${d}`}>
            {t(`commitment.directionLong.${d}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
