import { ReportTab } from "../projects/Report";
import { useState, type ReactNode } from "react";
import { RelationshipSection } from "../relationships/Relationship";
import { CommitmentsSection } from "../commitments/Commitments";
import { ConflictsSection } from "../conflicts/Conflicts";
import { ScorecardSection, SupplierScoreList } from "../suppliers/Scorecard";
import { Anchor, Badge, Box, Button, Group, SimpleGrid, Stack, Text, UnstyledButton } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconBriefcase, IconCalendarEvent, IconPlus, IconUsers } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useNavigate, useParams, useSearchParams } from "react-router";
import { commands, type Contact, type Organization } from "../../bindings";
import { DetailHeader, DetailSkeleton, InfoGrid, Section } from "../../components/Detail";
import {
  EmptyState,
  ListPage,
  PAGE_SIZE,
  QueryError,
  useInfiniteList,
  VirtualRows,
} from "../../components/ListPage";
import { RowLayout } from "../../components/Row";
import { useDeleteWithUndo } from "../../components/undo";
import { formatDateTime } from "../../lib/format";
import { keys, useDetailQuery } from "../../lib/queryClient";
import { unwrap } from "../../lib/ipc";
import { ORGANIZATION_PARAM } from "./OrganizationFilter";
import { ContactForm } from "../contacts/ContactForm";
import { ContactRow } from "../contacts/ContactPages";
import { isKindSlug, KIND_SLUGS, slugOf } from "./kinds";
import { OrganizationForm } from "./OrganizationForm";
import { DepartmentWorkSection } from "./DepartmentWork";
import { OrganizationDecisionsSection } from "../meetings/RecentDecisions";
import { MeetingRow } from "../meetings/MeetingRow";
import { ProjectRow } from "../projects/ProjectRow";
import { SortSelect } from "../../components/SortSelect";
import { RefName, isDeletedRef } from "../../components/RefName";

type Sort = "name" | "updated" | "score";

export function OrganizationListPage() {
  const { kind: slug } = useParams<{ kind: string }>();
  if (!isKindSlug(slug)) return <Navigate to="/dashboard" replace />;
  return <OrganizationList key={slug} slug={slug} />;
}

function OrganizationList({ slug }: { slug: keyof typeof KIND_SLUGS }) {
  const kind = KIND_SLUGS[slug];
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [params, setParams] = useSearchParams();
  const isSupplier = kind === "supplier";
  // Suppliers can also be listed by their scorecard's score, kept in the address (`?sort=score`) so the dashboard
  // can link to it and the sidebar's link goes back to the plain list.
  const [listOrder, setListOrder] = useState<"name" | "updated">("name");
  const sort: Sort = isSupplier && params.get("sort") === "score" ? "score" : listOrder;
  const setSort = (v: Sort) => {
    if (v === "score") {
      setParams({ sort: "score" });
    } else {
      setListOrder(v);
      if (params.has("sort")) setParams({});
    }
  };
  const [creating, setCreating] = useState(false);
  const listSort = sort === "score" ? "name" : sort;
  const query = useInfiniteList(
    keys.list("organization", { kind, search: debounced, sort: listSort }),
    (cursor) =>
      commands.organizationList({
        search: debounced || null,
        kind,
        sort: listSort,
        cursor,
        limit: PAGE_SIZE,
      }),
  );
  const isDept = kind === "department";
  const sortSelect = (
    <SortSelect<Sort>
      options={[
        ["name", "name"],
        ["updated", "updated"],
        ...(isSupplier ? [["score", "score"] as const] : []),
      ]}
      value={sort}
      onChange={setSort}
    />
  );
  if (sort === "score") return <SupplierScoreList toolbar={sortSelect} />;

  return (
    <>
      <ListPage
        title={t(`nav.${slug}`)}
        newLabel={t(`new.${kind}`)}
        onNew={() => setCreating(true)}
        search={search}
        onSearch={setSearch}
        searching={debounced !== ""}
        toolbar={sortSelect}
        query={query}
        rowLabel={(o) => o.name}
        onOpen={(o) => navigate(`/organizations/${o.id}`)}
        emptyText={t(`empty.${slug}`)}
        renderRow={(o: Organization) => (
          <RowLayout
            title={o.name}
            titleAddon={
              (o.tier || o.tags.length > 0) && (
                <Group gap={4} wrap="nowrap">
                  {o.tier && (
                    <Badge variant="light" color="gray" size="sm">
                      {o.tier}
                    </Badge>
                  )}
                  {o.tags.slice(0, 3).map((tag) => (
                    <Badge key={tag} variant="outline" color="gray" size="sm">
                      {tag}
                    </Badge>
                  ))}
                </Group>
              )
            }
            trail={
              <>
                {isDept && (
                  <Text size="sm" truncate w={160}>
                    <RefName name={o.lead_contact_name} deleted={isDeletedRef(o, "lead_contact_id")} />
                  </Text>
                )}
                {isDept && (
                  <Text size="sm" w={120} ta="right">
                    {o.weekly_capacity_hours === null
                      ? ""
                      : t("org.capacityShort", { hours: o.weekly_capacity_hours })}
                  </Text>
                )}
                <Group gap={4} wrap="nowrap" miw={40} justify="flex-end">
                  <IconUsers size={14} aria-hidden />
                  <Text size="sm" aria-label={t("org.contactCount", { count: o.contact_count })}>
                    {o.contact_count}
                  </Text>
                </Group>
              </>
            }
          />
        )}
      />
      {creating && (
        <OrganizationForm
          kind={kind}
          onClose={() => setCreating(false)}
          onSaved={(o) => navigate(`/organizations/${o.id}`)}
        />
      )}
    </>
  );
}

