import { useRef, useState } from "react";
import {
  Alert,
  Box,
  Button,
  Group,
  Modal,
  Progress,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
} from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck, IconFolder } from "@tabler/icons-react";
import { Channel } from "@tauri-apps/api/core";
import { useTranslation } from "react-i18next";
import {
  commands,
  type BatchProgress,
  type BatchQuery,
  type BatchReport,
  type ExportFormat,
  type Lang,
} from "../../bindings";
import { EntityPicker, loaders, type Option } from "../../components/EntityPicker";
import { DateField } from "../../components/DateField";
import { formatNumber } from "../../lib/format";
import { dayRange, parseDate, userTimeZone } from "../../lib/time";
import { errorMessage, toAppError, unwrap } from "../../lib/ipc";
import {
  formatOptions,
  langOptions,
  newJobId,
  rememberExport,
  storedFormat,
  storedLang,
} from "./exportPrefs";

type Which = "all" | "project" | "range";
type Run =
  | { phase: "setup" }
  | { phase: "running"; job: string; progress: BatchProgress | null; cancelling: boolean }
  | { phase: "done"; written: number; cancelled: boolean }
  | { phase: "failed"; message: string };

/**
 * Exports many meetings into a folder: a project's, those in a date range, or all. Rust writes one file per meeting
 * off the main thread and reports each on a channel; Cancel stops it between files and keeps what was written.
 */
