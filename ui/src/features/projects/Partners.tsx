import { useState } from "react";
import { Anchor, Button, Group, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { IconMail, IconPhone, IconUnlink } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { commands, type Project, type ProjectOrganization } from "../../bindings";
import { Section } from "../../components/Detail";
import { EntityPicker, loaders } from "../../components/EntityPicker";
import { RefName } from "../../components/RefName";
import { unwrap } from "../../lib/ipc";
import { usePlanMutation } from "./api";
import { IconButton } from "../../components/IconButton";

const organizations = loaders.organizations();
/** Contacts shown per organization; the organization's own page lists them all. */
const CONTACTS = 20;

function OrganizationCard({ projectId, link }: { projectId: string; link: ProjectOrganization }) {
  const { t } = useTranslation();
  const contacts = useQuery({
    queryKey: ["contact", "of-organization", link.organization_id],
    queryFn: () =>
      unwrap(
        commands.contactList({
          search: null,
          organization_id: link.organization_id,
          sort: "name",
          cursor: null,
          limit: CONTACTS,
        }),
      ),
  });
  const unlink = usePlanMutation(() =>
    unwrap(commands.projectOrganizationUnlink(projectId, link.organization_id)),
  );
  const people = contacts.data?.items ?? [];
  return (
    <Section
      testId="partner-card"
      title={
        <Anchor component={Link} to={`/organizations/${link.organization_id}`} inherit>
          <RefName name={link.organization_name} deleted={link.deleted} />
        </Anchor>
      }
      actions={
        <Group gap={6} wrap="nowrap">
          {link.role && (
            <Text size="sm" c="dimmed">
              {link.role}
            </Text>
          )}
          <IconButton
            label={t("plan.partners.unlink")}
            variant="subtle"
            color="gray"
            aria-label={t("plan.partners.unlinkNamed", { name: link.organization_name })}
            onClick={() => unlink.mutate(undefined)}
            loading={unlink.isPending}
            data-testid="partner-unlink"
          >
            <IconUnlink size={16} />
          </IconButton>
        </Group>
      }
    >
      <Stack gap={6}>
        {contacts.isSuccess && people.length === 0 && (
          <Text size="sm" c="dimmed">
            {t("plan.partners.noContacts")}
          </Text>
        )}
        {people.map((c) => (
          <Group key={c.id} gap="sm" wrap="nowrap" justify="space-between" data-testid="partner-contact">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Anchor component={Link} to={`/contacts/${c.id}`} size="sm">
                {c.name}
              </Anchor>
              {c.title && (
                <Text size="xs" c="dimmed" truncate>
                  {c.title}
                </Text>
              )}
            </Stack>
            <Stack gap={0} align="flex-end">
              {c.emails[0] && (
                <Group gap={4} wrap="nowrap">
                  <IconMail size={12} aria-hidden />
                  <Text size="xs">{c.emails[0]}</Text>
                </Group>
              )}
              {c.phones[0] && (
                <Group gap={4} wrap="nowrap">
                  <IconPhone size={12} aria-hidden />
                  <Text size="xs">{c.phones[0]}</Text>
                </Group>
              )}
            </Stack>
          </Group>
        ))}
        {(contacts.data?.total ?? 0) > people.length && (
          <Anchor component={Link} to={`/organizations/${link.organization_id}`} size="xs">
            {t("plan.partners.moreContacts", { count: (contacts.data?.total ?? 0) - people.length })}
          </Anchor>
        )}
      </Stack>
    </Section>
  );
}

/** The partners, suppliers, clients and departments involved in the project, with their people. */
export function PartnersTab({ project }: { project: Project }) {
  const { t } = useTranslation();
  const [org, setOrg] = useState<string | null>(null);
  const [role, setRole] = useState("");
  const link = usePlanMutation(() =>
    unwrap(commands.projectOrganizationLink(project.id, { organization_id: org ?? "", role: role.trim() })),
  );
  return (
    <Stack gap="md">
      <Group align="flex-end" gap="xs">
        <EntityPicker
          label={t("plan.partners.organization")}
          data-testid="partner-organization"
          loader={organizations}
          value={org}
          onChange={setOrg}
        />
        <TextInput
          label={t("fields.role")}
          placeholder={t("plan.partners.rolePlaceholder")}
          value={role}
          onChange={(e) => setRole(e.currentTarget.value)}
          w={200}
          data-testid="partner-role"
        />
        <Button
          disabled={!org}
          loading={link.isPending}
          onClick={() => link.mutate(undefined, { onSuccess: () => (setOrg(null), setRole("")) })}
          data-testid="partner-link"
        >
          {t("plan.partners.link")}
        </Button>
      </Group>
      {project.organizations.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="partners-empty">
          {t("plan.partners.empty")}
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {project.organizations.map((o) => (
            <OrganizationCard key={o.organization_id} projectId={project.id} link={o} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
