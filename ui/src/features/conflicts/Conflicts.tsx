import { useState } from "react";
import { Badge, Button, Group, Stack, Text, Textarea, TextInput, Title, Tooltip } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDebouncedValue } from "@mantine/hooks";
import { modals } from "@mantine/modals";
import { notifications } from "@mantine/notifications";
import { IconPlus, IconTrash, IconSearch } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { commands, type ConflictInput, type ConflictStatus, type DeptConflict } from "../../bindings";
import { Section } from "../../components/Detail";
import { DateField } from "../../components/DateField";
import { EntityMultiPicker, EntityPicker, loaders } from "../../components/EntityPicker";
import { FormModal, optionalDate, orNull, required, useFieldProps } from "../../components/FormModal";
import { deletedLabel, isDeletedRef } from "../../components/RefName";
import { usePageTitle } from "../../lib/trail";
import { errorMessage, unwrap } from "../../lib/ipc";
import { showUndoToast } from "../../components/undo";
import { ALL, ConflictCard, invalidateConflicts, useConflicts } from "./ConflictCard";

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
export function ConflictForm({
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
export function StatusForm({
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
export function DeleteConflict({ conflict: k }: { conflict: DeptConflict }) {
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
