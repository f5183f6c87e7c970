import { useState } from "react";
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Menu,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconCheck, IconContract, IconPlus } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import {
  commands,
  type Commitment,
  type CommitmentInput,
  type CommitmentStatus,
  type Direction,
} from "../../bindings";
import { Section } from "../../components/Detail";
import { DateField } from "../../components/DateField";
import { FormModal, optionalDate, orNull, required, useFieldProps } from "../../components/FormModal";
import { formatDate } from "../../lib/format";
import { usePageTitle } from "../../lib/trail";
import { errorMessage, unwrap } from "../../lib/ipc";
import { invalidateRelationships, type Party } from "../relationships/Relationship";

const DIRECTIONS: Direction[] = ["waiting_on", "we_owe"];
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
        <Tooltip label={t("commitment.markDone")}>
          <ActionIcon
            variant="light"
            color="teal"
            aria-label={t("commitment.markDoneNamed", { title: c.title })}
            onClick={() => setStatus.mutate({ id: c.id, status: "done" })}
            data-testid="commitment-done"
          >
            <IconCheck size={16} />
          </ActionIcon>
        </Tooltip>
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

type Values = { direction: Direction; title: string; due_date: string };

function CommitmentForm({ party, onClose }: { party: Party; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useForm<Values>({
    initialValues: { direction: "waiting_on", title: "", due_date: "" },
    validate: { title: required, due_date: optionalDate },
  });
  const fp = useFieldProps(form);
  const toInput = (v: Values): CommitmentInput => ({
    direction: v.direction,
    title: v.title.trim(),
    organization_id: party.organizationId ?? null,
    contact_id: party.contactId ?? null,
    owner_contact_id: null,
    due_date: orNull(v.due_date),
    notes: null,
    meeting_id: null,
    decision_id: null,
    interaction_id: null,
    task_id: null,
  });
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("commitment.new")}
      form={form}
      submit={(v) => unwrap(commands.commitmentCreate(toInput(v)))}
      onSaved={() => {
        void invalidateRelationships(client);
        onClose();
      }}
    >
      <Select
        label={t("commitment.directionLabel")}
        data={DIRECTIONS.map((d) => ({ value: d, label: t(`commitment.directionLong.${d}`) }))}
        allowDeselect={false}
        {...fp("direction")}
      />
      <TextInput label={t("commitment.title")} withAsterisk data-autofocus {...fp("title")} />
      <DateField label={t("fields.dueDate")} {...fp("due_date")} />
    </FormModal>
  );
}

/** An organization's or contact's commitments, both ways, open ones first. */
export function CommitmentsSection({ party }: { party: Party }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const q = useQuery({
    queryKey: ["relationship", party.organizationId ?? null, party.contactId ?? null, "commitments"],
    queryFn: () =>
      unwrap(
        commands.commitmentList({
          organization_id: party.organizationId ?? null,
          contact_id: party.contactId ?? null,
          direction: null,
          open_only: false,
          overdue_only: false,
          limit: 100,
        }),
      ),
  });
  const list = q.data ?? [];
  const overdue = list.filter((c) => c.overdue).length;
  return (
    <Section
      title={
        <Group gap="xs">
          {t("commitment.sectionTitle")}
          {overdue > 0 && (
            <Badge color="red" variant="light" leftSection={<IconAlertTriangle size={12} />}>
              {t("commitment.overdueCount", { count: overdue })}
            </Badge>
          )}
        </Group>
      }
      testId="commitments"
      actions={
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          onClick={() => setAdding(true)}
          data-testid="commitment-add"
        >
          {t("commitment.new")}
        </Button>
      }
    >
      <Stack gap="xs">
        {q.isSuccess && list.length === 0 && (
          <Text size="sm" c="dimmed">
            {t("commitment.empty")}
          </Text>
        )}
        {list.map((c) => (
          <CommitmentRow key={c.id} c={c} showParty={false} />
        ))}
      </Stack>
      {adding && <CommitmentForm party={party} onClose={() => setAdding(false)} />}
    </Section>
  );
}

/** Every open commitment, both ways, overdue first then by due date; `?overdue=1` keeps the overdue ones. */
export function CommitmentsPage() {
  const { t } = useTranslation();
  usePageTitle(t("commitment.pageTitle"));
  const [params, setParams] = useSearchParams();
  const overdue = params.get("overdue") === "1";
  const q = useQuery({
    queryKey: ["relationship", "commitments-all", overdue],
    queryFn: () =>
      unwrap(
        commands.commitmentList({
          organization_id: null,
          contact_id: null,
          direction: null,
          open_only: true,
          overdue_only: overdue,
          limit: 500,
        }),
      ),
  });
  const list = q.data ?? [];
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2} data-testid="page-title">
          {t("commitment.pageTitle")}
        </Title>
        <SegmentedControl
          value={overdue ? "overdue" : "open"}
          onChange={(v) => setParams(v === "overdue" ? { overdue: "1" } : {})}
          data={[
            { value: "open", label: t("commitment.allOpen") },
            { value: "overdue", label: t("commitment.overdue") },
          ]}
          data-testid="commitments-filter"
        />
      </Group>
      <Stack gap="xs" data-testid="commitment-list">
        {q.isSuccess && list.length === 0 && (
          <Text size="sm" c="dimmed" data-testid="list-empty">
            {t("commitment.noneOpen")}
          </Text>
        )}
        {list.map((c) => (
          <CommitmentRow key={c.id} c={c} />
        ))}
      </Stack>
    </Stack>
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
        <Tooltip label={t("commitment.makeOne")}>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            aria-label={t("commitment.makeOne")}
            data-testid="to-commitment"
          >
            <IconContract size={14} />
          </ActionIcon>
        </Tooltip>
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
