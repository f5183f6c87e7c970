import { useState, type KeyboardEvent } from "react";
import {
  ActionIcon,
  Badge,
  Box,
  Checkbox,
  Group,
  NumberInput,
  Stack,
  Text,
  TextInput,
  Tooltip,
  UnstyledButton,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type Modifier,
  type UniqueIdentifier,
} from "@dnd-kit/core";
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { IconAlertTriangle, IconCheck, IconGripVertical, IconTrash, IconX } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { commands, type AgendaItem, type AgendaItemInput, type Meeting } from "../../bindings";
import { Section } from "../../components/Detail";
import { EntityPicker, loaders } from "../../components/EntityPicker";
import { numOrNull } from "../../components/FormModal";
import { minutesBetween } from "../../lib/format";
import { errorMessage, unwrap } from "../../lib/ipc";
import { reorderAgenda, useMeetingCache, useMinutesDelete } from "./minutes";
import { RefName, isDeletedRef, refOption } from "../../components/RefName";

/** Agenda rows only move up and down. */
const verticalOnly: Modifier = ({ transform }) => ({ ...transform, x: 0 });

const inputOf = (item: AgendaItem, change: Partial<AgendaItemInput> = {}): AgendaItemInput => ({
  title: item.title,
  owner_contact_id: item.owner_contact_id,
  planned_minutes: item.planned_minutes,
  done: item.done,
  ...change,
});

