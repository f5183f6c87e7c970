import { useRef } from "react";
import { Button, Checkbox, Group, List, Stack, Text } from "@mantine/core";
import { modals } from "@mantine/modals";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { commands, type AppError, type Entity as RecordKind, type ReferenceCount } from "../bindings";
import { errorMessage, unwrap, type Result } from "../lib/ipc";
import { invalidateEntity } from "../lib/queryClient";

type Remove = (id: string) => Promise<Result<null, AppError>>;

/**
 * Soft-deletes an entity and offers Undo in a notification (which calls xRestore). When other records still point
 * at it, a confirmation first says what they are, with counts by kind (they keep the reference, marked deleted).
 * `removeWithContacts` (organizations) is offered as "delete its contacts too": one transaction, one Undo.
 */
export function useDeleteWithUndo<R>(
  entity: RecordKind,
  remove: Remove,
  restore: (id: string) => Promise<Result<R, AppError>>,
  removeWithContacts?: Remove,
) {
  const { t } = useTranslation();
  const client = useQueryClient();

  const run = async (removeFn: Remove, id: string, name: string, after?: () => void) => {
    try {
      await unwrap(removeFn(id));
    } catch (err) {
      notifications.show({ color: "red", title: t("toast.deleteFailed"), message: errorMessage(t, err) });
      return;
    }
    await invalidateEntity(client, entity);
    const notificationId = `deleted-${id}`;
    const undo = async () => {
      notifications.hide(notificationId);
      try {
        await unwrap(restore(id));
        await invalidateEntity(client, entity);
        notifications.show({ message: t("toast.restored", { name }), color: "teal" });
      } catch (err) {
        notifications.show({ color: "red", title: t("toast.restoreFailed"), message: errorMessage(t, err) });
      }
    };
    showUndoToast(notificationId, t("toast.deleted", { name }), t("actions.undo"), undo);
    after?.();
  };

  return async (id: string, name: string, after?: () => void) => {
    let counts: ReferenceCount[];
    try {
      counts = await unwrap(commands.referencesTo(entity, id));
    } catch (err) {
      notifications.show({ color: "red", title: t("toast.deleteFailed"), message: errorMessage(t, err) });
      return;
    }
    if (counts.length === 0) {
      await run(remove, id, name, after);
      return;
    }
    const choice = { withContacts: false };
    const contacts = counts.find((c) => c.kind === "contacts")?.count ?? 0;
    modals.openConfirmModal({
      title: t("deleteConfirm.title", { name }),
      children: (
        <DeleteReferences
          counts={counts}
          contacts={removeWithContacts ? contacts : 0}
          onWithContacts={(v) => (choice.withContacts = v)}
        />
      ),
      labels: { confirm: t("actions.delete"), cancel: t("actions.cancel") },
      confirmProps: { color: "red", "data-testid": "confirm-delete" } as Record<string, string>,
      cancelProps: { "data-testid": "confirm-cancel" } as Record<string, string>,
      onConfirm: () =>
        void run(choice.withContacts && removeWithContacts ? removeWithContacts : remove, id, name, after),
    });
  };
}

/** What still points at the record about to be deleted, and (for an organization) whether its contacts go too. */
function DeleteReferences({
  counts,
  contacts,
  onWithContacts,
}: {
  counts: ReferenceCount[];
  contacts: number;
  onWithContacts: (v: boolean) => void;
}) {
  const { t } = useTranslation();
  const checked = useRef(false);
  return (
    <Stack gap="sm" data-testid="delete-references">
      <Text size="sm">{t("deleteConfirm.pointing")}</Text>
      <List size="sm">
        {counts.map((c) => (
          <List.Item key={c.kind} data-testid={`reference-${c.kind}`}>
            {t(`references.${c.kind}`, { count: c.count })}
          </List.Item>
        ))}
      </List>
      <Text size="sm" c="dimmed">
        {t("deleteConfirm.kept")}
      </Text>
      {contacts > 0 && (
        <Checkbox
          label={t("deleteConfirm.withContacts", { count: contacts })}
          data-testid="delete-with-contacts"
          onChange={(e) => {
            checked.current = e.currentTarget.checked;
            onWithContacts(checked.current);
          }}
        />
      )}
    </Stack>
  );
}

/** A notification saying what just happened, with an Undo button (10 s). */
export function showUndoToast(id: string, message: string, undoLabel: string, undo: () => Promise<void>) {
  notifications.show({
    id,
    autoClose: 10_000,
    message: (
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Text size="sm">{message}</Text>
        <Button size="compact-sm" variant="light" data-testid="toast-undo" onClick={() => void undo()}>
          {undoLabel}
        </Button>
      </Group>
    ),
  });
}
