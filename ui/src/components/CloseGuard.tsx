import { useRef, useState } from "react";
import { Alert, Button, Group, List, Modal, Stack, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { commands, events } from "../bindings";
import { saveBeforeClose, type Pending } from "../lib/closeGuard";
import { useAppEvent } from "../lib/events";

type Ask = { forms: Extract<Pending, { kind: "ask" }>[]; failed: boolean };

/**
 * Handles the window's close button: the backend holds the close back and tells us; we answer at once (so its
 * fallback does not close under us), save pending notes, and close — or, when a form has unsaved changes or a
 * save failed, ask first.
 */
export function CloseGuard() {
  const { t } = useTranslation();
  const [ask, setAsk] = useState<Ask | null>(null);
  const [saving, setSaving] = useState(false);
  const running = useRef(false);

  useAppEvent(events.closeRequested, () => {
    void (async () => {
      void commands.windowCloseTaken().catch(() => undefined);
      if (running.current) return;
      running.current = true;
      try {
        const result = await saveBeforeClose();
        if (!result.failed && result.forms.length === 0) {
          await commands.windowClose();
          return;
        }
        setAsk(result);
      } finally {
        running.current = false;
      }
    })();
  });

  const saveAndClose = async () => {
    if (!ask) return;
    setSaving(true);
    try {
      const saved = await Promise.all(ask.forms.map((f) => f.save()));
      // A form that refused (invalid input) stays open with its errors shown.
      if (saved.every(Boolean)) await commands.windowClose();
      else setAsk(null);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      opened={ask !== null}
      onClose={() => setAsk(null)}
      title={t("closing.title")}
      closeButtonProps={{ "aria-label": t("actions.close") }}
      zIndex={400}
    >
      <Stack gap="sm" data-testid="close-guard">
        {ask?.failed && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert">
            {t("closing.saveFailed")}
          </Alert>
        )}
        {ask && ask.forms.length > 0 && (
          <>
            <Text size="sm">{t("closing.unsavedForms")}</Text>
            <List size="sm">
              {ask.forms.map((f, i) => (
                <List.Item key={i}>{f.title()}</List.Item>
              ))}
            </List>
          </>
        )}
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={() => setAsk(null)} data-testid="close-keep-editing">
            {t("closing.keepEditing")}
          </Button>
          <Button
            variant="light"
            color="red"
            onClick={() => void commands.windowClose()}
            data-testid="close-discard"
          >
            {t("closing.discard")}
          </Button>
          {ask && ask.forms.length > 0 && (
            <Button loading={saving} onClick={() => void saveAndClose()} data-testid="close-save">
              {t("closing.saveAndClose")}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
