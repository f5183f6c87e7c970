import { SimpleGrid, TextInput, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { commands, type BudgetLine } from "../../bindings";
import { DateField } from "../../components/DateField";
import { FormModal, optionalDate, orNull, required, useFieldProps } from "../../components/FormModal";
import { unwrap } from "../../lib/ipc";
import { minorToText, parseMinor } from "./money";

type Values = {
  category: string;
  description: string;
  planned: string;
  actual: string;
  currency: string;
  spent_on: string;
};

/** Edits a cost line; the amounts are typed as decimals and sent as integer minor units (never floats). */
export function BudgetLineForm({ line, onClose }: { line: BudgetLine; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const amount = (v: string, values: Values) =>
    parseMinor(v.trim() || "0", values.currency.trim()) === null ? t("plan.budget.badAmount") : null;
  const form = useForm<Values>({
    initialValues: {
      category: line.category,
      description: line.description ?? "",
      planned: minorToText(line.planned, line.currency),
      actual: minorToText(line.actual, line.currency),
      currency: line.currency,
      spent_on: line.spent_on ?? "",
    },
    validate: { category: required, planned: amount, actual: amount, spent_on: optionalDate },
  });
  const fp = useFieldProps(form);
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("plan.budget.edit")}
      form={form}
      submit={(v) =>
        unwrap(
          commands.budgetLineUpdate(line.id, {
            category: v.category.trim(),
            description: orNull(v.description),
            planned: parseMinor(v.planned.trim() || "0", v.currency.trim()) ?? "0",
            actual: parseMinor(v.actual.trim() || "0", v.currency.trim()) ?? "0",
            currency: v.currency.trim().toUpperCase(),
            spent_on: orNull(v.spent_on),
          }),
        )
      }
      onSaved={() => {
        void client.invalidateQueries({ queryKey: ["project"] });
        void client.invalidateQueries({ queryKey: ["dashboard"] });
        onClose();
      }}
    >
      <TextInput label={t("plan.budget.category")} withAsterisk data-autofocus {...fp("category")} />
      <Textarea label={t("fields.description")} autosize minRows={1} maxRows={4} {...fp("description")} />
      <SimpleGrid cols={3}>
        <TextInput label={t("plan.budget.planned")} inputMode="decimal" {...fp("planned")} />
        <TextInput label={t("plan.budget.actual")} inputMode="decimal" {...fp("actual")} />
        <TextInput label={t("plan.budget.currency")} {...fp("currency")} />
      </SimpleGrid>
      <DateField label={t("plan.budget.spentOn")} {...fp("spent_on")} />
    </FormModal>
  );
}
