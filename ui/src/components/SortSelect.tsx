import { Select } from "@mantine/core";
import { useTranslation } from "react-i18next";

/** The sort menu of a list page: each option is a sort value and the `sort.*` label key that names it. */
export function SortSelect<T extends string>({
  options,
  value,
  onChange,
}: {
  options: readonly (readonly [T, string])[];
  value: T;
  onChange: (value: T) => void;
}) {
  const { t } = useTranslation();
  return (
    <Select
      aria-label={t("list.sort")}
      data={options.map(([v, key]) => ({ value: v, label: t(`sort.${key}`) }))}
      value={value}
      onChange={(v) => v && onChange(v as T)}
      allowDeselect={false}
      w={170}
    />
  );
}