export function OrganizationDetailPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [addingContact, setAddingContact] = useState(false);
  const { id, query: q } = useDetailQuery("organization", commands.organizationGet);
  const contacts = useInfiniteList(
    keys.list("contact", { organization_id: id }),
    (cursor) =>
      commands.contactList({ search: null, organization_id: id, sort: "name", cursor, limit: PAGE_SIZE }),
    !!q.data,
  );
  const del = useDeleteWithUndo(
    "organization",
    commands.organizationDelete,
    commands.organizationRestore,
    commands.organizationDeleteWithContacts,
  );

  if (q.isPending) return <DetailSkeleton />;
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const o = q.data;
  const slug = slugOf(o.kind);
  const isDept = o.kind === "department";

  return (
    <Stack gap="md">
      <DetailHeader
        title={o.name}
        backTo={`/directory/${slug}`}
        backLabel={t(`nav.${slug}`)}
        badges={
          <>
            <Badge variant="light">{t(`kind.${o.kind}`)}</Badge>
            {o.tier && (
              <Badge variant="light" color="gray">
                {o.tier}
              </Badge>
            )}
          </>
        }
        actions={<RelatedLists organizationId={o.id} />}
        onEdit={() => setEditing(true)}
        onDelete={() => void del(o.id, o.name, () => navigate(`/directory/${slug}`))}
      />
      <Section title={t("detail.details")}>
        <InfoGrid
          items={[
            { label: t("fields.website"), value: o.website },
            { label: t("fields.address"), value: o.address },
            {
              label: t("fields.tags"),
              value: o.tags.length ? (
                <Group gap={4}>
                  {o.tags.map((tag) => (
                    <Badge key={tag} variant="outline" color="gray" size="sm" tt="none">
                      {tag}
                    </Badge>
                  ))}
                </Group>
              ) : null,
            },
            ...(isDept
              ? [
                  {
                    label: t("fields.lead_contact_id"),
                    value: o.lead_contact_id ? (
                      <Anchor component={Link} to={`/contacts/${o.lead_contact_id}`} size="sm">
                        <RefName name={o.lead_contact_name} deleted={isDeletedRef(o, "lead_contact_id")} />
                      </Anchor>
                    ) : null,
                  },
                  {
                    label: t("fields.weekly_capacity_hours"),
                    value: o.weekly_capacity_hours === null ? null : String(o.weekly_capacity_hours),
                  },
                ]
              : []),
            { label: t("fields.updated"), value: formatDateTime(o.updated_at) },
          ]}
        />
        {o.notes && (
          <Box mt="sm">
            <Text size="xs" c="dimmed" fw={500}>
              {t("fields.notes")}
            </Text>
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
              {o.notes}
            </Text>
          </Box>
        )}
      </Section>
      {o.kind === "supplier" && <ScorecardSection organizationId={o.id} />}
      <Section
        title={t("detail.contactsWithCount", { count: contacts.data?.pages[0]?.total ?? o.contact_count })}
        actions={
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} />}
            data-testid="org-add-contact"
            onClick={() => setAddingContact(true)}
          >
            {t("actions.addContact")}
          </Button>
        }
      >
        <Box data-testid="org-contacts">
          <VirtualRows
            query={contacts}
            rowTestId="contact-row"
            height={Math.min(360, Math.max(1, contacts.data?.pages[0]?.total ?? 1) * 48)}
            rowLabel={(c: Contact) => c.name}
            onOpen={(c) => navigate(`/contacts/${c.id}`)}
            renderRow={(c) => <ContactRow contact={c} showOrganization={false} />}
            empty={
              <EmptyState
                testId="org-contacts-empty"
                text={t("empty.orgContacts")}
                actionLabel={t("actions.addContact")}
                onAction={() => setAddingContact(true)}
              />
            }
          />
        </Box>
      </Section>
      <OrganizationWorkSection organizationId={o.id} />
      {isDept && <DepartmentWorkSection departmentId={o.id} />}
      {isDept && <ConflictsSection department={{ id: o.id, name: o.name }} />}
      <OrganizationDecisionsSection organizationId={o.id} />
      <CommitmentsSection party={{ organizationId: o.id }} />
      <RelationshipSection party={{ organizationId: o.id }} />
      {isDept && (
        <Section title={t("plan.report.department")} testId="department-report">
          <ReportTab scope="department" id={o.id} name={o.name} />
        </Section>
      )}
      {editing && <OrganizationForm kind={o.kind} organization={o} onClose={() => setEditing(false)} />}
      {addingContact && (
        <ContactForm
          presetOrganization={{ value: o.id, label: o.name }}
          onClose={() => setAddingContact(false)}
        />
      )}
    </Stack>
  );
}

