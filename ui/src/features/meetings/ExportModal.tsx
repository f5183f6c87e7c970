import { useState } from "react";
import { Alert, Button, Group, Modal, Radio, Select, SimpleGrid, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery } from "@tanstack/react-query";
import { IconAlertTriangle, IconDownload } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { commands, type ExportFormat, type Lang, type Meeting } from "../../bindings";
import i18n from "../../lib/i18n";
import { errorMessage, unwrap, type Result } from "../../lib/ipc";
import { keys } from "../../lib/queryClient";
import {
  exportFileName,
  formatOptions,
  langOptions,
  rememberExport,
  storedFormat,
  storedLang,
} from "./exportPrefs";

type Scope = "meeting" | "party" | "packs";

/**
 * A success toast naming what was written, with "Open" and "Show in folder" for `path` (the backend opens only files
 * this session exported). Its test id lets end-to-end tests read the path.
 */
export function showExportDone(message: string, path: string | null) {
  const t = i18n.t.bind(i18n);
  const run = async (action: () => Promise<Result<null>>) => {
    try {
      await unwrap(action());
    } catch (err) {
      notifications.show({ color: "red", title: t("export.openFailed"), message: errorMessage(t, err) });
    }
  };
  notifications.show({
    color: "teal",
    autoClose: 12_000,
    message: (
      <Stack gap={6}>
        <Text size="sm" data-testid="export-done" style={{ wordBreak: "break-all" }}>
          {message}
        </Text>
        {path && (
          <Group gap="xs">
            <Button
              size="compact-sm"
              variant="light"
              data-testid="export-open"
              onClick={() => void run(() => commands.exportOpen(path))}
            >
              {t("export.open")}
            </Button>
            <Button
              size="compact-sm"
              variant="light"
              data-testid="export-reveal"
              onClick={() => void run(() => commands.exportReveal(path))}
            >
              {t("export.reveal")}
            </Button>
          </Group>
        )}
      </Stack>
    ),
  });
}

/** The folder part of a written file's path (either separator). */
function dirName(path: string): string {
  const cut = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return cut > 0 ? path.slice(0, cut) : path;
}

/**
 * Exports the meeting: its summary, one party's follow-up pack, or a pack per party into a folder. The native dialog
 * picks where; Rust writes the file in the chosen language.
 */
export function ExportModal({ meeting, onClose }: { meeting: Meeting; onClose: () => void }) {
  const { t } = useTranslation();
  const [format, setFormat] = useState<ExportFormat>(storedFormat);
  const [lang, setLang] = useState<Lang>(storedLang);
  const [scope, setScope] = useState<Scope>("meeting");
  const [party, setParty] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const parties = useQuery({
    queryKey: keys.parties(meeting.id),
    queryFn: () => unwrap(commands.meetingParties(meeting.id)),
  });
  const partyList = parties.data ?? [];
  const noParties = parties.isSuccess && partyList.length === 0;
  const partyName = partyList.find((p) => p.id === party)?.name ?? null;

  const run = async () => {
    setError(null);
    if (scope === "party" && !party) {
      setError(t("export.pickParty"));
      return;
    }
    rememberExport(format, lang);
    try {
      // Rust opens the native dialog and writes where the user chose there; null means the dialog was cancelled.
      setBusy(true);
      if (scope === "packs") {
        const written = await unwrap(
          commands.meetingExportFollowUps(meeting.id, format, lang, t("export.chooseFolder")),
        );
        if (!written) return;
        const dir = written[0] ? dirName(written[0]) : "";
        showExportDone(t("export.packsDone", { count: written.length, dir }), written[0] ?? null);
      } else {
        const written = await unwrap(
          commands.meetingExport(meeting.id, format, lang, scope === "party" ? party : null, {
            title: t("export.saveTitle"),
            file_name: exportFileName(meeting, format, scope === "party" ? partyName : null),
            filter_name: t(`export.format.${format}`),
          }),
        );
        if (!written) return;
        showExportDone(t("export.done", { path: written }), written);
      }
      onClose();
    } catch (err) {
      setError(errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t("export.title", { title: meeting.title })}
      size="lg"
      closeButtonProps={{ "aria-label": t("actions.close") }}
    >
      <Stack gap="sm" data-testid="export-modal">
        <SimpleGrid cols={2}>
          <Select
            label={t("export.formatLabel")}
            data={formatOptions(t)}
            value={format}
            allowDeselect={false}
            onChange={(v) => v && setFormat(v as ExportFormat)}
            data-testid="export-format"
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label={t("export.langLabel")}
            description={t("export.langHint")}
            data={langOptions()}
            value={lang}
            allowDeselect={false}
            onChange={(v) => v && setLang(v as Lang)}
            data-testid="export-lang"
            comboboxProps={{ withinPortal: true }}
          />
        </SimpleGrid>
        <Radio.Group
          label={t("export.scopeLabel")}
          value={scope}
          onChange={(v) => setScope(v as Scope)}
          data-testid="export-scope"
        >
          <Stack gap={6} mt={6}>
            <Radio value="meeting" label={t("export.scope.meeting")} data-testid="export-scope-meeting" />
            <Radio
              value="party"
              label={t("export.scope.party")}
              disabled={noParties}
              data-testid="export-scope-party"
            />
            <Radio
              value="packs"
              label={t("export.scope.packs")}
              disabled={noParties}
              data-testid="export-scope-packs"
            />
          </Stack>
        </Radio.Group>
        {noParties && (
          <Text size="xs" c="dimmed">
            {t("export.noParties")}
          </Text>
        )}
        {scope === "party" && (
          <Select
            label={t("export.party")}
            placeholder={t("picker.placeholder")}
            data={partyList.map((p) => ({ value: p.id, label: p.name }))}
            value={party}
            onChange={setParty}
            searchable
            data-testid="export-party"
            comboboxProps={{ withinPortal: true }}
          />
        )}
        {error && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert" data-testid="export-error">
            {error}
          </Alert>
        )}
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose}>
            {t("actions.cancel")}
          </Button>
          <Button
            leftSection={<IconDownload size={16} />}
            loading={busy}
            onClick={() => void run()}
            data-testid="export-save"
          >
            {scope === "packs" ? t("export.chooseFolderButton") : t("export.saveButton")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
