import { Button, Group, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconBell } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { events } from "../../bindings";
import { useAppEvent } from "../../lib/events";

/**
 * Shows each reminder the app raises in the window too, with Open (the desktop notification may be gone, or its
 * server may not report clicks), and opens the item of a desktop notification the user clicked.
 */
export function ReminderListener() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  useAppEvent(events.reminderOpened, (p) => navigate(p.path));
  useAppEvent(events.reminderRaised, (payload) => {
    const id = `reminder:${payload.path}:${payload.title}`;
    notifications.show({
      id,
      title: payload.title,
      autoClose: 15000,
      icon: <IconBell size={16} />,
      message: (
        <Group justify="space-between" wrap="nowrap" gap="xs" data-testid="reminder-toast">
          <Text size="sm">{payload.body}</Text>
          <Button
            size="compact-xs"
            variant="light"
            onClick={() => {
              notifications.hide(id);
              navigate(payload.path);
            }}
            data-testid="reminder-open"
          >
            {t("reminders.open")}
          </Button>
        </Group>
      ),
    });
  });
  return null;
}