/** The agenda: numbered items that can be ticked off, edited in place, dragged (or moved with the keyboard). */
export function AgendaSection({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const cache = useMeetingCache(meeting.id);
  const remove = useMinutesDelete(meeting.id);
  const items = meeting.agenda;
  const [draft, setDraft] = useState("");
  // Planned minutes for the item being added; empty means none.
  const [draftMinutes, setDraftMinutes] = useState<string | number>("");
  const [addError, setAddError] = useState<string | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const setAgenda = (agenda: AgendaItem[]) => cache.patch((m) => ({ ...m, agenda }));
  const replaceItem = (item: AgendaItem) =>
    cache.patch((m) => ({ ...m, agenda: m.agenda.map((i) => (i.id === item.id ? item : i)) }));

  const addOnEnter = (e: React.KeyboardEvent) => {
    if (e.key === "Enter" && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void add();
    }
  };
  const add = async () => {
    const title = draft.trim();
    if (!title) return;
    setAddError(null);
    try {
      const item = await unwrap(
        commands.agendaItemCreate(meeting.id, {
          title,
          owner_contact_id: null,
          planned_minutes: typeof draftMinutes === "number" ? draftMinutes : null,
          done: false,
        }),
      );
      cache.patch((m) => ({ ...m, agenda: [...m.agenda.filter((i) => i.id !== item.id), item] }));
      setDraft("");
      setDraftMinutes("");
      void cache.refresh();
    } catch (err) {
      setAddError(errorMessage(t, err));
    }
  };

  const onDragEnd = async ({ active, over }: DragEndEvent) => {
    if (!over) return;
    const before = cache.get()?.agenda ?? items;
    const moved = reorderAgenda(before, String(active.id), String(over.id));
    if (!moved) return;
    await cache.hold();
    setAgenda(moved.items);
    try {
      setAgenda(await unwrap(commands.agendaItemMove(String(active.id), moved.after)));
    } catch (err) {
      setAgenda(before);
      notifications.show({ color: "red", title: t("agenda.moveFailed"), message: errorMessage(t, err) });
    }
  };

  const toggle = async (item: AgendaItem, done: boolean) => {
    replaceItem({ ...item, done });
    try {
      replaceItem(await unwrap(commands.agendaItemUpdate(item.id, inputOf(item, { done }))));
    } catch (err) {
      replaceItem(item);
      notifications.show({ color: "red", title: t("minutes.saveFailed"), message: errorMessage(t, err) });
    }
  };

  const titleOf = (id: UniqueIdentifier | undefined) => items.find((i) => i.id === id)?.title ?? "";
  const positionOf = (id: UniqueIdentifier | undefined) => items.findIndex((i) => i.id === id) + 1;
  const announcements: Announcements = {
    onDragStart: ({ active }) => t("agenda.dnd.start", { title: titleOf(active.id) }),
    onDragOver: ({ active, over }) =>
      over ? t("agenda.dnd.over", { title: titleOf(active.id), position: positionOf(over.id) }) : undefined,
    onDragEnd: ({ active, over }) =>
      over
        ? t("agenda.dnd.end", { title: titleOf(active.id), position: positionOf(over.id) })
        : t("agenda.dnd.cancel", { title: titleOf(active.id) }),
    onDragCancel: ({ active }) => t("agenda.dnd.cancel", { title: titleOf(active.id) }),
  };

  const planned = items.reduce((n, i) => n + (i.planned_minutes ?? 0), 0);
  const length = minutesBetween(meeting.starts_at, meeting.ends_at);
  const over = planned > length;

  return (
    <Section
      title={t("fields.agenda")}
      testId="agenda"
      actions={
        <Group gap={4} wrap="nowrap" c={over ? "red" : "dimmed"} data-testid="agenda-total" data-over={over}>
          {over && <IconAlertTriangle size={14} aria-hidden />}
          <Text size="xs" c="inherit">
            {t("agenda.planned", { planned, length })}
            {over && ` · ${t("agenda.over", { count: planned - length })}`}
          </Text>
        </Group>
      }
    >
      {items.length === 0 && (
        <Text size="sm" c="dimmed" mb="xs" data-testid="agenda-empty">
          {t("empty.agenda")}
        </Text>
      )}
      <DndContext
        sensors={sensors}
        collisionDetection={closestCenter}
        modifiers={[verticalOnly]}
        onDragEnd={(e) => void onDragEnd(e)}
        accessibility={{
          announcements,
          screenReaderInstructions: { draggable: t("agenda.dnd.instructions") },
        }}
      >
        <SortableContext items={items.map((i) => i.id)} strategy={verticalListSortingStrategy}>
          <Stack gap={0} role="list" aria-label={t("fields.agenda")}>
            {items.map((item, index) => (
              <AgendaRow
                key={item.id}
                item={item}
                index={index}
                onToggle={(done) => void toggle(item, done)}
                onSaved={replaceItem}
                onDelete={() =>
                  void remove({
                    id: item.id,
                    name: item.title,
                    remove: commands.agendaItemDelete,
                    restore: commands.agendaItemRestore,
                    prune: (m) => ({ ...m, agenda: m.agenda.filter((i) => i.id !== item.id) }),
                  })
                }
              />
            ))}
          </Stack>
        </SortableContext>
      </DndContext>
      <Group mt="xs" gap="xs" wrap="nowrap" align="flex-start">
        <TextInput
          style={{ flex: 1 }}
          size="sm"
          data-testid="agenda-add-input"
          aria-label={t("agenda.add")}
          placeholder={t("agenda.addPlaceholder")}
          value={draft}
          error={addError}
          onChange={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={addOnEnter}
        />
        <MinutesInput
          size="sm"
          w={96}
          testId="agenda-add-minutes"
          value={draftMinutes}
          onChange={setDraftMinutes}
          onKeyDown={addOnEnter}
        />
      </Group>
    </Section>
  );
}

function AgendaRow({
  item,
  index,
  onToggle,
  onSaved,
  onDelete,
}: {
  item: AgendaItem;
  index: number;
  onToggle: (done: boolean) => void;
  onSaved: (item: AgendaItem) => void;
  onDelete: () => void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({ id: item.id, disabled: editing });
  return (
    <Box
      ref={setNodeRef}
      role="listitem"
      className="ld-agenda-row"
      data-testid="agenda-item"
      data-id={item.id}
      data-dragging={isDragging || undefined}
      style={{ transform: CSS.Translate.toString(transform), transition }}
    >
      {editing ? (
        <AgendaEdit
          item={item}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            onSaved(saved);
            setEditing(false);
          }}
        />
      ) : (
        <Group gap={6} wrap="nowrap" py={4}>
          <ActionIcon
            ref={setActivatorNodeRef}
            variant="subtle"
            color="gray"
            size="sm"
            className="ld-drag-handle"
            data-testid="agenda-handle"
            {...attributes}
            {...listeners}
            aria-label={t("agenda.dragHandle", { title: item.title })}
          >
            <IconGripVertical size={14} aria-hidden />
          </ActionIcon>
          <Text size="sm" c="dimmed" w={22} ta="right" className="ld-count" aria-hidden>
            {index + 1}.
          </Text>
          <Checkbox
            size="xs"
            checked={item.done}
            onChange={(e) => onToggle(e.currentTarget.checked)}
            aria-label={t("agenda.markDone", { title: item.title })}
            data-testid="agenda-done"
          />
          <UnstyledButton
            onClick={() => setEditing(true)}
            data-testid="agenda-title"
            title={t("agenda.clickToEdit")}
            fz="sm"
            style={{
              flex: 1,
              minWidth: 0,
              textDecoration: item.done ? "line-through" : undefined,
              color: item.done ? "var(--mantine-color-dimmed)" : undefined,
              wordBreak: "break-word",
            }}
          >
            {item.title}
          </UnstyledButton>
          {item.carried_from_id && (
            <Tooltip label={t("agenda.carriedHint")}>
              <Badge size="xs" variant="light" color="orange" data-testid="agenda-carried">
                {t("agenda.carried")}
              </Badge>
            </Tooltip>
          )}
          {item.owner_name && (
            <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }} data-testid="agenda-owner">
              <RefName name={item.owner_name} deleted={isDeletedRef(item, "owner_contact_id")} size="xs" />
            </Text>
          )}
          <Text
            size="xs"
            c="dimmed"
            miw={52}
            ta="right"
            className="ld-count"
            style={{ whiteSpace: "nowrap" }}
          >
            {item.planned_minutes !== null ? t("agenda.minutes", { count: item.planned_minutes }) : ""}
          </Text>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            onClick={onDelete}
            aria-label={t("actions.deleteNamed", { name: item.title })}
            data-testid="agenda-delete"
          >
            <IconTrash size={14} />
          </ActionIcon>
        </Group>
      )}
    </Box>
  );
}

