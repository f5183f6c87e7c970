import { useState, type ReactNode } from "react";
import { LogMeetingItem } from "../relationships/Relationship";
import {
  ActionIcon,
  Anchor,
  Button,
  Grid,
  Group,
  Menu,
  Paper,
  Select,
  Stack,
  Tabs,
  Text,
  Tooltip,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import {
  IconArrowBackUp,
  IconBriefcase,
  IconBuilding,
  IconCalendarPlus,
  IconChevronLeft,
  IconChevronRight,
  IconClock,
  IconDots,
  IconFileExport,
  IconMapPin,
  IconRepeat,
  IconTemplate,
  IconUser,
} from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useNavigate, useParams } from "react-router";
import { commands, type Meeting } from "../../bindings";
import { DetailHeader, DetailSkeleton } from "../../components/Detail";
import {
  ListPage,
  PAGE_SIZE,
  QueryError,
  ROW_HEIGHT_TWO_LINE,
  useInfiniteList,
} from "../../components/ListPage";
import { SortSelect } from "../../components/SortSelect";
import { useDeleteWithUndo } from "../../components/undo";
import { formatDateTime, formatTime, userTimeZone } from "../../lib/format";
import { keys, useDetailQuery } from "../../lib/queryClient";
import { ActionItemsSection, CarriedItemsSection } from "./ActionItems";
import { AgendaSection } from "./Agenda";
import { AttendanceSection } from "./Attendance";
import { BatchExportModal } from "./BatchExportModal";
import { BriefPanel } from "./Brief";
import { DecisionResults, DecisionSearchInput } from "./DecisionSearch";
import { DecisionsSection } from "./Decisions";
import { ExportModal } from "./ExportModal";
import { followUpPreset, MeetingForm, type MeetingPreset } from "./MeetingForm";
import { NotesSection } from "./Notes";
import { describeRecurrence } from "./recurrence";
import { SaveTemplateModal, TemplateMenu, templatePreset } from "./Templates";
import { RefName, isDeletedRef } from "../../components/RefName";
import { OrganizationFilter, useOrganizationFilter } from "../organizations/OrganizationFilter";
import { useSearchParam } from "../../lib/searchParam";
import { meetingPath, MeetingRow, RANGE_PARAM } from "./MeetingRow";

type Sort = "starts_desc" | "starts_asc";
const RANGES = ["all", "upcoming", "past"] as const;
type Range = (typeof RANGES)[number];

