import { useState } from "react";
import {
  Anchor,
  Badge,
  Button,
  Group,
  Menu,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDebouncedValue } from "@mantine/hooks";
import { modals } from "@mantine/modals";
import { notifications } from "@mantine/notifications";
import {
  IconAlertTriangle,
  IconChevronDown,
  IconHistory,
  IconPencil,
  IconPlus,
  IconScale,
  IconTrash,
  IconSearch,
} from "@tabler/icons-react";
import { keepPreviousData, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import {
  commands,
  type ConflictInput,
  type ConflictQuery,
  type ConflictStatus,
  type DeptConflict,
} from "../../bindings";
import { Section } from "../../components/Detail";
import { DateField } from "../../components/DateField";
import { EntityMultiPicker, EntityPicker, loaders } from "../../components/EntityPicker";
import { FormModal, optionalDate, orNull, required, useFieldProps } from "../../components/FormModal";
import { Markdown } from "../../components/Markdown";
import { deletedLabel, isDeletedRef, RefName } from "../../components/RefName";
import { formatDate, formatDateTime } from "../../lib/format";
import { usePageTitle } from "../../lib/trail";
import { errorMessage, unwrap } from "../../lib/ipc";
import { showUndoToast } from "../../components/undo";

/** Where each status may go next (the backend refuses anything else). */
export const CONFLICT_NEXT: Record<ConflictStatus, ConflictStatus[]> = {
  open: ["mediating", "resolved", "escalated"],
  mediating: ["resolved", "escalated", "open"],
  escalated: ["mediating", "resolved"],
  resolved: ["open"],
};
const STATUS_COLOR: Record<ConflictStatus, string> = {
  open: "orange",
  mediating: "blue",
  escalated: "red",
  resolved: "teal",
};

export async function invalidateConflicts(client: QueryClient) {
  await Promise.all([["conflict"], ["dashboard"]].map((queryKey) => client.invalidateQueries({ queryKey })));
}

export function ConflictStatusBadge({ status }: { status: ConflictStatus }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={STATUS_COLOR[status]}
      variant="light"
      data-testid="conflict-status-label"
      data-status={status}
    >
      {t(`conflict.status.${status}`)}
    </Badge>
  );
}

type Values = {
  title: string;
  sides: string[];
  positions: Record<string, string>;
  mediator_contact_id: string | null;
  options: string;
  resolution: string;
  review_date: string;
};

