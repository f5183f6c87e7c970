import {
  Alert,
  Button,
  Chip,
  Group,
  Input,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useEffect, useRef, useState } from "react";
import { useForm, type UseFormReturnType } from "@mantine/form";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import {
  commands,
  type Day,
  type Frequency,
  type Meeting,
  type MeetingInput,
  type Recurrence,
} from "../../bindings";
import {
  EntityMultiPicker,
  EntityPicker,
  everyoneOf,
  loaders,
  meetingLabel,
  type Option,
} from "../../components/EntityPicker";
import { Abandoned, FormModal, orNull, required, useFieldProps } from "../../components/FormModal";
import { DateField } from "../../components/DateField";
import { fromZonedInput, toZonedInput } from "../../lib/format";
import { addWeeks, isoWeekday, nextFullHour, parseDate, timeZones, userTimeZone } from "../../lib/time";
import { unwrap } from "../../lib/ipc";
import { invalidateEntity } from "../../lib/queryClient";
import { deletedLabel, isDeletedRef, refOption } from "../../components/RefName";
import { seriesChange, useSeriesQuestions } from "./SeriesEdit";
import { confirmMove, offerInvitation, type Move } from "./reschedule";

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
  previous_meeting_id: string | null;
  repeat: "none" | Frequency;
  interval: number | string;
  weekdays: Day[];
  ends: "never" | "until" | "count";
  until: string;
  count: number | string;
};

const DAYS: Day[] = ["mo", "tu", "we", "th", "fr", "sa", "su"];

/** The weekday of a "YYYY-MM-DD HH:mm" wall time, as a rule day. */
function dayOf(value: string): Day {
  return DAYS[isoWeekday(value.trim().slice(0, 10)) - 1] ?? "mo";
}

function toRecurrence(v: Values): Recurrence | null {
  if (v.repeat === "none") return null;
  return {
    freq: v.repeat,
    interval: Number(v.interval) || 1,
    weekdays: v.repeat === "weekly" ? v.weekdays : [],
    until: v.ends === "until" ? v.until.trim() : null,
    count: v.ends === "count" ? Number(v.count) || 1 : null,
  };
}

/** The next full hour on the meeting zone's clock, lasting `minutes`. */
function defaultStart(zone: string, minutes = 60): [string, string] {
  const start = nextFullHour(zone);
  const end = new Date(new Date(start).getTime() + minutes * 60_000).toISOString();
  return [toZonedInput(start, zone), toZonedInput(end, zone)];
}

const dateTimeRule = (zoneOf: (v: Values) => string) => (value: string, values: Values) => {
  if (value.trim() === "") return "errors:rule.required";
  return fromZonedInput(value, zoneOf(values)) ? null : "errors:rule.invalid_date";
};

/**
 * What a new meeting starts with: a follow-up copies the meeting it follows, a template gives the title and length.
 * Times are UTC RFC 3339; without them the meeting starts at the next full hour and lasts `durationMinutes`.
 */
export type MeetingPreset = {
  title?: string;
  start?: string;
  end?: string;
  durationMinutes?: number;
  timeZone?: string;
  location?: string | null;
  organizer?: Option | null;
  attendees?: Option[];
  project?: Option | null;
  organizations?: Option[];
  previous?: Option | null;
  templateId?: string | null;
  /** The planned minutes of the template's agenda, compared with the meeting's length in the form. */
  agendaMinutes?: number;
};

/** A preset for the meeting that follows `m`: same people, project and length, one week later at the same time on
 * the meeting zone's clock (a week that holds a daylight-saving change is 167 or 169 hours long). */