function AgendaEdit({
  item,
  onClose,
  onSaved,
}: {
  item: AgendaItem;
  onClose: () => void;
  onSaved: (item: AgendaItem) => void;
}) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(item.title);
  const [owner, setOwner] = useState<string | null>(item.owner_contact_id);
  const [minutes, setMinutes] = useState<string | number>(item.planned_minutes ?? "");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    if (title.trim() === "") {
      setError(t("errors:rule.required"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSaved(
        await unwrap(
          commands.agendaItemUpdate(
            item.id,
            inputOf(item, {
              title: title.trim(),
              owner_contact_id: owner,
              planned_minutes: numOrNull(minutes),
            }),
          ),
        ),
      );
    } catch (err) {
      setError(errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  };
  const keys = (e: KeyboardEvent) => {
    if (e.nativeEvent.isComposing) return;
    if (e.key === "Enter") {
      e.preventDefault();
      void save();
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      onClose();
    }
  };
  return (
    <Group gap={6} wrap="nowrap" align="flex-start" py={4} data-testid="agenda-edit">
      <TextInput
        size="xs"
        style={{ flex: 1 }}
        autoFocus
        aria-label={t("agenda.itemTitle")}
        data-testid="agenda-edit-title"
        value={title}
        error={error}
        onChange={(e) => setTitle(e.currentTarget.value)}
        onKeyDown={keys}
      />
      <Box w={170}>
        <EntityPicker
          size="xs"
          hideLabel
          label={t("agenda.owner")}
          placeholder={t("agenda.owner")}
          loader={loaders.contacts()}
          initial={refOption(
            t,
            item.owner_contact_id,
            item.owner_name,
            isDeletedRef(item, "owner_contact_id"),
          )}
          value={owner}
          onChange={setOwner}
          data-testid="agenda-edit-owner"
        />
      </Box>
      <MinutesInput
        size="xs"
        w={84}
        testId="agenda-edit-minutes"
        value={minutes}
        onChange={setMinutes}
        onKeyDown={keys}
      />
      <ActionIcon
        variant="light"
        size="md"
        loading={busy}
        onClick={() => void save()}
        aria-label={t("actions.save")}
        data-testid="agenda-edit-save"
      >
        <IconCheck size={16} />
      </ActionIcon>
      <ActionIcon variant="subtle" color="gray" size="md" onClick={onClose} aria-label={t("actions.cancel")}>
        <IconX size={16} />
      </ActionIcon>
    </Group>
  );
}

/** An agenda item's planned minutes (0–1440, whole minutes; empty for none), when adding or editing it. */
function MinutesInput({
  testId,
  ...props
}: {
  size: "xs" | "sm";
  w: number;
  testId: string;
  value: string | number;
  onChange: (v: string | number) => void;
  onKeyDown: (e: React.KeyboardEvent) => void;
}) {
  const { t } = useTranslation();
  return (
    <NumberInput
      {...props}
      min={0}
      max={1440}
      allowDecimal={false}
      aria-label={t("agenda.plannedMinutes")}
      placeholder={t("agenda.minutesShort")}
      data-testid={testId}
    />
  );
}
