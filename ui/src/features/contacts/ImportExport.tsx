import { useState } from "react";
import {
  Alert,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  ScrollArea,
  Select,
  Stack,
  Table,
  Text,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconDownload, IconFileImport } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import {
  commands,
  type CardField,
  type CardFormat,
  type ColumnMap,
  type ImportOptions,
  type ImportRow,
} from "../../bindings";
import { errorMessage, toAppError, unwrap } from "../../lib/ipc";
import { normalizeLanguage } from "../../lib/i18n";

const FIELDS: CardField[] = [
  "name",
  "organization",
  "organization_kind",
  "title",
  "email",
  "phone",
  "wechat",
  "notes",
];

/** How many rows the preview lists; its counts cover the whole file. */
const PREVIEW_ROWS = 20;

/** An import error as people read it: for a bad record, its line and field with the rule's message. */
export function importErrorMessage(t: TFunction, err: unknown): string {
  const e = toAppError(err);
  if (e.code === "invalid_record") {
    const at = t("errors:hint.recordAt", {
      line: e.detail.line,
      field: e.detail.field,
      problem: t(`errors:rule.${e.detail.rule}`),
    });
    return `${t("errors:code.invalid_record")} ${at}`;
  }
  return errorMessage(t, err);
}

function MatchCell({ row }: { row: ImportRow }) {
  const { t } = useTranslation();
  if (!row.matched_by) return null;
  return (
    <Text size="xs" c="dimmed">
      {t("contactsIo.matchedBy", { name: row.matched_name ?? "", by: t(`contactsIo.by.${row.matched_by}`) })}
    </Text>
  );
}

const ACTION_COLOR = { create: "teal", update: "blue", unchanged: "gray" } as const;

/**
 * Imports contacts and organizations from a CSV or vCard file: the user picks the file, sees how its columns are
 * taken (and can change that), the first rows with what will happen to each and what each matches, then imports
 * all of it in one transaction. A bad record is named by its line and field, and nothing is written.
 */