/** Record or edit a conflict: two or more departments, each side's position, the mediation. */
function ConflictForm({
  conflict,
  department,
  onClose,
}: {
  conflict?: DeptConflict;
  /** The department page it is recorded from: already one of the sides. */
  department?: { id: string; name: string };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const initialSides = conflict
    ? conflict.sides.map((s) => ({
        value: s.organization_id,
        label: s.organization_name,
        deleted: s.deleted,
      }))
    : department
      ? [{ value: department.id, label: department.name }]
      : [];
  const [names, setNames] = useState<Record<string, string>>(
    Object.fromEntries(initialSides.map((s) => [s.value, s.label])),
  );
  const form = useForm<Values>({
    initialValues: {
      title: conflict?.title ?? "",
      sides: initialSides.map((s) => s.value),
      positions: Object.fromEntries(
        (conflict?.sides ?? []).map((s) => [s.organization_id, s.position ?? ""]),
      ),
      mediator_contact_id: conflict?.mediator_contact_id ?? null,
      options: conflict?.options ?? "",
      resolution: conflict?.resolution ?? "",
      review_date: conflict?.review_date ?? "",
    },
    validate: {
      title: required,
      sides: (v) => (v.length < 2 ? "conflict.twoSides" : null),
      review_date: optionalDate,
    },
  });
  const fp = useFieldProps(form);
  const toInput = (v: Values): ConflictInput => ({
    title: v.title.trim(),
    sides: v.sides.map((id) => ({ organization_id: id, position: orNull(v.positions[id] ?? "") })),
    mediator_contact_id: v.mediator_contact_id,
    options: orNull(v.options),
    resolution: orNull(v.resolution),
    review_date: orNull(v.review_date),
  });
  return (
    <FormModal
      opened
      onClose={onClose}
      title={conflict ? t("conflict.edit") : t("conflict.new")}
      form={form}
      submit={(v) =>
        unwrap(
          conflict ? commands.conflictUpdate(conflict.id, toInput(v)) : commands.conflictCreate(toInput(v)),
        )
      }
      onSaved={() => {
        void invalidateConflicts(client);
        onClose();
      }}
    >
      <TextInput label={t("conflict.title")} withAsterisk data-autofocus {...fp("title")} />
      <EntityMultiPicker
        label={t("conflict.sides")}
        loader={loaders.organizations("department")}
        initial={initialSides}
        {...fp("sides")}
      />
      <SideNames ids={form.values.sides} known={names} onNames={setNames} />
      {form.values.sides.map((id, i) => (
        <Textarea
          key={id}
          label={t("conflict.positionOf", { name: names[id] ?? "…" })}
          autosize
          minRows={1}
          maxRows={6}
          {...form.getInputProps(`positions.${id}`)}
          value={form.values.positions[id] ?? ""}
          data-testid={`field-position-${i}`}
        />
      ))}
      <EntityPicker
        label={t("conflict.mediator")}
        loader={loaders.contacts()}
        initial={
          conflict?.mediator_contact_id
            ? {
                value: conflict.mediator_contact_id,
                label: deletedLabel(
                  t,
                  conflict.mediator_name ?? "",
                  isDeletedRef(conflict, "mediator_contact_id"),
                ),
                deleted: isDeletedRef(conflict, "mediator_contact_id"),
              }
            : null
        }
        {...fp("mediator_contact_id")}
      />
      <Textarea
        label={t("conflict.options")}
        description={t("conflict.markdownHint")}
        autosize
        minRows={2}
        maxRows={8}
        {...fp("options")}
      />
      <Textarea label={t("conflict.resolution")} autosize minRows={1} maxRows={8} {...fp("resolution")} />
      <DateField label={t("conflict.reviewDate")} {...fp("review_date")} />
    </FormModal>
  );
}

/** Learns the names of departments picked in the form (for each side's position label). */
function SideNames({
  ids,
  known,
  onNames,
}: {
  ids: string[];
  known: Record<string, string>;
  onNames: (n: Record<string, string>) => void;
}) {
  const missing = ids.filter((id) => !(id in known));
  useQuery({
    queryKey: ["organization", "names", missing],
    enabled: missing.length > 0,
    queryFn: async () => {
      const found: Record<string, string> = { ...known };
      for (const id of missing) found[id] = (await unwrap(commands.organizationGet(id))).name;
      onNames(found);
      return found;
    },
  });
  return null;
}

/** Move a conflict on: a note, who made the change, and the agreed resolution when it is resolved. */
function StatusForm({
  conflict,
  to,
  onClose,
}: {
  conflict: DeptConflict;
  to: ConflictStatus;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  type V = { note: string; resolution: string; by_contact_id: string | null };
  const form = useForm<V>({
    initialValues: { note: "", resolution: conflict.resolution ?? "", by_contact_id: null },
  });
  const fp = useFieldProps(form);
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("conflict.moveTitle", { status: t(`conflict.to.${to}`) })}
      form={form}
      size="md"
      submit={(v) =>
        unwrap(
          commands.conflictSetStatus(conflict.id, {
            status: to,
            by_contact_id: v.by_contact_id,
            note: orNull(v.note),
            resolution: to === "resolved" ? orNull(v.resolution) : null,
          }),
        )
      }
      onSaved={() => {
        void invalidateConflicts(client);
        notifications.show({
          color: "teal",
          message: t("conflict.moved", { status: t(`conflict.status.${to}`) }),
        });
        onClose();
      }}
    >
      {to === "resolved" && (
        <Textarea
          label={t("conflict.resolution")}
          autosize
          minRows={2}
          maxRows={8}
          data-autofocus
          {...fp("resolution")}
        />
      )}
      <Textarea label={t("conflict.note")} autosize minRows={1} maxRows={6} {...fp("note")} />
      <EntityPicker label={t("conflict.by")} loader={loaders.contacts()} {...fp("by_contact_id")} />
    </FormModal>
  );
}

/** One conflict: title, status with its moves, the sides and their positions, the mediation and its history. */
/**
 * Deletes a conflict after a confirmation (its sides, positions and history go with it), with Undo in the toast.
 */
function DeleteConflict({ conflict: k }: { conflict: DeptConflict }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const remove = async () => {
    try {
      await unwrap(commands.conflictDelete(k.id));
    } catch (err) {
      notifications.show({ color: "red", title: t("toast.deleteFailed"), message: errorMessage(t, err) });
      return;
    }
    await invalidateConflicts(client);
    const id = `deleted-conflict-${k.id}`;
    showUndoToast(id, t("toast.deleted", { name: k.title }), t("actions.undo"), async () => {
      notifications.hide(id);
      try {
        await unwrap(commands.conflictRestore(k.id));
        await invalidateConflicts(client);
        notifications.show({ color: "teal", message: t("toast.restored", { name: k.title }) });
      } catch (err) {
        notifications.show({ color: "red", title: t("toast.restoreFailed"), message: errorMessage(t, err) });
      }
    });
  };
  const confirm = () =>
    modals.openConfirmModal({
      title: t("conflict.deleteTitle", { title: k.title }),
      children: <Text size="sm">{t("conflict.deleteBody")}</Text>,
      labels: { confirm: t("actions.delete"), cancel: t("actions.cancel") },
      confirmProps: { color: "red", "data-testid": "confirm-delete" } as Record<string, string>,
      cancelProps: { "data-testid": "confirm-cancel" } as Record<string, string>,
      onConfirm: () => void remove(),
    });
  return (
    <Tooltip label={t("actions.delete")}>
      <Button
        size="compact-xs"
        variant="subtle"
        color="gray"
        onClick={confirm}
        aria-label={t("actions.deleteNamed", { name: k.title })}
        data-testid="conflict-delete"
      >
        <IconTrash size={14} />
      </Button>
    </Tooltip>
  );
}

