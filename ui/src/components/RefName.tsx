import { Badge, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import type { Option } from "./EntityPicker";

/**
 * The name of a referenced record. A deleted one stays visible — struck through, with a "deleted" badge — so the
 * user sees what the record still points to and can remove it; it is never silently dropped.
 */
export function RefName({
  name,
  deleted,
  size = "sm",
}: {
  name: string | null | undefined;
  deleted: boolean;
  size?: "xs" | "sm";
}) {
  const { t } = useTranslation();
  if (!name) return null;
  if (!deleted) return <>{name}</>;
  return (
    <Group component="span" gap={4} wrap="nowrap" display="inline-flex" data-testid="ref-deleted">
      <Text component="span" size={size} td="line-through" c="dimmed">
        {name}
      </Text>
      <Badge component="span" size="xs" variant="light" color="gray">
        {t("ref.deleted")}
      </Badge>
    </Group>
  );
}

/** Whether the record's reference `field` points at a deleted record. */
export function isDeletedRef(record: { deleted_refs: string[] } | null | undefined, field: string): boolean {
  return record?.deleted_refs.includes(field) ?? false;
}

/** A chosen record's label in a picker: "name (deleted)" when it is deleted. */
export function deletedLabel(t: TFunction, name: string, deleted: boolean): string {
  return deleted ? t("ref.deletedLabel", { name }) : name;
}

/** A picker's current choice; a deleted record is labelled as such, so clearing it removes the reference. */
export function refOption(
  t: TFunction,
  id: string | null | undefined,
  name: string | null | undefined,
  deleted: boolean,
): Option | null {
  if (!id || !name) return null;
  return { value: id, label: deletedLabel(t, name, deleted), deleted };
}