export function ImportContactsModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [file, setFile] = useState<string | null>(null);
  const [mapping, setMapping] = useState<ColumnMap[]>([]);
  const options: ImportOptions = { format: null, mapping };

  const pick = useMutation({
    mutationFn: () => unwrap(commands.contactsImportPick(t("contactsIo.pickTitle"), t("contactsIo.filter"))),
    onSuccess: (name) => {
      if (name) {
        setFile(name);
        setMapping([]);
      }
    },
    onError: (err) => notifications.show({ color: "red", message: errorMessage(t, err) }),
  });

  const preview = useQuery({
    queryKey: ["contact-import-preview", file, mapping],
    queryFn: () => unwrap(commands.contactsImportPreview(options)),
    enabled: file !== null,
    retry: false,
    gcTime: 0,
  });

  const run = useMutation({
    mutationFn: () => unwrap(commands.contactsImport(options)),
    onSuccess: async (r) => {
      notifications.show({
        color: "teal",
        message: t("contactsIo.imported", {
          created: r.created,
          updated: r.updated,
          unchanged: r.unchanged,
          organizations: r.organizations_created,
        }),
      });
      await client.invalidateQueries();
      onClose();
    },
  });

  const setField = (header: string, field: CardField | null) =>
    setMapping((m) => [...m.filter((c) => c.header !== header), { header, field }]);

  const report = preview.data;
  return (
    <Modal opened onClose={onClose} title={t("contactsIo.importTitle")} size="xl" data-testid="import-modal">
      <Stack gap="sm">
        <Group>
          <Button
            variant="default"
            leftSection={<IconFileImport size={16} />}
            onClick={() => pick.mutate()}
            loading={pick.isPending}
            data-testid="import-pick"
          >
            {file ? t("contactsIo.pickAnother") : t("contactsIo.pick")}
          </Button>
          <Text size="sm" c="dimmed" data-testid="import-file">
            {file ?? t("contactsIo.pickHint")}
          </Text>
        </Group>
        {preview.isError && (
          <Alert color="red" icon={<IconAlertTriangle size={16} />} data-testid="import-error">
            {importErrorMessage(t, preview.error)}
          </Alert>
        )}
        {run.isError && (
          <Alert color="red" icon={<IconAlertTriangle size={16} />}>
            {importErrorMessage(t, run.error)}
          </Alert>
        )}
        {report && (
          <>
            <Text size="sm" data-testid="import-summary">
              {t("contactsIo.summary", {
                format: report.format === "csv" ? "CSV" : "vCard",
                encoding: report.encoding,
                total: report.total,
                created: report.created,
                updated: report.updated,
                unchanged: report.unchanged,
                organizations: report.organizations_created,
              })}
            </Text>
            {report.columns.length > 0 && (
              <Stack gap={4}>
                <Text size="sm" fw={500}>
                  {t("contactsIo.mapping")}
                </Text>
                <Group gap="xs">
                  {report.columns.map((c) => (
                    <Select
                      key={c.header}
                      size="xs"
                      w={170}
                      label={c.header}
                      aria-label={t("contactsIo.columnAs", { header: c.header })}
                      data-testid={`map-${c.header}`}
                      value={c.field ?? "ignore"}
                      allowDeselect={false}
                      data={[
                        { value: "ignore", label: t("contactsIo.ignore") },
                        ...FIELDS.map((f) => ({ value: f, label: t(`contactsIo.field.${f}`) })),
                      ]}
                      onChange={(v) => setField(c.header, !v || v === "ignore" ? null : (v as CardField))}
                    />
                  ))}
                </Group>
              </Stack>
            )}
            <ScrollArea.Autosize mah={300}>
              <Table striped withTableBorder fz="sm" data-testid="import-rows">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("contactsIo.line")}</Table.Th>
                    <Table.Th>{t("fields.name")}</Table.Th>
                    <Table.Th>{t("fields.organization")}</Table.Th>
                    <Table.Th>{t("contactsIo.contactInfo")}</Table.Th>
                    <Table.Th>{t("contactsIo.result")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {report.rows.slice(0, PREVIEW_ROWS).map((r) => (
                    <Table.Tr key={r.line} data-testid="import-row">
                      <Table.Td>{r.line}</Table.Td>
                      <Table.Td>
                        {r.name}
                        {r.is_organization && (
                          <Badge ml={6} size="xs" variant="light">
                            {t("contactsIo.organization")}
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>{r.organization}</Table.Td>
                      <Table.Td>{r.email ?? r.phone}</Table.Td>
                      <Table.Td>
                        <Badge size="sm" variant="light" color={ACTION_COLOR[r.action]}>
                          {t(`contactsIo.action.${r.action}`)}
                        </Badge>
                        <MatchCell row={r} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
            {report.total > PREVIEW_ROWS && (
              <Text size="xs" c="dimmed">
                {t("contactsIo.firstRows", { shown: PREVIEW_ROWS, total: report.total })}
              </Text>
            )}
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-testid="import-cancel">
            {t("actions.cancel")}
          </Button>
          <Button
            onClick={() => run.mutate()}
            loading={run.isPending}
            disabled={!report || preview.isFetching}
            data-testid="import-run"
          >
            {t("contactsIo.importN", { count: report?.total ?? 0 })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The contacts list's Import and Export buttons. */
export function ContactsImportExport() {
  const { t, i18n } = useTranslation();
  const [importing, setImporting] = useState(false);
  const exportTo = useMutation({
    mutationFn: (format: CardFormat) =>
      unwrap(
        commands.contactsExport(format, normalizeLanguage(i18n.language), {
          title: t("contactsIo.exportTitle"),
          file_name: `${t("contactsIo.fileName")}-${new Date().toISOString().slice(0, 10)}.${format}`,
          filter_name: format === "vcf" ? "vCard" : "CSV",
        }),
      ),
    onSuccess: (path) => {
      if (path) notifications.show({ color: "teal", message: t("contactsIo.exported", { path }) });
    },
    onError: (err) =>
      notifications.show({
        color: "red",
        title: t("contactsIo.exportFailed"),
        message: errorMessage(t, err),
      }),
  });
  return (
    <>
      <Button
        variant="default"
        leftSection={<IconFileImport size={16} />}
        onClick={() => setImporting(true)}
        data-testid="contacts-import"
      >
        {t("contactsIo.import")}
      </Button>
      <Menu position="bottom-end">
        <Menu.Target>
          <Button variant="default" leftSection={<IconDownload size={16} />} data-testid="contacts-export">
            {t("contactsIo.export")}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => exportTo.mutate("vcf")} data-testid="contacts-export-vcf">
            {t("contactsIo.asVcf")}
          </Menu.Item>
          <Menu.Item onClick={() => exportTo.mutate("csv")} data-testid="contacts-export-csv">
            {t("contactsIo.asCsv")}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {importing && <ImportContactsModal onClose={() => setImporting(false)} />}
    </>
  );
}
