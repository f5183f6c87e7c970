import { useState } from "react";
import { Anchor, Box, Stack, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { commands, type Contact } from "../../bindings";
import { DetailHeader, DetailSkeleton, InfoGrid, Section } from "../../components/Detail";
import { ListPage, PAGE_SIZE, QueryError, useInfiniteList } from "../../components/ListPage";
import { RowLayout } from "../../components/Row";
import { useDeleteWithUndo } from "../../components/undo";
import { formatDateTime } from "../../lib/format";
import { keys, useDetailQuery } from "../../lib/queryClient";
import { ContactForm } from "./ContactForm";
import { ContactsImportExport } from "./ImportExport";
import { RelationshipSection } from "../relationships/Relationship";
import { CommitmentsSection } from "../commitments/Commitments";
import { SortSelect } from "../../components/SortSelect";
import { RefName, isDeletedRef } from "../../components/RefName";

type Sort = "name" | "updated";

export function ContactRow({
  contact: c,
  showOrganization = true,
}: {
  contact: Contact;
  showOrganization?: boolean;
}) {
  return (
    <RowLayout
      title={c.name}
      titleAddon={
        c.title && (
          <Text size="sm" c="dimmed" truncate>
            {c.title}
          </Text>
        )
      }
      trail={
        <>
          {showOrganization && c.organization_name && (
            <Text size="sm" c="dimmed" truncate w={220}>
              <RefName name={c.organization_name} deleted={isDeletedRef(c, "organization_id")} />
            </Text>
          )}
          {c.emails[0] && (
            <Text size="sm" c="dimmed" truncate w={240}>
              {c.emails[0]}
            </Text>
          )}
        </>
      }
    />
  );
}

export function ContactListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [sort, setSort] = useState<Sort>("name");
  const [creating, setCreating] = useState(false);
  const query = useInfiniteList(keys.list("contact", { search: debounced, sort }), (cursor) =>
    commands.contactList({
      search: debounced || null,
      organization_id: null,
      sort,
      cursor,
      limit: PAGE_SIZE,
    }),
  );
  return (
    <>
      <ListPage
        title={t("nav.contacts")}
        newLabel={t("new.contact")}
        onNew={() => setCreating(true)}
        search={search}
        onSearch={setSearch}
        searching={debounced !== ""}
        toolbar={
          <>
            <SortSelect<Sort>
              options={[
                ["name", "name"],
                ["updated", "updated"],
              ]}
              value={sort}
              onChange={setSort}
            />
            <ContactsImportExport />
          </>
        }
        query={query}
        rowLabel={(c) => c.name}
        onOpen={(c) => navigate(`/contacts/${c.id}`)}
        emptyText={t("empty.contacts")}
        renderRow={(c) => <ContactRow contact={c} />}
      />
      {creating && (
        <ContactForm onClose={() => setCreating(false)} onSaved={(c) => navigate(`/contacts/${c.id}`)} />
      )}
    </>
  );
}

export function ContactDetailPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const { query: q } = useDetailQuery("contact", commands.contactGet);
  const del = useDeleteWithUndo("contact", commands.contactDelete, commands.contactRestore);
  if (q.isPending) return <DetailSkeleton />;
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const c = q.data;
  return (
    <Stack gap="md">
      <DetailHeader
        title={c.name}
        backTo="/contacts"
        backLabel={t("nav.contacts")}
        badges={c.title ? <Text c="dimmed">{c.title}</Text> : null}
        onEdit={() => setEditing(true)}
        onDelete={() => void del(c.id, c.name, () => navigate("/contacts"))}
      />
      <Section title={t("detail.details")}>
        <InfoGrid
          items={[
            {
              label: t("fields.organization"),
              value: c.organization_id ? (
                <Anchor component={Link} to={`/organizations/${c.organization_id}`} size="sm">
                  <RefName name={c.organization_name} deleted={isDeletedRef(c, "organization_id")} />
                </Anchor>
              ) : null,
            },
            {
              label: t("fields.emails"),
              value: c.emails.length ? (
                <Stack gap={0}>
                  {c.emails.map((e) => (
                    <Anchor key={e} href={`mailto:${e}`} size="sm">
                      {e}
                    </Anchor>
                  ))}
                </Stack>
              ) : null,
            },
            { label: t("fields.phones"), value: c.phones.join(", ") },
            { label: t("fields.wechat"), value: c.wechat },
            { label: t("fields.updated"), value: formatDateTime(c.updated_at) },
          ]}
        />
        {c.notes && (
          <Box mt="sm">
            <Text size="xs" c="dimmed" fw={500}>
              {t("fields.notes")}
            </Text>
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
              {c.notes}
            </Text>
          </Box>
        )}
      </Section>
      <CommitmentsSection party={{ contactId: c.id }} />
      <RelationshipSection party={{ contactId: c.id }} />
      {editing && <ContactForm contact={c} onClose={() => setEditing(false)} />}
    </Stack>
  );
}
