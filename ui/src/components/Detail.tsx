import type { ReactNode } from "react";
import { Anchor, Box, Button, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconArrowLeft, IconPencil, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { usePageTitle, usePreviousPageTitle } from "../lib/trail";

export function DetailHeader({
  title,
  backTo,
  backLabel,
  onEdit,
  onDelete,
  badges,
  actions,
}: {
  title: string;
  backTo: string;
  backLabel: string;
  onEdit: () => void;
  onDelete: () => void;
  badges?: ReactNode;
  /** More buttons, shown before Edit and Delete. */
  actions?: ReactNode;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  usePageTitle(title);
  // Back to the page the user came from when it is one of ours (a contact opened from its supplier returns there,
  // a meeting opened from a filtered list returns to that list); otherwise up to the list this record belongs to.
  const previous = usePreviousPageTitle();
  const arrow = (label: string) => (
    <Group gap={4} wrap="nowrap">
      <IconArrowLeft size={14} aria-hidden />
      {label}
    </Group>
  );
  return (
    <Stack gap={4}>
      {previous ? (
        <Anchor
          component="button"
          type="button"
          size="sm"
          c="dimmed"
          ta="left"
          data-testid="detail-back"
          onClick={() => navigate(-1)}
        >
          {arrow(previous)}
        </Anchor>
      ) : (
        <Anchor component={Link} to={backTo} size="sm" c="dimmed" data-testid="detail-back">
          {arrow(backLabel)}
        </Anchor>
      )}
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Group gap="sm" wrap="wrap" style={{ minWidth: 0 }}>
          <Title order={2} data-testid="detail-title" style={{ wordBreak: "break-word" }}>
            {title}
          </Title>
          {badges}
        </Group>
        <Group gap="xs" wrap="nowrap">
          {actions}
          <Button
            variant="default"
            leftSection={<IconPencil size={16} />}
            data-testid="detail-edit"
            onClick={onEdit}
          >
            {t("actions.edit")}
          </Button>
          <Button
            variant="default"
            color="red"
            leftSection={<IconTrash size={16} />}
            data-testid="detail-delete"
            onClick={onDelete}
          >
            {t("actions.delete")}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}

export function InfoGrid({ items }: { items: { label: string; value: ReactNode }[] }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" verticalSpacing="xs">
      {items.map((i) => (
        <Box key={i.label}>
          <Text size="xs" c="dimmed" fw={500}>
            {i.label}
          </Text>
          <Box fz="sm" style={{ wordBreak: "break-word" }}>
            {i.value === null || i.value === undefined || i.value === "" ? "—" : i.value}
          </Box>
        </Box>
      ))}
    </SimpleGrid>
  );
}

/** A section's heading row: its title, and what acts on the section (buttons, a link) at the far end. */
export function SectionHeader({ title, actions }: { title: ReactNode; actions?: ReactNode }) {
  return (
    <Group justify="space-between" mb="sm" wrap="nowrap" gap="xs">
      <Title order={4}>{title}</Title>
      {actions}
    </Group>
  );
}

/** A titled block of a page; `header` replaces the title row (a PanelHeader, for a section showing a list's top). */
export function Section({
  children,
  testId,
  h,
  ...head
}: ({ title: ReactNode; actions?: ReactNode } | { header: ReactNode }) & {
  children: ReactNode;
  testId?: string;
  h?: string | number;
}) {
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId} h={h}>
      {"header" in head ? head.header : <SectionHeader title={head.title} actions={head.actions} />}
      {children}
    </Paper>
  );
}

export function DetailSkeleton() {
  return (
    <Stack aria-busy="true">
      <Skeleton height={14} width={120} />
      <Skeleton height={32} width="40%" />
      <Skeleton height={120} />
      <Skeleton height={200} />
    </Stack>
  );
}
