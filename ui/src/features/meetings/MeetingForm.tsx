import { Select, SimpleGrid, Text, TextInput, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { commands, type Meeting, type MeetingInput } from "../../bindings";
import { EntityMultiPicker, EntityPicker, loaders } from "../../components/EntityPicker";
import { FormModal, orNull, required, useFieldProps } from "../../components/FormModal";
import { fromZonedInput, systemTimeZone, toZonedInput } from "../../lib/format";
import { unwrap } from "../../lib/ipc";
import { invalidateEntity } from "../../lib/queryClient";

type Values = {
  title: string;
  starts_at: string;
  ends_at: string;
  time_zone: string;
  location: string;
  organizer_contact_id: string | null;
  attendee_ids: string[];
  project_id: string | null;
  organization_ids: string[];
  agenda: string;
  notes: string;
  decisions: string;
};

export function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return [
      "UTC",
      "Asia/Shanghai",
      "Asia/Hong_Kong",
      "Asia/Tokyo",
      "Europe/London",
      "Europe/Berlin",
      "America/New_York",
    ];
  }
}

function defaultStart(zone: string): [string, string] {
  const now = new Date();
  now.setMinutes(0, 0, 0);
  const start = new Date(now.getTime() + 3_600_000);
  const end = new Date(start.getTime() + 3_600_000);
  return [toZonedInput(start.toISOString(), zone), toZonedInput(end.toISOString(), zone)];
}

const dateTimeRule = (zoneOf: (v: Values) => string) => (value: string, values: Values) => {
  if (value.trim() === "") return "errors:rule.required";
  return fromZonedInput(value, zoneOf(values)) ? null : "errors:rule.invalid_date";
};

export function MeetingForm({
  meeting,
  onClose,
  onSaved,
}: {
  meeting?: Meeting;
  onClose: () => void;
  onSaved?: (m: Meeting) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const zone = meeting?.time_zone ?? systemTimeZone();
  const [s0, e0] = meeting
    ? [toZonedInput(meeting.starts_at, zone), toZonedInput(meeting.ends_at, zone)]
    : defaultStart(zone);
  const form = useForm<Values>({
    initialValues: {
      title: meeting?.title ?? "",
      starts_at: s0,
      ends_at: e0,
      time_zone: zone,
      location: meeting?.location ?? "",
      organizer_contact_id: meeting?.organizer_contact_id ?? null,
      attendee_ids: meeting?.attendees.map((a) => a.contact_id) ?? [],
      project_id: meeting?.project_id ?? null,
      organization_ids: meeting?.organizations.map((o) => o.organization_id) ?? [],
      agenda: meeting?.agenda ?? "",
      notes: meeting?.notes ?? "",
      decisions: (meeting?.decisions ?? []).join("\n"),
    },
    validate: {
      title: required,
      starts_at: dateTimeRule((v) => v.time_zone),
      ends_at: dateTimeRule((v) => v.time_zone),
    },
  });
  const fp = useFieldProps(form);
  const toInput = (v: Values): MeetingInput => ({
    title: v.title.trim(),
    starts_at: fromZonedInput(v.starts_at, v.time_zone) ?? v.starts_at,
    ends_at: fromZonedInput(v.ends_at, v.time_zone) ?? v.ends_at,
    time_zone: v.time_zone,
    location: orNull(v.location),
    organizer_contact_id: v.organizer_contact_id,
    attendee_ids: v.attendee_ids,
    project_id: v.project_id,
    organization_ids: v.organization_ids,
    agenda: orNull(v.agenda),
    notes: orNull(v.notes),
    decisions: v.decisions
      .split("\n")
      .map((d) => d.trim())
      .filter(Boolean),
  });

  return (
    <FormModal
      opened
      size="xl"
      onClose={onClose}
      title={meeting ? t("edit.meeting") : t("new.meeting")}
      form={form}
      submit={(v) =>
        unwrap(meeting ? commands.meetingUpdate(meeting.id, toInput(v)) : commands.meetingCreate(toInput(v)))
      }
      onSaved={(m) => {
        void invalidateEntity(client, "meeting");
        onSaved?.(m);
        onClose();
      }}
    >
      <TextInput label={t("fields.meetingTitle")} withAsterisk data-autofocus {...fp("title")} />
      <SimpleGrid cols={3}>
        <TextInput
          label={t("fields.startsAt")}
          placeholder="YYYY-MM-DD HH:mm"
          withAsterisk
          {...fp("starts_at")}
        />
        <TextInput
          label={t("fields.endsAt")}
          placeholder="YYYY-MM-DD HH:mm"
          withAsterisk
          {...fp("ends_at")}
        />
        <Select
          label={t("fields.timeZone")}
          data={timeZones()}
          searchable
          allowDeselect={false}
          limit={50}
          {...fp("time_zone")}
        />
      </SimpleGrid>
      {/* One hint for the whole row, so the three inputs line up in both languages. */}
      <Text size="xs" c="dimmed" mt={-8}>
        {t("fields.dateTimeHint")}
      </Text>
      <SimpleGrid cols={2}>
        <TextInput label={t("fields.location")} {...fp("location")} />
        <EntityPicker
          label={t("fields.organizer")}
          loader={loaders.contacts()}
          initial={
            meeting?.organizer_contact_id && meeting.organizer_name
              ? { value: meeting.organizer_contact_id, label: meeting.organizer_name }
              : null
          }
          {...fp("organizer_contact_id")}
        />
      </SimpleGrid>
      <EntityMultiPicker
        label={t("fields.attendees")}
        loader={loaders.contacts()}
        initial={meeting?.attendees.map((a) => ({ value: a.contact_id, label: a.name }))}
        {...fp("attendee_ids")}
      />
      <SimpleGrid cols={2}>
        <EntityPicker
          label={t("fields.project")}
          loader={loaders.projects()}
          initial={
            meeting?.project_id && meeting.project_name
              ? { value: meeting.project_id, label: meeting.project_name }
              : null
          }
          {...fp("project_id")}
        />
        <EntityMultiPicker
          label={t("fields.organizations")}
          loader={loaders.organizations()}
          initial={meeting?.organizations.map((o) => ({ value: o.organization_id, label: o.name }))}
          {...fp("organization_ids")}
        />
      </SimpleGrid>
      <Textarea
        label={t("fields.agenda")}
        description={t("fields.markdownHint")}
        autosize
        minRows={3}
        maxRows={10}
        {...fp("agenda")}
      />
      <Textarea
        label={t("fields.notes")}
        description={t("fields.markdownHint")}
        autosize
        minRows={3}
        maxRows={12}
        {...fp("notes")}
      />
      <Textarea
        label={t("fields.decisions")}
        description={t("fields.decisionsHint")}
        autosize
        minRows={2}
        maxRows={8}
        {...fp("decisions")}
      />
    </FormModal>
  );
}
