import { NumberInput, SimpleGrid, TagsInput, TextInput, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { commands, type Organization, type OrganizationInput, type OrgKind } from "../../bindings";
import { ColorPicker } from "../../components/ColorPicker";
import { EntityPicker, loaders } from "../../components/EntityPicker";
import { FormModal, numOrNull, orNull, required, useFieldProps } from "../../components/FormModal";
import { unwrap } from "../../lib/ipc";
import { invalidateEntity } from "../../lib/queryClient";
import { isDeletedRef, refOption } from "../../components/RefName";

type Values = {
  name: string;
  tier: string;
  tags: string[];
  address: string;
  website: string;
  notes: string;
  lead_contact_id: string | null;
  weekly_capacity_hours: number | string;
  color: string | null;
};

export function toOrganizationInput(kind: OrgKind, v: Values): OrganizationInput {
  const isDept = kind === "department";
  return {
    kind,
    name: v.name.trim(),
    tier: orNull(v.tier),
    tags: v.tags.map((x) => x.trim()).filter(Boolean),
    address: orNull(v.address),
    website: orNull(v.website),
    notes: orNull(v.notes),
    lead_contact_id: isDept ? v.lead_contact_id : null,
    weekly_capacity_hours: isDept ? numOrNull(v.weekly_capacity_hours) : null,
    color: isDept ? v.color : null,
  };
}

export function OrganizationForm({
  kind,
  organization,
  onClose,
  onSaved,
}: {
  kind: OrgKind;
  organization?: Organization;
  onClose: () => void;
  onSaved?: (o: Organization) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useForm<Values>({
    initialValues: {
      name: organization?.name ?? "",
      tier: organization?.tier ?? "",
      tags: organization?.tags ?? [],
      address: organization?.address ?? "",
      website: organization?.website ?? "",
      notes: organization?.notes ?? "",
      lead_contact_id: organization?.lead_contact_id ?? null,
      weekly_capacity_hours: organization?.weekly_capacity_hours ?? "",
      color: organization?.color ?? null,
    },
    validate: { name: required },
  });
  const fp = useFieldProps(form);
  const isDept = kind === "department";
  const title = organization ? t(`edit.${kind}`) : t(`new.${kind}`);

  return (
    <FormModal
      opened
      onClose={onClose}
      title={title}
      form={form}
      submit={(v) => {
        const input = toOrganizationInput(kind, v);
        return unwrap(
          organization
            ? commands.organizationUpdate(organization.id, input)
            : commands.organizationCreate(input),
        );
      }}
      onSaved={(o) => {
        void invalidateEntity(client, "organization");
        onSaved?.(o);
        onClose();
      }}
    >
      <TextInput label={t("fields.name")} withAsterisk data-autofocus {...fp("name")} />
      <SimpleGrid cols={2}>
        <TextInput label={t("fields.tier")} placeholder={t("fields.tierHint")} {...fp("tier")} />
        <TextInput label={t("fields.website")} placeholder="https://" {...fp("website")} />
      </SimpleGrid>
      <TagsInput label={t("fields.tags")} placeholder={t("fields.tagsHint")} {...fp("tags")} />
      <TextInput label={t("fields.address")} {...fp("address")} />
      {isDept && (
        <SimpleGrid cols={2}>
          <EntityPicker
            label={t("fields.lead_contact_id")}
            loader={loaders.contacts()}
            initial={refOption(
              t,
              organization?.lead_contact_id,
              organization?.lead_contact_name,
              isDeletedRef(organization, "lead_contact_id"),
            )}
            {...fp("lead_contact_id")}
          />
          <NumberInput
            label={t("fields.weekly_capacity_hours")}
            min={0}
            allowDecimal
            decimalScale={1}
            {...fp("weekly_capacity_hours")}
          />
        </SimpleGrid>
      )}
      {isDept && (
        <ColorPicker
          label={t("color.label")}
          value={form.values.color}
          onChange={(c) => form.setFieldValue("color", c)}
        />
      )}
      <Textarea label={t("fields.notes")} autosize minRows={3} maxRows={10} {...fp("notes")} />
    </FormModal>
  );
}
