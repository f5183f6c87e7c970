import {
  ActionIcon,
  Button,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPlus, IconX } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { commands, type Project, type ProjectInput, type ProjectStatus } from "../../bindings";
import { ColorPicker } from "../../components/ColorPicker";
import { EntityPicker, loaders } from "../../components/EntityPicker";
import { FormModal, optionalDate, orNull, required, useFieldProps } from "../../components/FormModal";
import { currencyDigits, fromMinorUnits, toMinorUnits } from "../../lib/format";
import { unwrap } from "../../lib/ipc";
import { invalidateEntity } from "../../lib/queryClient";
import { DateField } from "../../components/DateField";
import { CURRENCIES, PROJECT_STATUSES } from "../tasks/status";
import { isDeletedRef, refOption } from "../../components/RefName";

type LinkRow = {
  key: string;
  organization_id: string | null;
  organization_name: string;
  /** The linked organization is deleted: the link is kept and shown marked until the user removes it. */
  deleted: boolean;
  role: string;
};
type Values = {
  name: string;
  code: string;
  status: ProjectStatus;
  start_date: string;
  due_date: string;
  budget_planned: number | string;
  budget_actual: number | string;
  currency: string;
  owner_department_id: string | null;
  color: string | null;
  organizations: LinkRow[];
};

let rowSeq = 0;
const newKey = () => `row-${++rowSeq}`;

export function toProjectInput(v: Values): ProjectInput {
  return {
    name: v.name.trim(),
    code: orNull(v.code),
    status: v.status,
    start_date: orNull(v.start_date),
    due_date: orNull(v.due_date),
    budget_planned: toMinorUnits(v.budget_planned, v.currency),
    budget_actual: toMinorUnits(v.budget_actual, v.currency),
    currency: v.currency,
    owner_department_id: v.owner_department_id,
    color: v.color,
    organizations: v.organizations
      .filter((o): o is LinkRow & { organization_id: string } => o.organization_id !== null)
      .map((o) => ({ organization_id: o.organization_id, role: o.role.trim() })),
  };
}

export function ProjectForm({
  project,
  onClose,
  onSaved,
}: {
  project?: Project;
  onClose: () => void;
  onSaved?: (p: Project) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const currency0 = project?.currency ?? "CNY";
  const form = useForm<Values>({
    initialValues: {
      name: project?.name ?? "",
      code: project?.code ?? "",
      status: project?.status ?? "planned",
      start_date: project?.start_date ?? "",
      due_date: project?.due_date ?? "",
      budget_planned: fromMinorUnits(project?.budget_planned, currency0),
      budget_actual: fromMinorUnits(project?.budget_actual, currency0),
      currency: currency0,
      owner_department_id: project?.owner_department_id ?? null,
      color: project?.color ?? null,
      organizations: (project?.organizations ?? []).map((o) => ({
        key: newKey(),
        organization_id: o.organization_id,
        organization_name: o.organization_name,
        deleted: o.deleted,
        role: o.role,
      })),
    },
    validate: { name: required, start_date: optionalDate, due_date: optionalDate },
  });
  const fp = useFieldProps(form);
  const digits = currencyDigits(form.values.currency);
  const currencies = CURRENCIES.includes(form.values.currency)
    ? CURRENCIES
    : [...CURRENCIES, form.values.currency];

  return (
    <FormModal
      opened
      onClose={onClose}
      size="xl"
      title={project ? t("edit.project") : t("new.project")}
      form={form}
      submit={(v) => {
        const input = toProjectInput(v);
        return unwrap(project ? commands.projectUpdate(project.id, input) : commands.projectCreate(input));
      }}
      onSaved={(p) => {
        void invalidateEntity(client, "project");
        onSaved?.(p);
        onClose();
      }}
    >
      <SimpleGrid cols={3}>
        <TextInput
          label={t("fields.name")}
          withAsterisk
          data-autofocus
          {...fp("name")}
          style={{ gridColumn: "span 2" }}
        />
        <TextInput label={t("fields.code")} {...fp("code")} />
      </SimpleGrid>
      <SimpleGrid cols={3}>
        <Select
          label={t("fields.status")}
          data={PROJECT_STATUSES.map((s) => ({ value: s, label: t(`projectStatus.${s}`) }))}
          allowDeselect={false}
          {...fp("status")}
        />
        <DateField label={t("fields.startDate")} {...fp("start_date")} />
        <DateField label={t("fields.dueDate")} {...fp("due_date")} />
      </SimpleGrid>
      <SimpleGrid cols={3}>
        <NumberInput
          label={t("fields.budgetPlanned")}
          thousandSeparator=","
          decimalScale={digits}
          min={0}
          hideControls
          {...fp("budget_planned")}
        />
        <NumberInput
          label={t("fields.budgetActual")}
          thousandSeparator=","
          decimalScale={digits}
          min={0}
          hideControls
          {...fp("budget_actual")}
        />
        <Select
          label={t("fields.currency")}
          data={currencies}
          allowDeselect={false}
          searchable
          {...fp("currency")}
        />
      </SimpleGrid>
      <EntityPicker
        label={t("fields.ownerDepartment")}
        loader={loaders.organizations("department")}
        initial={refOption(
          t,
          project?.owner_department_id,
          project?.owner_department_name,
          isDeletedRef(project, "owner_department_id"),
        )}
        {...fp("owner_department_id")}
      />
      <ColorPicker
        label={t("color.label")}
        value={form.values.color}
        onChange={(c) => form.setFieldValue("color", c)}
      />
      <Stack gap={6} data-testid="field-organizations">
        <Text size="sm" fw={500}>
          {t("fields.linkedOrganizations")}
        </Text>
        {form.values.organizations.map((row, i) => (
          <Group key={row.key} gap="xs" wrap="nowrap" align="flex-end">
            <div style={{ flex: 2 }}>
              <EntityPicker
                label={t("fields.organization")}
                loader={loaders.organizations()}
                initial={refOption(t, row.organization_id, row.organization_name, row.deleted)}
                value={row.organization_id}
                onChange={(v) => form.setFieldValue(`organizations.${i}.organization_id`, v)}
              />
            </div>
            <TextInput
              style={{ flex: 1 }}
              label={t("fields.role")}
              placeholder={t("fields.roleHint")}
              {...form.getInputProps(`organizations.${i}.role`)}
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              aria-label={t("actions.removeRow")}
              onClick={() => form.removeListItem("organizations", i)}
            >
              <IconX size={16} />
            </ActionIcon>
          </Group>
        ))}
        {typeof form.errors.organizations === "string" && (
          <Text size="xs" c="red" data-testid="field-error-organizations">
            {t(form.errors.organizations)}
          </Text>
        )}
        <Group>
          <Button
            size="xs"
            variant="subtle"
            leftSection={<IconPlus size={14} />}
            onClick={() =>
              form.insertListItem("organizations", {
                key: newKey(),
                organization_id: null,
                organization_name: "",
                deleted: false,
                role: "",
              })
            }
          >
            {t("actions.linkOrganization")}
          </Button>
        </Group>
      </Stack>
    </FormModal>
  );
}
