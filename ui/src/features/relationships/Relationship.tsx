import { useState } from "react";
import {
  Anchor,
  Badge,
  Button,
  Group,
  Menu,
  NumberInput,
  Select,
  Stack,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconAlarmSnooze, IconCalendarEvent, IconGavel, IconMessagePlus } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { commands, type InteractionInput, type InteractionKind, type TimelineItem } from "../../bindings";
import { Section } from "../../components/Detail";
import { DateField } from "../../components/DateField";
import { FormModal, optionalDate, orNull, required, useFieldProps } from "../../components/FormModal";
import { Markdown } from "../../components/Markdown";
import { formatDate, formatDateTime } from "../../lib/format";
import { usePageTitle } from "../../lib/trail";
import { errorMessage, unwrap } from "../../lib/ipc";
import { parseWallTime, plusDays, today, toWallTime, userTimeZone } from "../../lib/time";
import { CadenceBadge, invalidateRelationships, LosingTouchRow, type Party } from "./cadence";

export const INTERACTION_KINDS: InteractionKind[] = ["call", "email", "visit", "meeting", "message"];

const relKey = (p: Party) => ["relationship", p.organizationId ?? null, p.contactId ?? null] as const;

function CadencePanel({ party }: { party: Party }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const cadence = useQuery({
    queryKey: [...relKey(party), "cadence"],
    queryFn: () => unwrap(commands.cadenceGet(party.organizationId ?? null, party.contactId ?? null)),
  });
  const [days, setDays] = useState<number | string>("");
  const [snoozeTo, setSnoozeTo] = useState("");
  const onError = (err: unknown) => notifications.show({ color: "red", message: errorMessage(t, err) });
  const save = useMutation({
    mutationFn: (every: number | null) =>
      unwrap(
        commands.cadenceSet({
          organization_id: party.organizationId ?? null,
          contact_id: party.contactId ?? null,
          every_days: every,
        }),
      ),
    onSuccess: () => invalidateRelationships(client),
    onError,
  });
  const snooze = useMutation({
    mutationFn: ({ id, until }: { id: string; until: string | null }) =>
      unwrap(commands.cadenceSnooze(id, until)),
    onSuccess: () => invalidateRelationships(client),
    onError,
  });
  const c = cadence.data ?? null;
  const shownDays = days === "" ? (c?.every_days ?? "") : days;
  return (
    <Stack gap="xs" data-testid="cadence">
      <Group gap="sm" align="flex-end">
        <NumberInput
          label={t("relationship.every")}
          description={t("relationship.everyHint")}
          min={1}
          max={3650}
          w={190}
          value={shownDays}
          onChange={setDays}
          data-testid="cadence-days"
        />
        <Button
          variant="light"
          onClick={() => save.mutate(typeof shownDays === "number" ? shownDays : Number(shownDays) || null)}
          loading={save.isPending}
          data-testid="cadence-save"
        >
          {t("actions.save")}
        </Button>
        {c && (
          <Button
            variant="subtle"
            color="gray"
            onClick={() => save.mutate(null)}
            data-testid="cadence-remove"
          >
            {t("relationship.removeCadence")}
          </Button>
        )}
      </Group>
      {c && (
        <Group gap="sm" wrap="wrap">
          <CadenceBadge cadence={c} />
          <Text size="sm" c="dimmed">
            {c.last_interaction
              ? t("relationship.lastContact", { date: formatDate(c.last_interaction) })
              : t("relationship.noContactYet")}
          </Text>
          <DateField
            size="xs"
            w={160}
            aria-label={t("relationship.snoozeUntil")}
            placeholder={t("relationship.snoozeUntil")}
            value={snoozeTo || plusDays(today(), 7)}
            onChange={setSnoozeTo}
            data-testid="cadence-snooze-date"
          />
          <Button
            size="xs"
            variant="light"
            leftSection={<IconAlarmSnooze size={14} />}
            onClick={() => snooze.mutate({ id: c.id, until: snoozeTo || plusDays(today(), 7) })}
            data-testid="cadence-snooze"
          >
            {t("relationship.snooze")}
          </Button>
          {c.snoozed_until && (
            <Button size="xs" variant="subtle" onClick={() => snooze.mutate({ id: c.id, until: null })}>
              {t("relationship.wake")}
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}

type Values = { kind: InteractionKind; occurred_at: string; summary: string; follow_up_date: string };

export function InteractionForm({ party, onClose }: { party: Party; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const zone = userTimeZone();
  const form = useForm<Values>({
    initialValues: {
      kind: "call",
      occurred_at: toWallTime(new Date().toISOString(), zone),
      summary: "",
      follow_up_date: "",
    },
    validate: {
      occurred_at: (v) => required(v) ?? (parseWallTime(v, zone) ? null : "errors:rule.invalid_date"),
      follow_up_date: optionalDate,
    },
  });
  const fp = useFieldProps(form);
  const toInput = (v: Values): InteractionInput => ({
    kind: v.kind,
    occurred_at: parseWallTime(v.occurred_at, zone) ?? v.occurred_at,
    summary: orNull(v.summary),
    follow_up_date: orNull(v.follow_up_date),
    follow_up_title: null,
    organization_ids: party.organizationId ? [party.organizationId] : [],
    contact_ids: party.contactId ? [party.contactId] : [],
  });
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("relationship.logTitle")}
      form={form}
      submit={(v) => unwrap(commands.interactionLog(toInput(v)))}
      onSaved={() => {
        void invalidateRelationships(client);
        onClose();
      }}
    >
      <Group grow>
        <Select
          label={t("relationship.kindLabel")}
          data={INTERACTION_KINDS.map((k) => ({ value: k, label: t(`relationship.kind.${k}`) }))}
          allowDeselect={false}
          {...fp("kind")}
        />
        <DateField withTime label={t("relationship.when")} withAsterisk {...fp("occurred_at")} />
      </Group>
      <Textarea
        label={t("relationship.summary")}
        description={t("relationship.summaryHint")}
        autosize
        minRows={3}
        maxRows={12}
        data-autofocus
        {...fp("summary")}
      />
      <DateField
        label={t("relationship.followUp")}
        description={t("relationship.followUpHint")}
        {...fp("follow_up_date")}
      />
    </FormModal>
  );
}

function TimelineIcon({ item }: { item: TimelineItem }) {
  if (item.kind === "meeting") return <IconCalendarEvent size={16} aria-hidden />;
  if (item.kind === "decision") return <IconGavel size={16} aria-hidden />;
  return <IconMessagePlus size={16} aria-hidden />;
}

function TimelineRow({ item }: { item: TimelineItem }) {
  const { t } = useTranslation();
  const label =
    item.kind === "interaction" && item.interaction_kind
      ? t(`relationship.kind.${item.interaction_kind}`)
      : t(`relationship.timelineKind.${item.kind}`);
  const title =
    item.kind === "interaction" && item.summary ? (
      <Markdown source={item.summary} />
    ) : item.meeting_id ? (
      <Anchor component={Link} to={`/meetings/${item.meeting_id}`} size="sm">
        {item.title}
      </Anchor>
    ) : (
      <Text size="sm">{item.title}</Text>
    );
  return (
    <Group align="flex-start" wrap="nowrap" gap="sm" data-testid="timeline-item" data-kind={item.kind}>
      <TimelineIcon item={item} />
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Group gap="xs">
          <Badge size="xs" variant="light" color={item.kind === "interaction" ? "indigo" : "gray"}>
            {label}
          </Badge>
          <Text size="xs" c="dimmed">
            {formatDateTime(item.at)}
          </Text>
        </Group>
        {title}
      </Stack>
    </Group>
  );
}

const PAGE = 30;

/** An organization's or contact's relationship: its stay-in-touch cadence, a button to log an interaction, and the
 * timeline of interactions, meetings and decisions, newest first. */
export function RelationshipSection({ party }: { party: Party }) {
  const { t } = useTranslation();
  const [logging, setLogging] = useState(false);
  const [limit, setLimit] = useState(PAGE);
  const items = useQuery({
    queryKey: [...relKey(party), "timeline", limit],
    queryFn: () =>
      unwrap(
        commands.timeline({
          organization_id: party.organizationId ?? null,
          contact_id: party.contactId ?? null,
          before: null,
          limit,
        }),
      ),
  });
  const list = items.data ?? [];
  return (
    <Section
      title={t("relationship.title")}
      testId="relationship"
      actions={
        <Button
          size="xs"
          variant="light"
          leftSection={<IconMessagePlus size={14} />}
          onClick={() => setLogging(true)}
          data-testid="log-interaction"
        >
          {t("relationship.log")}
        </Button>
      }
    >
      <Stack gap="md">
        <CadencePanel party={party} />
        <Stack gap="sm" data-testid="timeline">
          {items.isSuccess && list.length === 0 && (
            <Text size="sm" c="dimmed" data-testid="timeline-empty">
              {t("relationship.empty")}
            </Text>
          )}
          {list.map((item) => (
            <TimelineRow key={`${item.kind}:${item.id}`} item={item} />
          ))}
          {list.length >= limit && (
            <Button variant="subtle" size="xs" onClick={() => setLimit((l) => l + PAGE)}>
              {t("relationship.more")}
            </Button>
          )}
        </Stack>
      </Stack>
      {logging && <InteractionForm party={party} onClose={() => setLogging(false)} />}
    </Section>
  );
}

/** Every cadence losing touch, the most overdue first (the full list behind the dashboard's panel). */
export function LosingTouchPanel() {
  const { t } = useTranslation();
  const [logging, setLogging] = useState<Party | null>(null);
  const q = useQuery({
    queryKey: ["relationship", "losing-touch"],
    queryFn: () => unwrap(commands.losingTouch()),
  });
  const list = q.data ?? [];
  return (
    <Section title={t("relationship.losingTouch")} testId="losing-touch">
      <Stack gap="xs">
        {q.isSuccess && list.length === 0 && (
          <Text size="sm" c="dimmed">
            {t("relationship.losingTouchEmpty")}
          </Text>
        )}
        {list.map((c) => (
          <LosingTouchRow key={c.id} cadence={c} onLog={setLogging} />
        ))}
      </Stack>
      {logging && <InteractionForm party={logging} onClose={() => setLogging(null)} />}
    </Section>
  );
}

/** "Log as held" in a meeting's menu: one interaction for its organizations and attendees (again: refreshed). */
export function LogMeetingItem({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const log = useMutation({
    mutationFn: () => unwrap(commands.meetingLogInteraction(meetingId)),
    onSuccess: () => {
      notifications.show({ color: "teal", message: t("relationship.meetingLogged") });
      void invalidateRelationships(client);
    },
    onError: (err) => notifications.show({ color: "red", message: errorMessage(t, err) }),
  });
  return (
    <Menu.Item
      leftSection={<IconMessagePlus size={14} />}
      onClick={() => log.mutate()}
      data-testid="meeting-log"
    >
      {t("relationship.logMeeting")}
    </Menu.Item>
  );
}

/** Everyone losing touch, the most overdue first: the full list the dashboard's panel shows the top of. */
export function LosingTouchPage() {
  const { t } = useTranslation();
  usePageTitle(t("relationship.losingTouch"));
  return (
    <Stack gap="md">
      <Title order={2} data-testid="page-title">
        {t("relationship.losingTouch")}
      </Title>
      <LosingTouchPanel />
    </Stack>
  );
}
