import { useState } from "react";
import { Anchor, Badge, Group, List, Select, SimpleGrid, Stack, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconClock, IconMapPin, IconRepeat } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { describeRecurrence } from "./recurrence";
import { Link, useNavigate } from "react-router";
import { commands, type Meeting } from "../../bindings";
import { DetailHeader, DetailSkeleton, InfoGrid, Section } from "../../components/Detail";
import {
  ListPage,
  PAGE_SIZE,
  QueryError,
  ROW_HEIGHT_TWO_LINE,
  useInfiniteList,
} from "../../components/ListPage";
import { Markdown } from "../../components/Markdown";
import { RowLayout, StackedCell } from "../../components/Row";
import { useDeleteWithUndo } from "../../components/undo";
import {
  formatDateTime,
  formatDayLabel,
  formatTime,
  formatWeekdayTime,
  systemTimeZone,
} from "../../lib/format";
import { keys, useDetailQuery } from "../../lib/queryClient";
import { TaskSection } from "../tasks/TaskList";
import { MeetingForm } from "./MeetingForm";
import { SortSelect } from "../../components/SortSelect";

type Sort = "starts_desc" | "starts_asc";
type Range = "all" | "upcoming" | "past";

export function MeetingRow({ meeting: m }: { meeting: Meeting }) {
  const { t } = useTranslation();
  return (
    <RowLayout
      leadKind="date"
      lead={
        <StackedCell
          top={formatDayLabel(m.starts_at)}
          bottom={formatWeekdayTime(m.starts_at)}
          title={formatDateTime(m.starts_at, m.time_zone)}
        />
      }
      title={m.title}
      meta={[m.project_name, m.location, t("meeting.attendeeCount", { count: m.attendees.length })]}
    />
  );
}

export function MeetingListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [sort, setSort] = useState<Sort>("starts_desc");
  const [range, setRange] = useState<Range>("all");
  const [creating, setCreating] = useState(false);
  // Computed once per range change so the query key stays stable while the page is open.
  const [now] = useState(() => new Date().toISOString().replace(/\.\d{3}Z$/, "Z"));
  const from = range === "upcoming" ? now : null;
  const to = range === "past" ? now : null;
  const query = useInfiniteList(keys.list("meeting", { search: debounced, sort, range }), (cursor) =>
    commands.meetingList({
      search: debounced || null,
      project_id: null,
      from,
      to,
      sort,
      cursor,
      limit: PAGE_SIZE,
    }),
  );
  return (
    <>
      <ListPage
        title={t("nav.meetings")}
        newLabel={t("new.meeting")}
        onNew={() => setCreating(true)}
        search={search}
        onSearch={setSearch}
        searching={debounced !== "" || range !== "all"}
        toolbar={
          <>
            <Select
              aria-label={t("meeting.range")}
              data={[
                { value: "all", label: t("meeting.rangeAll") },
                { value: "upcoming", label: t("meeting.rangeUpcoming") },
                { value: "past", label: t("meeting.rangePast") },
              ]}
              value={range}
              onChange={(v) => v && setRange(v as Range)}
              allowDeselect={false}
              w={140}
            />
            <SortSelect<Sort>
              options={[
                ["starts_desc", "startsDesc"],
                ["starts_asc", "startsAsc"],
              ]}
              value={sort}
              onChange={setSort}
            />
          </>
        }
        query={query}
        rowLabel={(m) => m.title}
        onOpen={(m) => navigate(`/meetings/${m.id}`)}
        emptyText={t("empty.meetings")}
        rowHeight={ROW_HEIGHT_TWO_LINE}
        renderRow={(m) => <MeetingRow meeting={m} />}
      />
      {creating && (
        <MeetingForm onClose={() => setCreating(false)} onSaved={(m) => navigate(`/meetings/${m.id}`)} />
      )}
    </>
  );
}