/** The Meetings or Projects list filtered to an organization. */
const filteredPath = (path: string, organizationId: string) =>
  `${path}?${new URLSearchParams({ [ORGANIZATION_PARAM]: organizationId })}`;

const FIRST = 5;

/**
 * An organization's projects and meetings, the first few of each with "5 of 12" and a link to the filtered list.
 * The rule is the lists' own: projects linked to the organization (partners tab) or, for a department, owned by
 * it; meetings linked to it or attended by one of its people (a department's people are its staff).
 */
function OrganizationWorkSection({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const filter = { organization: organizationId, first: FIRST };
  const meetings = useQuery({
    queryKey: keys.list("meeting", filter),
    queryFn: () =>
      unwrap(
        commands.meetingList({
          search: null,
          project_id: null,
          organization_id: organizationId,
          from: null,
          to: null,
          sort: null,
          cursor: null,
          limit: FIRST,
        }),
      ),
  });
  const projects = useQuery({
    queryKey: keys.list("project", filter),
    queryFn: () =>
      unwrap(
        commands.projectList({
          search: null,
          status: null,
          organization_id: organizationId,
          sort: null,
          cursor: null,
          limit: FIRST,
        }),
      ),
  });
  const heading = (shown: number, total: number | null | undefined, all: string, of: string) =>
    total !== null && total !== undefined && total > shown ? t(of, { shown, total }) : t(all);
  return (
    <Section title={t("org.work")} testId="org-work">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <WorkList
          testId="org-work-projects"
          title={heading(
            projects.data?.items.length ?? 0,
            projects.data?.total,
            "org.projects",
            "org.projectsOf",
          )}
          all={{ label: t("org.allProjects"), to: filteredPath("/projects", organizationId) }}
          empty={projects.isSuccess && projects.data.items.length === 0 ? t("org.noProjects") : null}
          rows={(projects.data?.items ?? []).map((p) => ({
            key: p.id,
            to: `/projects/${p.id}`,
            row: <ProjectRow project={p} />,
          }))}
          rowTestId="org-project"
        />
        <WorkList
          testId="org-work-meetings"
          title={heading(
            meetings.data?.items.length ?? 0,
            meetings.data?.total,
            "org.meetings",
            "org.meetingsOf",
          )}
          all={{ label: t("org.allMeetings"), to: filteredPath("/meetings", organizationId) }}
          empty={meetings.isSuccess && meetings.data.items.length === 0 ? t("org.noMeetings") : null}
          rows={(meetings.data?.items ?? []).map((m) => ({
            key: m.id,
            to: `/meetings/${m.id}`,
            row: <MeetingRow meeting={m} />,
          }))}
          rowTestId="org-meeting"
        />
      </SimpleGrid>
    </Section>
  );
}

/** One column of an organization's work: a heading ("8 of 26"), a link to the whole filtered list, its rows. */
function WorkList(props: {
  testId: string;
  title: string;
  all: { label: string; to: string };
  empty: string | null;
  rows: { key: string; to: string; row: ReactNode }[];
  rowTestId: string;
}) {
  const navigate = useNavigate();
  return (
    <Stack gap={4} data-testid={props.testId}>
      <Group justify="space-between">
        <Text size="xs" c="dimmed" fw={500}>
          {props.title}
        </Text>
        <Anchor component={Link} to={props.all.to} size="xs">
          {props.all.label}
        </Anchor>
      </Group>
      {props.empty && (
        <Text size="sm" c="dimmed">
          {props.empty}
        </Text>
      )}
      {props.rows.map((r) => (
        <UnstyledButton
          key={r.key}
          className="ld-row"
          data-testid={props.rowTestId}
          onClick={() => navigate(r.to)}
        >
          {r.row}
        </UnstyledButton>
      ))}
    </Stack>
  );
}

/** "相关会议 3" and "相关项目 1": the Meetings and Projects lists filtered to this organization. */
function RelatedLists({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const filter = { organization: organizationId };
  const meetings = useQuery({
    queryKey: keys.list("meeting", { ...filter, count: true }),
    queryFn: () =>
      unwrap(
        commands.meetingList({
          search: null,
          project_id: null,
          organization_id: organizationId,
          from: null,
          to: null,
          sort: null,
          cursor: null,
          limit: 1,
        }),
      ),
  });
  const projects = useQuery({
    queryKey: keys.list("project", { ...filter, count: true }),
    queryFn: () =>
      unwrap(
        commands.projectList({
          search: null,
          status: null,
          organization_id: organizationId,
          sort: null,
          cursor: null,
          limit: 1,
        }),
      ),
  });
  const to = (path: string) => filteredPath(path, organizationId);
  const count = (total: number | null | undefined) =>
    total === null || total === undefined ? null : (
      <Badge size="sm" variant="light" color="gray" ml={2}>
        {total}
      </Badge>
    );
  return (
    <>
      <Button
        variant="default"
        component={Link}
        to={to("/meetings")}
        leftSection={<IconCalendarEvent size={16} />}
        rightSection={count(meetings.data?.total)}
        data-testid="org-meetings"
      >
        {t("org.meetings")}
      </Button>
      <Button
        variant="default"
        component={Link}
        to={to("/projects")}
        leftSection={<IconBriefcase size={16} />}
        rightSection={count(projects.data?.total)}
        data-testid="org-projects"
      >
        {t("org.projects")}
      </Button>
    </>
  );
}