export function ConflictCard({
  conflict: k,
  compact = false,
}: {
  conflict: DeptConflict;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [moving, setMoving] = useState<ConflictStatus | null>(null);
  const [history, setHistory] = useState(false);
  return (
    <Paper withBorder p="sm" radius="md" data-testid="conflict-row" data-id={k.id} data-status={k.status}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <IconScale size={16} aria-hidden style={{ flexShrink: 0 }} />
            <Text fw={500} size="sm" truncate data-testid="conflict-title">
              {k.title}
            </Text>
          </Group>
          <Group gap={6} wrap="nowrap">
            {k.review_due && (
              <Badge
                color="red"
                variant="light"
                leftSection={<IconAlertTriangle size={12} />}
                data-testid="conflict-review-due"
              >
                {t("conflict.reviewDue")}
              </Badge>
            )}
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button
                  size="compact-xs"
                  radius="xl"
                  color={STATUS_COLOR[k.status]}
                  variant="outline"
                  rightSection={<IconChevronDown size={12} aria-hidden />}
                  style={{ flexShrink: 0 }}
                  data-testid="conflict-status"
                  aria-label={t("conflict.changeStatus", { status: t(`conflict.status.${k.status}`) })}
                >
                  {t(`conflict.status.${k.status}`)}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {CONFLICT_NEXT[k.status].map((s) => (
                  <Menu.Item key={s} onClick={() => setMoving(s)} data-testid={`conflict-to-${s}`}>
                    {t(`conflict.to.${s}`)}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
            {!compact && (
              <Tooltip label={t("actions.edit")}>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="gray"
                  onClick={() => setEditing(true)}
                  aria-label={t("conflict.editNamed", { title: k.title })}
                  data-testid="conflict-edit"
                >
                  <IconPencil size={14} />
                </Button>
              </Tooltip>
            )}
            {!compact && <DeleteConflict conflict={k} />}
          </Group>
        </Group>
        <Stack gap={2} data-testid="conflict-sides">
          {k.sides.map((s) => (
            <Text size="sm" key={s.organization_id}>
              <Anchor component={Link} to={`/organizations/${s.organization_id}`} size="sm" fw={500}>
                <RefName name={s.organization_name} deleted={s.deleted} />
              </Anchor>
              {s.position ? `${t("conflict.positionSep")}${s.position}` : ""}
            </Text>
          ))}
        </Stack>
        <Text size="xs" c="dimmed">
          {[
            k.mediator_name &&
              t("conflict.mediatedBy", {
                name: deletedLabel(t, k.mediator_name, isDeletedRef(k, "mediator_contact_id")),
              }),
            k.review_date && t("conflict.reviewOn", { date: formatDate(k.review_date) }),
          ]
            .filter(Boolean)
            .join(" · ")}
        </Text>
        {!compact && k.options && (
          <Stack gap={0}>
            <Text size="xs" c="dimmed" fw={500}>
              {t("conflict.options")}
            </Text>
            <Markdown source={k.options} />
          </Stack>
        )}
        {k.resolution && (
          <Stack gap={0} data-testid="conflict-resolution">
            <Text size="xs" c="dimmed" fw={500}>
              {t("conflict.resolution")}
            </Text>
            <Text size="sm">{k.resolution}</Text>
          </Stack>
        )}
        {!compact && (
          <Group gap="xs">
            <Button
              size="compact-xs"
              variant="subtle"
              leftSection={<IconHistory size={14} />}
              onClick={() => setHistory((h) => !h)}
              data-testid="conflict-history-toggle"
            >
              {t("conflict.history", { count: k.history.length })}
            </Button>
          </Group>
        )}
        {history && (
          <Stack gap={4} data-testid="conflict-history" pl="md">
            {k.history.map((e) => (
              <Text size="xs" key={e.id} data-testid="conflict-event">
                {formatDateTime(e.at)} ·{" "}
                {e.from_status
                  ? t("conflict.changed", {
                      from: t(`conflict.status.${e.from_status}`),
                      to: t(`conflict.status.${e.to_status}`),
                    })
                  : t("conflict.recorded")}{" "}
                · {e.by_name ?? t("conflict.me")}
                {e.note ? ` · ${e.note}` : ""}
              </Text>
            ))}
          </Stack>
        )}
      </Stack>
      {editing && <ConflictForm conflict={k} onClose={() => setEditing(false)} />}
      {moving && <StatusForm conflict={k} to={moving} onClose={() => setMoving(null)} />}
    </Paper>
  );
}

function useConflicts(query: ConflictQuery) {
  return useQuery({
    queryKey: ["conflict", query],
    queryFn: () => unwrap(commands.conflictList(query)),
    // While a new search runs the cards stay (and keep an open history) instead of blinking out.
    placeholderData: keepPreviousData,
  });
}

const ALL: ConflictQuery = {
  organization_id: null,
  search: null,
  active_only: false,
  review_due_only: false,
  limit: 200,
};

/** A department's conflicts, on its page. */
export function ConflictsSection({ department }: { department: { id: string; name: string } }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const q = useConflicts({ ...ALL, organization_id: department.id });
  const list = q.data ?? [];
  const active = list.filter((k) => k.status !== "resolved").length;
  return (
    <Section
      title={
        <Group gap="xs">
          {t("conflict.sectionTitle")}
          {active > 0 && (
            <Badge color="orange" variant="light">
              {t("conflict.activeCount", { count: active })}
            </Badge>
          )}
        </Group>
      }
      testId="conflicts"
      actions={
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          onClick={() => setAdding(true)}
          data-testid="conflict-add"
        >
          {t("conflict.new")}
        </Button>
      }
    >
      <Stack gap="xs">
        {q.isSuccess && list.length === 0 && (
          <Text size="sm" c="dimmed" data-testid="conflicts-empty">
            {t("conflict.empty")}
          </Text>
        )}
        {list.map((k) => (
          <ConflictCard key={k.id} conflict={k} />
        ))}
      </Stack>
      {adding && <ConflictForm department={department} onClose={() => setAdding(false)} />}
    </Section>
  );
}

/** Every conflict, searchable; `?open=<id>` puts that one first (a search result opens it). */
export function ConflictsPage() {
  const { t } = useTranslation();
  usePageTitle(t("conflict.pageTitle"));
  const [params] = useSearchParams();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [adding, setAdding] = useState(false);
  const reviewOnly = params.get("review") === "due";
  const q = useConflicts({ ...ALL, search: debounced || null, review_due_only: reviewOnly });
  const opened = params.get("open");
  const list = [...(q.data ?? [])].sort((a, b) => Number(b.id === opened) - Number(a.id === opened));
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2} data-testid="page-title">
          {reviewOnly ? t("conflict.dueTitle") : t("conflict.pageTitle")}
        </Title>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)} data-testid="list-new">
          {t("conflict.new")}
        </Button>
      </Group>
      <TextInput
        leftSection={<IconSearch size={16} />}
        placeholder={t("conflict.searchPlaceholder")}
        aria-label={t("conflict.searchPlaceholder")}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        data-testid="list-search"
      />
      <Stack gap="xs" data-testid="conflict-list">
        {q.isSuccess && list.length === 0 && (
          <Text size="sm" c="dimmed" data-testid="list-empty">
            {debounced ? t("conflict.noMatch") : t("conflict.emptyAll")}
          </Text>
        )}
        {list.map((k) => (
          <ConflictCard key={k.id} conflict={k} />
        ))}
      </Stack>
      {adding && <ConflictForm onClose={() => setAdding(false)} />}
    </Stack>
  );
}

/** The dashboard's conflicts due for review (not resolved, review date today or earlier). */
export function ConflictsDuePanel() {
  const { t } = useTranslation();
  const q = useConflicts({ ...ALL, review_due_only: true });
  const list = q.data ?? [];
  const shown = list.slice(0, 5);
  return (
    <Section
      title={
        list.length > shown.length
          ? t("conflict.dueOf", { shown: shown.length, total: list.length })
          : t("conflict.dueTitle")
      }
      testId="conflicts-due"
      actions={
        list.length > shown.length ? (
          <Anchor component={Link} to="/conflicts?review=due" size="sm" data-testid="conflicts-due-all">
            {t("dashboard.seeAll")}
          </Anchor>
        ) : undefined
      }
    >
      <Stack gap="xs">
        {q.isSuccess && list.length === 0 && (
          <Text size="sm" c="dimmed">
            {t("conflict.noneDue")}
          </Text>
        )}
        {shown.map((k) => (
          <ConflictCard key={k.id} conflict={k} compact />
        ))}
      </Stack>
    </Section>
  );
}