export function MeetingListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [decisionSearch, setDecisionSearch] = useState("");
  const [sort, setSort] = useState<Sort>("starts_desc");
  const [asked, setRangeParam] = useSearchParam(RANGE_PARAM);
  const range: Range = RANGES.find((r) => r === asked) ?? "all";
  const setRange = (next: Range) => setRangeParam(next === "all" ? null : next);
  // null: closed; a preset (possibly empty) opens the form.
  const [creating, setCreating] = useState<MeetingPreset | null>(null);
  const [batch, setBatch] = useState(false);
  // Computed once per range change so the query key stays stable while the page is open.
  const [now] = useState(() => new Date().toISOString().replace(/\.\d{3}Z$/, "Z"));
  const from = range === "upcoming" ? now : null;
  const to = range === "past" ? now : null;
  const [organization, setOrganization] = useOrganizationFilter();
  const query = useInfiniteList(
    keys.list("meeting", { search: debounced, sort, range, organization }),
    (cursor) =>
      commands.meetingList({
        search: debounced || null,
        project_id: null,
        organization_id: organization,
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
        onNew={() => setCreating({})}
        actions={
          <>
            <TemplateMenu onPick={(tpl) => setCreating(templatePreset(tpl))} />
            <Button
              variant="default"
              leftSection={<IconFileExport size={16} />}
              onClick={() => setBatch(true)}
              data-testid="meeting-batch-export"
            >
              {t("batch.open")}
            </Button>
          </>
        }
        search={search}
        onSearch={setSearch}
        searching={debounced !== "" || range !== "all" || !!organization}
        toolbar={
          <>
            <DecisionSearchInput value={decisionSearch} onChange={setDecisionSearch} />
            <OrganizationFilter value={organization} onChange={setOrganization} />
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
              w={130}
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
        belowToolbar={<DecisionResults search={decisionSearch} />}
        query={query}
        rowLabel={(m) => m.title}
        onOpen={(m) => navigate(`/meetings/${m.id}`)}
        emptyText={t("empty.meetings")}
        rowHeight={ROW_HEIGHT_TWO_LINE}
        renderRow={(m) => <MeetingRow meeting={m} />}
      />
      {creating && (
        <MeetingForm
          preset={creating}
          onClose={() => setCreating(null)}
          onSaved={(m) => navigate(`/meetings/${m.id}`)}
        />
      )}
      {batch && <BatchExportModal onClose={() => setBatch(false)} />}
    </>
  );
}

function Fact({
  icon,
  label,
  children,
  testId,
}: {
  icon: ReactNode;
  label: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Group gap={6} wrap="nowrap" align="center" data-testid={testId} style={{ minWidth: 0 }}>
      <Tooltip label={label}>
        <Group c="dimmed" aria-label={label} role="img" style={{ flexShrink: 0 }}>
          {icon}
        </Group>
      </Tooltip>
      <Text size="sm" component="div" style={{ minWidth: 0, wordBreak: "break-word" }}>
        {children}
      </Text>
    </Group>
  );
}

/** Everything about the meeting at a glance: when, where, for which project, who organizes, what it follows. */
function MeetingFacts({ meeting: m }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const localZone = userTimeZone();
  return (
    <Paper withBorder radius="md" px="md" py="sm" data-testid="meeting-facts">
      <Group gap="lg" style={{ rowGap: 6 }}>
        <Fact icon={<IconClock size={16} />} label={t("detail.time")} testId="meeting-time">
          {formatDateTime(m.starts_at, m.time_zone)} – {formatTime(m.ends_at, m.time_zone)}
          <Text span size="xs" c="dimmed">
            {" "}
            {m.time_zone}
            {m.time_zone !== localZone &&
              ` · ${t("meeting.localTime", { time: formatDateTime(m.starts_at) })}`}
          </Text>
        </Fact>
        {m.recurrence && (
          <Fact icon={<IconRepeat size={16} />} label={t("recurrence.repeat")} testId="meeting-recurrence">
            {describeRecurrence(t, m.recurrence)}
          </Fact>
        )}
        {m.location && (
          <Fact icon={<IconMapPin size={16} />} label={t("fields.location")} testId="meeting-location">
            {m.location}
          </Fact>
        )}
        {m.project_id && (
          <Fact icon={<IconBriefcase size={16} />} label={t("fields.project")} testId="meeting-project">
            <Anchor component={Link} to={`/projects/${m.project_id}`} size="sm">
              <RefName name={m.project_name} deleted={isDeletedRef(m, "project_id")} />
            </Anchor>
          </Fact>
        )}
        {m.organizer_contact_id && (
          <Fact icon={<IconUser size={16} />} label={t("fields.organizer")} testId="meeting-organizer">
            <Anchor component={Link} to={`/contacts/${m.organizer_contact_id}`} size="sm">
              <RefName name={m.organizer_name} deleted={isDeletedRef(m, "organizer_contact_id")} />
            </Anchor>
          </Fact>
        )}
        {m.organizations.length > 0 && (
          <Fact
            icon={<IconBuilding size={16} />}
            label={t("fields.organizations")}
            testId="meeting-organizations"
          >
            {m.organizations.map((o, i) => (
              <span key={o.organization_id}>
                {i > 0 && t("recurrence.listSeparator")}
                <Anchor component={Link} to={`/organizations/${o.organization_id}`} size="sm">
                  <RefName name={o.name} deleted={o.deleted} />
                </Anchor>
              </span>
            ))}
          </Fact>
        )}
        {m.previous_meeting_id && (
          <Fact
            icon={<IconArrowBackUp size={16} />}
            label={t("fields.previousMeeting")}
            testId="meeting-previous"
          >
            {t("meeting.follows")}{" "}
            <Anchor component={Link} to={meetingPath(m.previous_meeting_id)} size="sm">
              <RefName name={m.previous_meeting_title} deleted={isDeletedRef(m, "previous_meeting_id")} />
            </Anchor>
          </Fact>
        )}
      </Group>
    </Paper>
  );
}

/** One occurrence of a series: which one it is, and the way to the one before and after it. */
function OccurrenceNav({ meeting: m }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const series = m.series_id;
  const nav = m.occurrences;
  if (!series || !m.occurrence || !nav) return null;
  const step = (target: string | null, side: "previous" | "next") => {
    const icon = side === "previous" ? <IconChevronLeft size={14} /> : <IconChevronRight size={14} />;
    const props = {
      variant: "default",
      size: "xs",
      leftSection: side === "previous" ? icon : undefined,
      rightSection: side === "next" ? icon : undefined,
      "data-testid": `occurrence-${side}`,
    } as const;
    return target ? (
      <Button {...props} component={Link} to={meetingPath(`${series}@${target}`)}>
        {t(`series.${side}`)}
      </Button>
    ) : (
      <Button {...props} disabled>
        {t(`series.${side}`)}
      </Button>
    );
  };
  return (
    <Group gap="xs" data-testid="occurrence-nav">
      {step(nav.previous, "previous")}
      <Text size="sm" fw={500} data-testid="occurrence-date">
        {t("series.occurrenceOf", { date: formatDateTime(m.occurrence, m.time_zone) })}
      </Text>
      {step(nav.next, "next")}
    </Group>
  );
}

type Dialog = "edit" | "export" | "followUp" | "template" | null;

export function MeetingDetailPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [tab, setTab] = useState<string | null>("minutes");
  // An occurrence of a series is opened by its key "SERIES@OCCURRENCE" (its original start), row or not.
  const params = useParams<{ id: string; occurrence?: string }>();
  const id = params.occurrence ? `${params.id ?? ""}@${params.occurrence}` : (params.id ?? "");
  const { query: q } = useDetailQuery("meeting", commands.meetingGet, id);
  const del = useDeleteWithUndo("meeting", commands.meetingDelete, commands.meetingRestore);
  if (q.isPending) return <DetailSkeleton />;
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const m = q.data;
  // A series opens at the occurrence held last (else the next); an occurrence's row opens under its key.
  const current = m.occurrences?.current;
  if (m.series_id === null && current && !params.occurrence) {
    return <Navigate replace to={meetingPath(`${m.id}@${current}`)} />;
  }
  if (m.series_id && m.occurrence && !params.occurrence) {
    return <Navigate replace to={meetingPath(`${m.series_id}@${m.occurrence}`)} />;
  }
  const close = () => setDialog(null);
  // Deleting from an occurrence deletes the series it belongs to (one occurrence is cancelled in the planner).
  const deleteId = m.series_id ?? m.id;
  return (
    <Stack gap="md" data-testid="meeting-page">
      <DetailHeader
        title={m.title}
        backTo="/meetings"
        backLabel={t("nav.meetings")}
        onEdit={() => setDialog("edit")}
        onDelete={() => void del(deleteId, m.title, () => navigate("/meetings"))}
        actions={
          <>
            <Button
              variant="default"
              leftSection={<IconFileExport size={16} />}
              onClick={() => setDialog("export")}
              data-testid="meeting-export"
            >
              {t("export.button")}
            </Button>
            <Button
              variant="default"
              leftSection={<IconCalendarPlus size={16} />}
              onClick={() => setDialog("followUp")}
              data-testid="meeting-follow-up"
            >
              {t("meeting.followUp")}
            </Button>
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon
                  variant="default"
                  size="input-sm"
                  aria-label={t("actions.more")}
                  data-testid="meeting-more"
                >
                  <IconDots size={16} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item
                  leftSection={<IconTemplate size={14} />}
                  onClick={() => setDialog("template")}
                  data-testid="meeting-save-template"
                >
                  {t("template.saveAs")}
                </Menu.Item>
                <LogMeetingItem meetingId={m.id} />
              </Menu.Dropdown>
            </Menu>
          </>
        }
      />
      <OccurrenceNav meeting={m} />
      <MeetingFacts meeting={m} />
      {/* Both panels stay mounted: the notes editor keeps its text (and its pending save) while the brief is read. */}
      <Tabs key={m.id} value={tab} onChange={setTab} keepMounted>
        <Tabs.List>
          <Tabs.Tab value="minutes" data-testid="minutes-tab">
            {t("meeting.minutesTab")}
          </Tabs.Tab>
          <Tabs.Tab value="brief" data-testid="brief-tab">
            {t("brief.tab")}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="minutes" pt="md">
          <Stack gap="md">
            <Grid gutter="md">
              <Grid.Col span={{ base: 12, md: 8 }}>
                <AgendaSection meeting={m} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 4 }}>
                <AttendanceSection meeting={m} />
              </Grid.Col>
            </Grid>
            <NotesSection key={m.id} meeting={m} />
            <DecisionsSection meeting={m} />
            <ActionItemsSection meeting={m} />
            <CarriedItemsSection meeting={m} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="brief" pt="md" data-testid="brief-panel">
          <BriefPanel meeting={m} active={tab === "brief"} />
        </Tabs.Panel>
      </Tabs>
      {dialog === "edit" && (
        <MeetingForm
          meeting={m}
          onClose={close}
          onSaved={(saved) => saved.id !== m.id && navigate(meetingPath(saved.id), { replace: true })}
        />
      )}
      {dialog === "followUp" && (
        <MeetingForm
          preset={followUpPreset(m)}
          onClose={close}
          onSaved={(next) => navigate(meetingPath(next.id))}
        />
      )}
      {dialog === "export" && <ExportModal meeting={m} onClose={close} />}
      {dialog === "template" && <SaveTemplateModal meeting={m} onClose={close} />}
    </Stack>
  );
}