export function followUpPreset(m: Meeting): MeetingPreset {
  const shift = (iso: string) => addWeeks(iso, 1, m.time_zone);
  return {
    title: m.title,
    start: shift(m.starts_at),
    end: shift(m.ends_at),
    timeZone: m.time_zone,
    location: m.location,
    // A follow-up is a new meeting: it may not add references to deleted records, so they are left out.
    organizer:
      m.organizer_contact_id && m.organizer_name && !isDeletedRef(m, "organizer_contact_id")
        ? { value: m.organizer_contact_id, label: m.organizer_name }
        : null,
    attendees: m.attendees.filter((a) => !a.deleted).map((a) => ({ value: a.contact_id, label: a.name })),
    project:
      m.project_id && m.project_name && !isDeletedRef(m, "project_id")
        ? { value: m.project_id, label: m.project_name }
        : null,
    organizations: m.organizations
      .filter((o) => !o.deleted)
      .map((o) => ({ value: o.organization_id, label: o.name })),
    previous: { value: m.id, label: meetingLabel(m.title, m.starts_at, m.time_zone) },
  };
}

/** The meeting's length in milliseconds while both times are readable, else null. */
function lengthOf(v: { starts_at: string; ends_at: string; time_zone: string }): number | null {
  const [start, end] = [v.starts_at, v.ends_at].map((x) => fromZonedInput(x, v.time_zone));
  return start && end ? new Date(end).getTime() - new Date(start).getTime() : null;
}

/**
 * A new start moves the end with it, so the meeting keeps its length: the length of the last moment both times
 * were readable (typing a start passes through unreadable text), in real time, so a move across a daylight-saving
 * change keeps the hours rather than the clock reading.
 */
function startKeepingLength(
  v: { starts_at: string; ends_at: string; time_zone: string },
  next: string,
  lastLength: number | null,
): { starts_at: string; ends_at?: string } {
  const start = fromZonedInput(next, v.time_zone);
  const length = lengthOf(v) ?? lastLength;
  if (!start || length === null) return { starts_at: next };
  const end = new Date(new Date(start).getTime() + length).toISOString();
  return { starts_at: next, ends_at: toZonedInput(end, v.time_zone) };
}

/** The template's agenda does not fit the meeting: say so before saving, with a one-click longer meeting. */
function AgendaLengthWarning({
  form,
  agendaMinutes,
}: {
  form: UseFormReturnType<Values>;
  agendaMinutes: number;
}) {
  const { t } = useTranslation();
  const ms = lengthOf(form.values);
  const start = fromZonedInput(form.values.starts_at, form.values.time_zone);
  if (ms === null || !start || agendaMinutes * 60_000 <= ms) return null;
  const extend = () =>
    form.setFieldValue(
      "ends_at",
      toZonedInput(
        new Date(new Date(start).getTime() + agendaMinutes * 60_000).toISOString(),
        form.values.time_zone,
      ),
    );
  return (
    <Alert
      color="yellow"
      variant="light"
      data-testid="agenda-too-long"
      icon={<IconAlertTriangle size={18} />}
    >
      <Group justify="space-between" gap="xs">
        <Text size="sm">
          {t("template.tooLong", { agenda: agendaMinutes, meeting: Math.round(ms / 60_000) })}
        </Text>
        <Button size="compact-sm" variant="light" onClick={extend} data-testid="agenda-extend">
          {t("template.extend", { minutes: agendaMinutes })}
        </Button>
      </Group>
    </Alert>
  );
}

function presetTimes(p: MeetingPreset, zone: string): [string, string] {
  if (p.start && p.end) return [toZonedInput(p.start, zone), toZonedInput(p.end, zone)];
  const [s, e] = defaultStart(zone, p.durationMinutes);
  return [s, e];
}

