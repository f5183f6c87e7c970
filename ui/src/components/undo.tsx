import { Button, Group, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { AppError } from "../bindings";
import { errorMessage, unwrap, type Result } from "../lib/ipc";
import { invalidateEntity, type Entity } from "../lib/queryClient";

/**
 * Soft-deletes an entity and offers Undo in a notification (which calls xRestore). Destructive actions never ask
 * for confirmation because they can be undone.
 */
export function useDeleteWithUndo<R>(
  entity: Entity,
  remove: (id: string) => Promise<Result<null, AppError>>,
  restore: (id: string) => Promise<Result<R, AppError>>,
) {
  const { t } = useTranslation();
  const client = useQueryClient();
  return async (id: string, name: string, after?: () => void) => {
    try {
      await unwrap(remove(id));
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
