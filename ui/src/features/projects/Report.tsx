import { useEffect, useState } from "react";
import { Button, Group, Paper, SegmentedControl, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { commands, type ExportFormat, type Lang, type ReportRequest, type ReportScope } from "../../bindings";
import { Markdown } from "../../components/Markdown";
import { QueryError } from "../../components/ListPage";
import { todayIso } from "../../lib/format";
import { errorMessage, unwrap } from "../../lib/ipc";
import { isoWeek, usePlanMutation } from "./api";

const FORMATS: ExportFormat[] = ["md", "pdf", "docx"];

/**
 * The weekly report of a project, or of a department across its projects: pick the week and language, write the
 * summary (kept with the report), preview, export (the same engine as `liaison-desk report project|department`).
 */
export function ReportTab({
  scope = "project",
  id,
  name,
}: {
  scope?: ReportScope;
  id: string;
  name: string;
}) {
  const { t, i18n } = useTranslation();
  const [week, setWeek] = useState(isoWeek(todayIso()));
  const [lang, setLang] = useState<Lang>(i18n.language === "en" ? "en" : "zh-CN");
  const request: ReportRequest = { scope, id, week, lang };
  const saved = useQuery({
    queryKey: ["project", "reportSummary", scope, id, week],
    queryFn: () => unwrap(commands.reportSummaryGet(request)),
  });
  const [summary, setSummary] = useState<string | null>(null);
  useEffect(() => setSummary(null), [week]);
  const text = summary ?? saved.data ?? "";
  const [debounced] = useDebouncedValue(text, 300);
  const preview = useQuery({
    queryKey: ["project", "reportPreview", scope, id, week, lang, debounced],
    queryFn: () => unwrap(commands.reportPreview(request, debounced)),
    placeholderData: (p) => p,
    retry: false,
  });
  const save = usePlanMutation((s: string) => unwrap(commands.reportSummarySave(request, s)));
  const exportAs = async (format: ExportFormat) => {
    try {
      const path = await unwrap(
        commands.reportExport(request, format, {
          title: t("plan.report.dialogTitle"),
          file_name: `${week} ${name}`,
          filter_name: t(`plan.report.filter.${format}`),
        }),
      );
      if (path) notifications.show({ message: t("plan.report.exported", { path }) });
    } catch (e) {
      notifications.show({ color: "red", message: errorMessage(t, e) });
    }
  };
  return (
    <Stack gap="sm">
      <Group align="flex-end" gap="sm">
        <TextInput
          label={t("plan.report.week")}
          value={week}
          onChange={(e) => setWeek(e.currentTarget.value)}
          w={130}
          data-testid="report-week"
        />
        <SegmentedControl
          aria-label={t("plan.report.lang")}
          data={[
            { value: "zh-CN", label: "中文" },
            { value: "en", label: "English" },
          ]}
          value={lang}
          onChange={(v) => setLang(v as Lang)}
        />
        {FORMATS.map((f) => (
          <Button
            key={f}
            variant="default"
            onClick={() => void exportAs(f)}
            data-testid={`report-export-${f}`}
          >
            {t("plan.report.export", { format: f.toUpperCase() })}
          </Button>
        ))}
      </Group>
      <Textarea
        label={t("plan.report.summary")}
        value={text}
        onChange={(e) => setSummary(e.currentTarget.value)}
        onBlur={() => summary !== null && save.mutate(summary)}
        autosize
        minRows={2}
        data-testid="report-summary"
        description={save.isSuccess ? t("plan.report.saved") : undefined}
      />
      <Text size="sm" fw={600}>
        {t("plan.report.preview")}
      </Text>
      {preview.isError ? (
        <QueryError error={preview.error} onRetry={() => void preview.refetch()} />
      ) : (
        <Paper withBorder p="md" data-testid="report-preview">
          {preview.data && <Markdown source={preview.data} />}
        </Paper>
      )}
    </Stack>
  );
}