export function MeetingDetailPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const { query: q } = useDetailQuery("meeting", commands.meetingGet);
  const del = useDeleteWithUndo("meeting", commands.meetingDelete, commands.meetingRestore);
  if (q.isPending) return <DetailSkeleton />;
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const m = q.data;
  const localZone = systemTimeZone();
  return (
    <Stack gap="md">
      <DetailHeader
        title={m.title}
        backTo="/meetings"
        backLabel={t("nav.meetings")}
        onEdit={() => setEditing(true)}
        onDelete={() => void del(m.id, m.title, () => navigate("/meetings"))}
      />
      <Section title={t("detail.details")}>
        <InfoGrid
          items={[
            {
              label: t("detail.time"),
              value: (
                <Stack gap={0}>
                  <Group gap={4} wrap="nowrap">
                    <IconClock size={14} aria-hidden />
                    <Text size="sm">
                      {formatDateTime(m.starts_at, m.time_zone)} – {formatTime(m.ends_at, m.time_zone)}
                    </Text>
                  </Group>
                  <Text size="xs" c="dimmed">
                    {m.time_zone}
                    {m.time_zone !== localZone &&
                      ` · ${t("meeting.localTime", { time: formatDateTime(m.starts_at) })}`}
                  </Text>
                  {m.recurrence && (
                    <Group gap={4} wrap="nowrap" data-testid="meeting-recurrence">
                      <IconRepeat size={14} aria-hidden />
                      <Text size="sm">{describeRecurrence(t, m.recurrence)}</Text>
                    </Group>
                  )}
                </Stack>
              ),
            },
            {
              label: t("fields.location"),
              value: m.location ? (
                <Group gap={4} wrap="nowrap">
                  <IconMapPin size={14} aria-hidden />
                  <Text size="sm">{m.location}</Text>
                </Group>
              ) : null,
            },
            {
              label: t("fields.organizer"),
              value: m.organizer_contact_id ? (
                <Anchor component={Link} to={`/contacts/${m.organizer_contact_id}`} size="sm">
                  {m.organizer_name}
                </Anchor>
              ) : null,
            },
            {
              label: t("fields.project"),
              value: m.project_id ? (
                <Anchor component={Link} to={`/projects/${m.project_id}`} size="sm">
                  {m.project_name}
                </Anchor>
              ) : null,
            },
            {
              label: t("fields.organizations"),
              value: m.organizations.length ? (
                <Group gap={6}>
                  {m.organizations.map((o) => (
                    <Anchor
                      key={o.organization_id}
                      component={Link}
                      to={`/organizations/${o.organization_id}`}
                      size="sm"
                    >
                      {o.name}
                    </Anchor>
                  ))}
                </Group>
              ) : null,
            },
          ]}
        />
      </Section>
      <Section title={t("detail.attendeesWithCount", { count: m.attendees.length })}>
        {m.attendees.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("empty.attendees")}
          </Text>
        ) : (
          <Group gap={6}>
            {m.attendees.map((a) => (
              <Badge
                key={a.contact_id}
                component={Link}
                to={`/contacts/${a.contact_id}`}
                variant="light"
                color="gray"
                tt="none"
                style={{ cursor: "pointer" }}
              >
                {a.name}
              </Badge>
            ))}
          </Group>
        )}
      </Section>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Section title={t("fields.agenda")}>
          {m.agenda ? (
            <Markdown source={m.agenda} />
          ) : (
            <Text size="sm" c="dimmed">
              {t("empty.agenda")}
            </Text>
          )}
        </Section>
        <Section title={t("fields.notes")}>
          {m.notes ? (
            <Markdown source={m.notes} />
          ) : (
            <Text size="sm" c="dimmed">
              {t("empty.notes")}
            </Text>
          )}
        </Section>
      </SimpleGrid>
      <Section title={t("fields.decisions")}>
        {m.decisions.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("empty.decisions")}
          </Text>
        ) : (
          <List size="sm" spacing={4}>
            {m.decisions.map((d, i) => (
              <List.Item key={i}>{d}</List.Item>
            ))}
          </List>
        )}
      </Section>
      <TaskSection
        title={t("detail.actionItems")}
        meetingId={m.id}
        projectId={m.project_id ?? undefined}
        projectName={m.project_name ?? undefined}
        addLabel={t("actions.addActionItem")}
        emptyText={t("empty.actionItems")}
        quickAdd
      />
      {editing && <MeetingForm meeting={m} onClose={() => setEditing(false)} />}
    </Stack>
  );
}
