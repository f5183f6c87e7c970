import { useState } from "react";
import { Badge, Button, Group, SegmentedControl, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle, IconPlus } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { commands, type CommitmentInput, type Direction } from "../../bindings";
import { Section } from "../../components/Detail";
import { DateField } from "../../components/DateField";
import { FormModal, optionalDate, orNull, required, useFieldProps } from "../../components/FormModal";
import { usePageTitle } from "../../lib/trail";
import { unwrap } from "../../lib/ipc";
import { invalidateRelationships, type Party } from "../relationships/cadence";
import { CommitmentRow, DIRECTIONS } from "./CommitmentRow";

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