export function MeetingForm({
  meeting,
  initialTimes,
  preset,
  onClose,
  onSaved,
}: {
  meeting?: Meeting;
  /** Start and end (UTC RFC 3339) for a new meeting, e.g. the slot selected in the planner. */
  initialTimes?: { start: string; end: string };
  /** Fields a new meeting starts with (follow-up, template). */
  preset?: MeetingPreset;
  onClose: () => void;
  onSaved?: (m: Meeting) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const zone = meeting?.time_zone ?? preset?.timeZone ?? userTimeZone();
  const [s0, e0] = meeting
    ? [toZonedInput(meeting.starts_at, zone), toZonedInput(meeting.ends_at, zone)]
    : initialTimes
      ? [toZonedInput(initialTimes.start, zone), toZonedInput(initialTimes.end, zone)]
      : preset
        ? presetTimes(preset, zone)
        : defaultStart(zone);
  const rule = meeting?.recurrence ?? null;
  const previous: Option | null = meeting
    ? refOption(
        t,
        meeting.previous_meeting_id,
        meeting.previous_meeting_title,
        isDeletedRef(meeting, "previous_meeting_id"),
      )
    : (preset?.previous ?? null);
  const organizer: Option | null = meeting
    ? refOption(
        t,
        meeting.organizer_contact_id,
        meeting.organizer_name,
        isDeletedRef(meeting, "organizer_contact_id"),
      )
    : (preset?.organizer ?? null);
  const project: Option | null = meeting
    ? refOption(t, meeting.project_id, meeting.project_name, isDeletedRef(meeting, "project_id"))
    : (preset?.project ?? null);
  const attendees: Option[] = meeting
    ? meeting.attendees.map((a) => ({
        value: a.contact_id,
        label: deletedLabel(t, a.name, a.deleted),
        deleted: a.deleted,
      }))
    : (preset?.attendees ?? []);
  const organizations: Option[] = meeting
    ? meeting.organizations.map((o) => ({
        value: o.organization_id,
        label: deletedLabel(t, o.name, o.deleted),
      }))
    : (preset?.organizations ?? []);
  const [addedOrgs, setAddedOrgs] = useState<Option[]>([]);
  const form = useForm<Values>({
    initialValues: {
      title: meeting?.title ?? preset?.title ?? "",
      starts_at: s0,
      ends_at: e0,
      time_zone: zone,
      location: meeting?.location ?? preset?.location ?? "",
      organizer_contact_id: organizer?.value ?? null,
      attendee_ids: attendees.map((a) => a.value),
      project_id: project?.value ?? null,
      organization_ids: organizations.map((o) => o.value),
      previous_meeting_id: previous?.value ?? null,
      repeat: rule?.freq ?? "none",
      interval: rule?.interval ?? 1,
      weekdays: rule && rule.weekdays.length > 0 ? rule.weekdays : [dayOf(s0)],
      ends: rule?.until ? "until" : rule?.count ? "count" : "never",
      until: rule?.until ?? "",
      count: rule?.count ?? 10,
    },
    validate: {
      title: required,
      starts_at: dateTimeRule((v) => v.time_zone),
      ends_at: dateTimeRule((v) => v.time_zone),
      until: (value, v) => {
        if (v.repeat === "none" || v.ends !== "until") return null;
        if (value.trim() === "") return "errors:rule.required";
        return parseDate(value) ? null : "errors:rule.invalid_date";
      },
    },
  });
  const fp = useFieldProps(form);
  // The last length both times gave, for a start typed character by character.
  const length = useRef<number | null>(lengthOf(form.values));
  // A meeting with no time given yet starts in the next free slot within working hours, on a working day, rather
  // than at the next full hour whatever the day; the first guess stays until the answer, and a time the user already
  // entered is never replaced.
  const suggest = !meeting && !initialTimes && !(preset?.start && preset?.end);
  const minutes = preset?.durationMinutes ?? 60;
  useEffect(() => {
    if (!suggest) return;
    let live = true;
    void commands
      .plannerFreeSlot({
        contact_ids: [],
        department_ids: [],
        duration_minutes: minutes,
        after: new Date().toISOString(),
        time_zone: zone,
        ignore_key: null,
        within_days: null,
        before: null,
      })
      .then((r) => {
        if (!live || r.status !== "ok" || !r.data) return;
        if (form.isDirty("starts_at") || form.isDirty("ends_at")) return;
        form.setValues({
          starts_at: toZonedInput(r.data.start, zone),
          ends_at: toZonedInput(r.data.end, zone),
        });
        form.resetDirty();
      });
    return () => {
      live = false;
    };
    // Once, when the form opens: `form` is a new object on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [suggest, minutes, zone]);
  const questions = useSeriesQuestions(zone);
  // An occurrence of a series: a new time, zone or rule asks which occurrences it applies to, and lists what the
  // change would leave behind before it is saved.
  const saveOccurrence = async (
    m: Meeting & { series_id: string; occurrence: string },
    input: MeetingInput,
    confirmed: () => Promise<boolean>,
  ) => {
    const { retimed, ruleChanged } = seriesChange(m, input);
    const scope = retimed ? await questions.chooseScope(!ruleChanged) : "all";
    if (scope === null) throw new Abandoned();
    const edit = { scope, occurrence: m.occurrence, input };
    if (scope !== "this") {
      const orphans = await unwrap(commands.meetingSeriesPreview(m.series_id, edit));
      if (orphans.length > 0 && !(await questions.confirmOrphans(orphans))) throw new Abandoned();
    }
    if (!(await confirmed())) throw new Abandoned();
    return unwrap(commands.meetingSeriesSave(m.series_id, edit));
  };
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
    recurrence: toRecurrence(v),
    previous_meeting_id: v.previous_meeting_id,
    // Only a new meeting starts from a template (the backend copies its agenda and notes once).
    template_id: meeting ? null : (preset?.templateId ?? null),
  });

  // Rescheduling a meeting others attend asks first (naming them) and then offers the updated invitation.
  const moveOf = (input: MeetingInput): Move | null =>
    meeting &&
    (!sameInstant(input.starts_at, meeting.starts_at) || !sameInstant(input.ends_at, meeting.ends_at))
      ? {
          id: meeting.id,
          title: input.title,
          start: input.starts_at,
          end: input.ends_at,
          timeZone: input.time_zone,
          people: meeting.attendees.filter((a) => !a.deleted).map((a) => a.name),
        }
      : null;
  const save = async (v: Values) => {
    const input = toInput(v);
    const move = moveOf(input);
    // For an occurrence, which occurrences move is asked first; then who is affected.
    const confirmed = async () => !move || (await confirmMove(t, move));
    let saved: Meeting;
    if (meeting?.series_id && meeting.occurrence) {
      saved = await saveOccurrence(
        { ...meeting, series_id: meeting.series_id, occurrence: meeting.occurrence },
        input,
        confirmed,
      );
    } else {
      if (!(await confirmed())) throw new Abandoned();
      saved = await unwrap(
        meeting ? commands.meetingUpdate(meeting.id, input) : commands.meetingCreate(input),
      );
    }
    if (move) offerInvitation(t, move);
    return saved;
  };

  return (
    <FormModal
      opened
      size="xl"
      onClose={onClose}
      title={meeting ? t("edit.meeting") : preset?.previous ? t("new.followUp") : t("new.meeting")}
      form={form}
      submitTestId="meeting-form-submit"
      fieldOf={repeatField}
      submit={save}
      onSaved={(m) => {
        void invalidateEntity(client, "meeting");
        onSaved?.(m);
        onClose();
      }}
    >
      <TextInput label={t("fields.meetingTitle")} withAsterisk data-autofocus {...fp("title")} />
      <SimpleGrid cols={3}>
        <DateField
          label={t("fields.startsAt")}
          withTime
          withAsterisk
          {...fp("starts_at")}
          onChange={(v) => {
            length.current = lengthOf(form.values) ?? length.current;
            form.setValues(startKeepingLength(form.values, v, length.current));
          }}
        />
        <DateField label={t("fields.endsAt")} withTime withAsterisk {...fp("ends_at")} />
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
      <AgendaLengthWarning form={form} agendaMinutes={preset?.agendaMinutes ?? 0} />
      <RecurrenceFields form={form} />
      <SimpleGrid cols={2}>
        <TextInput label={t("fields.location")} {...fp("location")} />
        <EntityPicker
          label={t("fields.organizer")}
          loader={loaders.contacts()}
          initial={organizer}
          {...fp("organizer_contact_id")}
        />
      </SimpleGrid>
      <EntityMultiPicker
        label={t("fields.attendees")}
        loader={loaders.attendees()}
        initial={attendees}
        {...fp("attendee_ids")}
        onExpand={async (v) => {
          // Inviting an organization's people makes it a party to the meeting too.
          const id = everyoneOf(v);
          if (!id || form.getValues().organization_ids.includes(id)) return;
          const org = await unwrap(commands.organizationGet(id));
          setAddedOrgs((o) => [...o, { value: org.id, label: org.name }]);
          form.setFieldValue("organization_ids", [...form.getValues().organization_ids, org.id]);
        }}
      />
      <SimpleGrid cols={2}>
        <EntityPicker
          label={t("fields.project")}
          loader={loaders.projects()}
          initial={project}
          {...fp("project_id")}
        />
        <EntityMultiPicker
          label={t("fields.organizations")}
          loader={loaders.organizations()}
          initial={[...organizations, ...addedOrgs]}
          {...fp("organization_ids")}
        />
      </SimpleGrid>
      {/* An occurrence follows the one before it; what the series follows is kept. */}
      {!meeting?.series_id && (
        <EntityPicker
          label={t("fields.previousMeeting")}
          placeholder={t("meeting.previousPlaceholder")}
          loader={loaders.meetings(meeting?.id ?? null)}
          initial={previous}
          {...fp("previous_meeting_id")}
        />
      )}
      {questions.element}
    </FormModal>
  );
}

const sameInstant = (a: string, b: string) => Date.parse(a) === Date.parse(b);

/** The backend names repeat-rule fields "recurrence.until", "recurrence.interval", …; here each has its own input. */
const repeatField = (field: string) => field.replace(/^recurrence\./, "");

/** Repeat daily, weekly on chosen days, or monthly; every N; until a date or N times. */
function RecurrenceFields({ form }: { form: ReturnType<typeof useForm<Values>> }) {
  const { t } = useTranslation();
  const fp = useFieldProps(form);
  const v = form.values;
  return (
    <Stack gap="xs" data-testid="recurrence">
      <Group gap="sm" align="flex-end">
        <Select
          label={t("recurrence.repeat")}
          allowDeselect={false}
          data={(["none", "daily", "weekly", "monthly"] as const).map((r) => ({
            value: r,
            label: t(`recurrence.freq.${r}`),
          }))}
          w={160}
          {...fp("repeat")}
        />
        {v.repeat !== "none" && (
          <NumberInput
            label={t(`recurrence.every.${v.repeat}`)}
            min={1}
            max={99}
            w={120}
            {...fp("interval")}
          />
        )}
        {v.repeat !== "none" && (
          <SegmentedControl
            aria-label={t("recurrence.ends")}
            data={(["never", "until", "count"] as const).map((e) => ({
              value: e,
              label: t(`recurrence.end.${e}`),
            }))}
            {...fp("ends")}
          />
        )}
        {v.repeat !== "none" && v.ends === "until" && (
          <DateField label={t("recurrence.untilDate")} w={170} {...fp("until")} />
        )}
        {v.repeat !== "none" && v.ends === "count" && (
          <NumberInput label={t("recurrence.times")} min={1} max={999} w={110} {...fp("count")} />
        )}
      </Group>
      {v.repeat === "weekly" && (
        <Chip.Group multiple value={v.weekdays} onChange={(d) => form.setFieldValue("weekdays", d as Day[])}>
          <Group gap={6} aria-label={t("recurrence.onDays")} role="group">
            {DAYS.map((d) => (
              <Chip key={d} value={d} size="xs">
                {t(`recurrence.day.${d}`)}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      )}
      {typeof form.errors.weekdays === "string" && (
        <Input.Error data-testid="field-error-weekdays">{t(form.errors.weekdays)}</Input.Error>
      )}
    </Stack>
  );
}