export function BatchExportModal({ project, onClose }: { project?: Option | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [format, setFormat] = useState<ExportFormat>(storedFormat);
  const [lang, setLang] = useState<Lang>(storedLang);
  const [which, setWhich] = useState<Which>(project ? "project" : "range");
  const [projectId, setProjectId] = useState<string | null>(project?.value ?? null);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [fieldError, setFieldError] = useState<{ project?: string; from?: string; to?: string }>({});
  const [run, setRun] = useState<Run>({ phase: "setup" });
  // Progress can arrive faster than React renders; the latest message wins.
  const latest = useRef<BatchProgress | null>(null);
  const lastProgress = () => latest.current;

  const query = (): BatchQuery | null => {
    const errors: typeof fieldError = {};
    const zone = userTimeZone();
    let q: BatchQuery = { project_id: null, from: null, to: null };
    if (which === "project") {
      if (!projectId) errors.project = t("errors:rule.required");
      q = { ...q, project_id: projectId };
    } else if (which === "range") {
      if (from.trim() && !parseDate(from)) errors.from = t("errors:rule.invalid_date");
      if (to.trim() && !parseDate(to)) errors.to = t("errors:rule.invalid_date");
      if (!from.trim() && !to.trim()) errors.from = t("errors:rule.required");
      // The range covers whole local days in the user's zone: from the start of "from" to the end of "to".
      q = { ...q, ...dayRange(from, to, zone) };
      if (!errors.from && !errors.to && q.from && q.to && q.from >= q.to)
        errors.to = t("errors:rule.end_before_start");
    }
    setFieldError(errors);
    return Object.keys(errors).length ? null : q;
  };

  const start = async () => {
    const q = query();
    if (!q) return;
    rememberExport(format, lang);
    const job = newJobId();
    const channel = new Channel<BatchProgress>();
    latest.current = null;
    channel.onmessage = (p) => {
      latest.current = p;
      setRun((r) => (r.phase === "running" ? { ...r, progress: p } : r));
    };
    setRun({ phase: "running", job, progress: null, cancelling: false });
    try {
      // Rust asks for the folder in the native dialog first; null means the dialog was cancelled.
      const report: BatchReport | null = await unwrap(
        commands.meetingsExportBatch(q, format, lang, t("batch.chooseFolder"), job, channel),
      );
      if (!report) {
        setRun({ phase: "setup" });
        return;
      }
      setRun({ phase: "done", written: report.written.length, cancelled: report.cancelled });
    } catch (err) {
      if (toAppError(err).code === "cancelled") {
        // Stopped before the report was made: what the last progress message counted is on disk.
        setRun({ phase: "done", written: lastProgress()?.done ?? 0, cancelled: true });
      } else {
        setRun({ phase: "failed", message: errorMessage(t, err) });
      }
    }
  };

  const cancel = async () => {
    if (run.phase !== "running") return;
    setRun({ ...run, cancelling: true });
    try {
      await unwrap(commands.exportCancel(run.job));
    } catch (err) {
      setRun({ phase: "failed", message: errorMessage(t, err) });
    }
  };

  const running = run.phase === "running";
  return (
    <Modal
      opened
      onClose={() => !running && onClose()}
      title={t("batch.title")}
      size="lg"
      closeOnClickOutside={!running}
      closeOnEscape={!running}
      withCloseButton={!running}
      closeButtonProps={{ "aria-label": t("actions.close") }}
    >
      <Stack gap="sm" data-testid="batch-modal">
        <SimpleGrid cols={2}>
          <Select
            label={t("export.formatLabel")}
            data={formatOptions(t)}
            value={format}
            allowDeselect={false}
            disabled={running}
            onChange={(v) => v && setFormat(v as ExportFormat)}
            data-testid="batch-format"
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label={t("export.langLabel")}
            data={langOptions()}
            value={lang}
            allowDeselect={false}
            disabled={running}
            onChange={(v) => v && setLang(v as Lang)}
            data-testid="batch-lang"
            comboboxProps={{ withinPortal: true }}
          />
        </SimpleGrid>
        <Box>
          <Text size="sm" fw={500} mb={4} id="batch-which-label">
            {t("batch.which")}
          </Text>
          <SegmentedControl
            fullWidth
            value={which}
            disabled={running}
            onChange={(v) => setWhich(v as Which)}
            aria-labelledby="batch-which-label"
            data-testid="batch-which"
            data={(["project", "range", "all"] as const).map((w) => ({
              value: w,
              label: <span data-testid={`batch-which-${w}`}>{t(`batch.whichOption.${w}`)}</span>,
            }))}
          />
        </Box>
        {which === "project" && (
          <EntityPicker
            label={t("fields.project")}
            loader={loaders.projects()}
            initial={project ?? null}
            value={projectId}
            onChange={setProjectId}
            error={fieldError.project}
            disabled={running}
            data-testid="batch-project"
          />
        )}
        {which === "range" && (
          <SimpleGrid cols={2}>
            <DateField
              label={t("batch.from")}
              value={from}
              error={fieldError.from}
              disabled={running}
              onChange={setFrom}
              data-testid="batch-from"
            />
            <DateField
              label={t("batch.to")}
              value={to}
              error={fieldError.to}
              disabled={running}
              onChange={setTo}
              data-testid="batch-to"
            />
          </SimpleGrid>
        )}
        {run.phase === "running" && (
          <Stack gap={4} data-testid="batch-progress" aria-live="polite">
            <Progress
              value={
                run.progress && run.progress.total > 0 ? (run.progress.done / run.progress.total) * 100 : 0
              }
              animated={!run.progress}
              striped={!run.progress}
              aria-label={t("batch.progressLabel")}
            />
            <Text size="sm" data-testid="batch-progress-text" style={{ wordBreak: "break-word" }}>
              {run.cancelling
                ? t("batch.cancelling")
                : run.progress
                  ? t("batch.progress", {
                      done: formatNumber(run.progress.done),
                      total: formatNumber(run.progress.total),
                      title: run.progress.title,
                    })
                  : t("batch.preparing")}
            </Text>
          </Stack>
        )}
        {run.phase === "done" && (
          <Alert
            color={run.cancelled ? "yellow" : "teal"}
            icon={run.cancelled ? <IconAlertTriangle size={18} /> : <IconCircleCheck size={18} />}
            data-testid="batch-done"
            data-cancelled={run.cancelled}
          >
            {run.cancelled
              ? t("batch.cancelled", { count: run.written })
              : t("batch.done", { count: run.written })}
          </Alert>
        )}
        {run.phase === "failed" && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert" data-testid="batch-error">
            {run.message}
          </Alert>
        )}
        <Group justify="flex-end" mt="xs">
          {running ? (
            <Button
              variant="default"
              color="red"
              onClick={() => void cancel()}
              disabled={run.cancelling}
              data-testid="batch-cancel"
            >
              {t("actions.cancel")}
            </Button>
          ) : (
            <>
              <Button variant="default" onClick={onClose} data-testid="batch-close">
                {t("actions.close")}
              </Button>
              <Button
                leftSection={<IconFolder size={16} />}
                onClick={() => void start()}
                data-testid="batch-start"
              >
                {t("batch.start")}
              </Button>
            </>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
