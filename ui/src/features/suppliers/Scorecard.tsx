import { useState, type ReactNode } from "react";
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import {
  IconAlertTriangle,
  IconArrowDownRight,
  IconCheck,
  IconPencil,
  IconPlus,
  IconTrash,
  IconTruckDelivery,
} from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import {
  commands,
  type Delivery,
  type DeliveryInput,
  type Incident,
  type IncidentInput,
  type IncidentKind,
  type ScoreParts,
} from "../../bindings";
import { Section } from "../../components/Detail";
import { DateField } from "../../components/DateField";
import { FormModal, optionalDate, orNull, required, useFieldProps } from "../../components/FormModal";
import { formatDate } from "../../lib/format";
import { errorMessage, unwrap } from "../../lib/ipc";
import { today } from "../../lib/time";
import { invalidateScores, ScoreBadge, Trend, useScores } from "./scores";
import { IconButton } from "../../components/IconButton";

const KINDS: IncidentKind[] = ["late_delivery", "quality", "communication"];
const SEVERITIES = ["1", "2", "3"] as const;

/** "80 % − 15 = 65": the formula with this supplier's numbers in it. */
function Formula({ parts }: { parts: ScoreParts }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2} data-testid="score-formula">
      <Text size="sm">
        {t("scorecard.worked", {
          rate: parts.on_time_rate ?? 100,
          penalty: parts.penalty,
          score: parts.score,
        })}
      </Text>
      <Text size="xs" c="dimmed">
        {t("scorecard.formula")}
      </Text>
    </Stack>
  );
}

function Stat({ label, value }: { label: string; value: ReactNode }) {
  return (
    <Paper withBorder radius="md" px="sm" py={6}>
      <Text size="xs" c="dimmed" truncate>
        {label}
      </Text>
      <Text fw={600}>{value}</Text>
    </Paper>
  );
}

