import { SimpleGrid, TextInput, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { commands, type Contact, type ContactInput } from "../../bindings";
import { EntityPicker, loaders, type Option } from "../../components/EntityPicker";
import { FormModal, orNull, required, splitList, useFieldProps } from "../../components/FormModal";
import { unwrap } from "../../lib/ipc";
import { invalidateEntity } from "../../lib/queryClient";
import { isDeletedRef, refOption } from "../../components/RefName";

type Values = {
  name: string;
  title: string;
  organization_id: string | null;
  emails: string;
  phones: string;
  wechat: string;
  notes: string;
};

export function toContactInput(v: Values): ContactInput {
  return {
    name: v.name.trim(),
    title: orNull(v.title),
    organization_id: v.organization_id,
    emails: splitList(v.emails),
    phones: splitList(v.phones),
    wechat: orNull(v.wechat),
    notes: orNull(v.notes),
  };
}

export function ContactForm({
  contact,
  presetOrganization,
  onClose,
  onSaved,
}: {
  contact?: Contact;
  presetOrganization?: Option;
  onClose: () => void;
  onSaved?: (c: Contact) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useForm<Values>({
    initialValues: {
      name: contact?.name ?? "",
      title: contact?.title ?? "",
      organization_id: contact?.organization_id ?? presetOrganization?.value ?? null,
      emails: (contact?.emails ?? []).join(", "),
      phones: (contact?.phones ?? []).join(", "),
      wechat: contact?.wechat ?? "",
      notes: contact?.notes ?? "",
    },
    validate: { name: required },
  });
  const fp = useFieldProps(form);
  const initialOrg =
    refOption(
      t,
      contact?.organization_id,
      contact?.organization_name,
      isDeletedRef(contact, "organization_id"),
    ) ??
    presetOrganization ??
    null;

  return (
    <FormModal
      opened
      onClose={onClose}
      title={contact ? t("edit.contact") : t("new.contact")}
      form={form}
      submit={(v) => {
        const input = toContactInput(v);
        return unwrap(contact ? commands.contactUpdate(contact.id, input) : commands.contactCreate(input));
      }}
      onSaved={(c) => {
        void invalidateEntity(client, "contact");
        onSaved?.(c);
        onClose();
      }}
    >
      <SimpleGrid cols={2}>
        <TextInput label={t("fields.personName")} withAsterisk data-autofocus {...fp("name")} />
        <TextInput label={t("fields.jobTitle")} {...fp("title")} />
      </SimpleGrid>
      <EntityPicker
        label={t("fields.organization")}
        loader={loaders.organizations()}
        initial={initialOrg}
        {...fp("organization_id")}
      />
      <TextInput label={t("fields.emails")} description={t("fields.listHint")} {...fp("emails")} />
      <SimpleGrid cols={2}>
        <TextInput label={t("fields.phones")} description={t("fields.listHint")} {...fp("phones")} />
        <TextInput
          label={t("fields.wechat")}
          // A non-breaking space keeps a description line so this input lines up with the phones input.
          description={"\u00a0"}
          {...fp("wechat")}
        />
      </SimpleGrid>
      <Textarea label={t("fields.notes")} autosize minRows={3} maxRows={10} {...fp("notes")} />
    </FormModal>
  );
}