/** A new incident, or `incident` edited. */
function IncidentForm({
  organizationId,
  incident,
  onClose,
}: {
  organizationId: string;
  incident?: Incident;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  type V = { kind: IncidentKind; severity: string; occurred_on: string; note: string };
  const form = useForm<V>({
    initialValues: incident
      ? {
          kind: incident.kind,
          severity: String(incident.severity),
          occurred_on: incident.occurred_on,
          note: incident.note ?? "",
        }
      : { kind: "late_delivery", severity: "2", occurred_on: today(), note: "" },
    validate: { occurred_on: (v) => required(v) ?? optionalDate(v) },
  });
  const fp = useFieldProps(form);
  const toInput = (v: V): IncidentInput => ({
    organization_id: organizationId,
    kind: v.kind,
    severity: Number(v.severity),
    occurred_on: v.occurred_on,
    note: orNull(v.note),
  });
  return (
    <FormModal
      opened
      onClose={onClose}
      title={incident ? t("scorecard.editIncident") : t("scorecard.newIncident")}
      form={form}
      size="md"
      submit={(v) => unwrap(commands.incidentSave(incident?.id ?? null, toInput(v)))}
      onSaved={() => {
        void invalidateScores(client);
        onClose();
      }}
    >
      <Group grow>
        <Select
          label={t("scorecard.kindLabel")}
          data={KINDS.map((k) => ({ value: k, label: t(`scorecard.kind.${k}`) }))}
          allowDeselect={false}
          {...fp("kind")}
        />
        <Select
          label={t("scorecard.severityLabel")}
          data={SEVERITIES.map((s) => ({ value: s, label: t(`scorecard.severity.${s}`) }))}
          allowDeselect={false}
          {...fp("severity")}
        />
      </Group>
      <DateField label={t("scorecard.occurredOn")} withAsterisk {...fp("occurred_on")} />
      <Textarea label={t("scorecard.note")} autosize minRows={2} maxRows={6} data-autofocus {...fp("note")} />
    </FormModal>
  );
}

/** A new delivery, or `delivery` edited. */
function DeliveryForm({
  organizationId,
  delivery,
  onClose,
}: {
  organizationId: string;
  delivery?: Delivery;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  type V = { title: string; promised_on: string; delivered_on: string };
  const form = useForm<V>({
    initialValues: delivery
      ? {
          title: delivery.title,
          promised_on: delivery.promised_on,
          delivered_on: delivery.delivered_on ?? "",
        }
      : { title: "", promised_on: today(), delivered_on: "" },
    validate: {
      title: required,
      promised_on: (v) => required(v) ?? optionalDate(v),
      delivered_on: optionalDate,
    },
  });
  const fp = useFieldProps(form);
  const toInput = (v: V): DeliveryInput => ({
    organization_id: organizationId,
    title: v.title.trim(),
    promised_on: v.promised_on,
    delivered_on: orNull(v.delivered_on),
  });
  return (
    <FormModal
      opened
      onClose={onClose}
      title={delivery ? t("scorecard.editDelivery") : t("scorecard.newDelivery")}
      form={form}
      size="md"
      submit={(v) => unwrap(commands.deliverySave(delivery?.id ?? null, toInput(v)))}
      onSaved={() => {
        void invalidateScores(client);
        onClose();
      }}
    >
      <TextInput label={t("scorecard.deliveryTitle")} withAsterisk data-autofocus {...fp("title")} />
      <Group grow>
        <DateField label={t("scorecard.promisedOn")} withAsterisk {...fp("promised_on")} />
        <DateField label={t("scorecard.deliveredOn")} {...fp("delivered_on")} />
      </Group>
    </FormModal>
  );
}

function DeliveryRow({ d, onEdit }: { d: Delivery; onEdit: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const onError = (err: unknown) => notifications.show({ color: "red", message: errorMessage(t, err) });
  const arrived = useMutation({
    mutationFn: () =>
      unwrap(
        commands.deliverySave(d.id, {
          organization_id: d.organization_id,
          title: d.title,
          promised_on: d.promised_on,
          delivered_on: today(),
        }),
      ),
    onSuccess: () => invalidateScores(client),
    onError,
  });
  const remove = useMutation({
    mutationFn: () => unwrap(commands.deliveryDelete(d.id)),
    onSuccess: () => invalidateScores(client),
    onError,
  });
  return (
    <Table.Tr data-testid="delivery-row" data-late={d.late}>
      <Table.Td>{d.title}</Table.Td>
      <Table.Td>{formatDate(d.promised_on)}</Table.Td>
      <Table.Td>
        {d.delivered_on ? (
          formatDate(d.delivered_on)
        ) : (
          <Button
            size="compact-xs"
            variant="light"
            leftSection={<IconCheck size={12} />}
            onClick={() => arrived.mutate()}
            data-testid="delivery-arrived"
          >
            {t("scorecard.arrivedToday")}
          </Button>
        )}
      </Table.Td>
      <Table.Td>
        {d.late ? (
          <Badge color="red" variant="light" leftSection={<IconAlertTriangle size={12} />}>
            {t("scorecard.late")}
          </Badge>
        ) : d.delivered_on ? (
          <Badge color="teal" variant="light">
            {t("scorecard.onTime")}
          </Badge>
        ) : (
          <Badge color="gray" variant="light">
            {t("scorecard.pending")}
          </Badge>
        )}
      </Table.Td>
      <Table.Td w={64}>
        <Group gap={2} wrap="nowrap">
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            aria-label={t("scorecard.editDeliveryNamed", { title: d.title })}
            onClick={onEdit}
            data-testid="delivery-edit"
          >
            <IconPencil size={14} />
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            aria-label={t("scorecard.deleteDelivery", { title: d.title })}
            onClick={() => remove.mutate()}
            data-testid="delivery-delete"
          >
            <IconTrash size={14} />
          </ActionIcon>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/** A supplier's scorecard on its page: the score with its formula, counts, trend by quarter, incidents and
 * deliveries, each recorded in place. */
export function ScorecardSection({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [adding, setAdding] = useState<"incident" | "delivery" | null>(null);
  const [editingIncident, setEditingIncident] = useState<Incident | null>(null);
  const [editingDelivery, setEditingDelivery] = useState<Delivery | null>(null);
  const q = useQuery({
    queryKey: ["scorecard", organizationId],
    queryFn: () => unwrap(commands.supplierScorecard(organizationId)),
  });
  const removeIncident = useMutation({
    mutationFn: (id: string) => unwrap(commands.incidentDelete(id)),
    onSuccess: () => invalidateScores(client),
    onError: (err) => notifications.show({ color: "red", message: errorMessage(t, err) }),
  });
  const card = q.data;
  return (
    <Section
      title={
        <Group gap="xs">
          {t("scorecard.title")}
          {card && <ScoreBadge score={card.current.score} />}
          {card?.dropped && (
            <Badge color="red" variant="outline" leftSection={<IconArrowDownRight size={12} />}>
              {t("scorecard.dropped")}
            </Badge>
          )}
        </Group>
      }
      testId="scorecard"
      actions={
        <Group gap="xs">
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} />}
            onClick={() => setAdding("incident")}
            data-testid="incident-add"
          >
            {t("scorecard.newIncident")}
          </Button>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconTruckDelivery size={14} />}
            onClick={() => setAdding("delivery")}
            data-testid="delivery-add"
          >
            {t("scorecard.newDelivery")}
          </Button>
        </Group>
      }
    >
      {card && (
        <Stack gap="md">
          <Formula parts={card.current} />
          <SimpleGrid cols={{ base: 2, md: 5 }} spacing="xs">
            <Stat
              label={t("scorecard.onTimeRate", { count: card.current.counted })}
              value={card.current.on_time_rate === null ? "—" : `${card.current.on_time_rate}%`}
            />
            {KINDS.map((k) => (
              <Stat key={k} label={t(`scorecard.kind.${k}`)} value={card.current.incidents[k]} />
            ))}
            <Stat label={t("scorecard.penalty")} value={card.current.penalty} />
          </SimpleGrid>
          <Stack gap={4} data-testid="score-trend">
            <Text size="xs" c="dimmed" fw={500}>
              {t("scorecard.trend")}
            </Text>
            <Group gap="md" align="flex-end">
              {card.trend.map((qs) => (
                <Stack key={qs.quarter} gap={2} align="center" w={72}>
                  <div
                    aria-hidden
                    style={{
                      height: Math.max(4, qs.parts.score * 0.6),
                      width: 28,
                      borderRadius: 4,
                      background: "var(--mantine-color-indigo-4)",
                    }}
                  />
                  <Text size="sm" fw={600}>
                    {qs.parts.score}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {qs.quarter}
                  </Text>
                </Stack>
              ))}
            </Group>
          </Stack>
          <Stack gap={4}>
            <Text size="xs" c="dimmed" fw={500}>
              {t("scorecard.incidents")}
            </Text>
            {card.incidents.length === 0 && (
              <Text size="sm" c="dimmed">
                {t("scorecard.noIncidents")}
              </Text>
            )}
            {card.incidents.slice(0, 10).map((i) => (
              <Group key={i.id} gap="xs" wrap="nowrap" data-testid="incident-row">
                <Text size="sm" w={130} c="dimmed" style={{ flexShrink: 0 }}>
                  {formatDate(i.occurred_on)}
                </Text>
                <Badge
                  size="sm"
                  variant="light"
                  color={i.severity === 3 ? "red" : i.severity === 2 ? "orange" : "gray"}
                >
                  {t(`scorecard.severity.${i.severity}`)}
                </Badge>
                <Text size="sm" fw={500}>
                  {t(`scorecard.kind.${i.kind}`)}
                </Text>
                <Text size="sm" truncate style={{ flex: 1 }}>
                  {i.note}
                </Text>
                <IconButton
                  label={t("actions.edit")}
                  variant="subtle"
                  color="gray"
                  size="sm"
                  aria-label={t("scorecard.editIncident")}
                  onClick={() => setEditingIncident(i)}
                  data-testid="incident-edit"
                >
                  <IconPencil size={14} />
                </IconButton>
                <IconButton
                  label={t("actions.delete")}
                  variant="subtle"
                  color="gray"
                  size="sm"
                  aria-label={t("scorecard.deleteIncident")}
                  onClick={() => removeIncident.mutate(i.id)}
                  data-testid="incident-delete"
                >
                  <IconTrash size={14} />
                </IconButton>
              </Group>
            ))}
          </Stack>
          <Stack gap={4}>
            <Text size="xs" c="dimmed" fw={500}>
              {t("scorecard.deliveries")}
            </Text>
            {card.deliveries.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t("scorecard.noDeliveries")}
              </Text>
            ) : (
              <Table striped withRowBorders={false} verticalSpacing={4}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("scorecard.deliveryTitle")}</Table.Th>
                    <Table.Th>{t("scorecard.promisedOn")}</Table.Th>
                    <Table.Th>{t("scorecard.deliveredOn")}</Table.Th>
                    <Table.Th>{t("fields.status")}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {card.deliveries.slice(0, 12).map((d) => (
                    <DeliveryRow key={d.id} d={d} onEdit={() => setEditingDelivery(d)} />
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        </Stack>
      )}
      {adding === "incident" && (
        <IncidentForm organizationId={organizationId} onClose={() => setAdding(null)} />
      )}
      {adding === "delivery" && (
        <DeliveryForm organizationId={organizationId} onClose={() => setAdding(null)} />
      )}
      {editingIncident && (
        <IncidentForm
          organizationId={organizationId}
          incident={editingIncident}
          onClose={() => setEditingIncident(null)}
        />
      )}
      {editingDelivery && (
        <DeliveryForm
          organizationId={organizationId}
          delivery={editingDelivery}
          onClose={() => setEditingDelivery(null)}
        />
      )}
    </Section>
  );
}

/** Suppliers by score (the best first, or the worst first), each opening its page. */
export function SupplierScoreList({ toolbar }: { toolbar: ReactNode }) {
  const { t } = useTranslation();
  const q = useScores();
  const [worstFirst, setWorstFirst] = useState(false);
  const list = [...(q.data ?? [])];
  if (worstFirst) list.reverse();
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2} data-testid="page-title">
          {t("nav.suppliers")}
        </Title>
        <Group gap="xs">
          <Button variant="default" onClick={() => setWorstFirst((w) => !w)} data-testid="score-order">
            {worstFirst ? t("scorecard.worstFirst") : t("scorecard.bestFirst")}
          </Button>
          {toolbar}
        </Group>
      </Group>
      <Text size="xs" c="dimmed">
        {t("scorecard.formula")}
      </Text>
      {q.isSuccess && list.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="list-empty">
          {t("empty.suppliers")}
        </Text>
      ) : (
        <Table highlightOnHover data-testid="supplier-scores">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("fields.name")}</Table.Th>
              <Table.Th>{t("fields.tier")}</Table.Th>
              <Table.Th>{t("scorecard.score")}</Table.Th>
              <Table.Th>{t("scorecard.onTimeShort")}</Table.Th>
              <Table.Th>{t("scorecard.incidentsShort")}</Table.Th>
              <Table.Th>{t("scorecard.trend")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((s) => (
              <Table.Tr key={s.organization_id} data-testid="supplier-score-row" data-score={s.score}>
                <Table.Td>
                  <Anchor component={Link} to={`/organizations/${s.organization_id}`} size="sm">
                    {s.organization_name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{s.tier}</Table.Td>
                <Table.Td>
                  <ScoreBadge score={s.score} />
                </Table.Td>
                <Table.Td>{s.on_time_rate === null ? "—" : `${s.on_time_rate}%`}</Table.Td>
                <Table.Td>{s.incident_count}</Table.Td>
                <Table.Td>
                  <Trend s={s} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
