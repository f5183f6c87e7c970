import { useMemo, useState } from "react";
import { MultiSelect, Select, type ComboboxItem } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { commands, type OrgKind } from "../bindings";
import { unwrap } from "../lib/ipc";
import { toZonedInput } from "../lib/format";

/** `deleted`: a record the field already holds but that is deleted; offered only while it stays chosen. */
export type Option = { value: string; label: string; deleted?: boolean };
export type Loader = { key: readonly unknown[]; load: (search: string | null) => Promise<Option[]> };

const LIMIT = 30;

export const loaders = {
  organizations: (kind: OrgKind | null = null): Loader => ({
    key: ["organization", "picker", kind],
    load: async (search) =>
      (
        await unwrap(commands.organizationList({ search, kind, sort: "name", cursor: null, limit: LIMIT }))
      ).items.map((o) => ({ value: o.id, label: o.name })),
  }),
  contacts: (): Loader => ({
    key: ["contact", "picker"],
    load: async (search) =>
      (
        await unwrap(
          commands.contactList({ search, organization_id: null, sort: "name", cursor: null, limit: LIMIT }),
        )
      ).items.map((c) => ({
        value: c.id,
        label: c.organization_name ? `${c.name} · ${c.organization_name}` : c.name,
      })),
  }),
  /** Meetings, newest first, labelled with their date; `exclude` leaves one out (the meeting being edited). */
  meetings: (exclude: string | null = null): Loader => ({
    key: ["meeting", "picker", exclude],
    load: async (search) =>
      (
        await unwrap(
          commands.meetingList({
            search,
            project_id: null,
            from: null,
            to: null,
            sort: "starts_desc",
            cursor: null,
            limit: LIMIT,
          }),
        )
      ).items
        .filter((m) => m.id !== exclude)
        .map((m) => ({ value: m.id, label: meetingLabel(m.title, m.starts_at, m.time_zone) })),
  }),
  projects: (): Loader => ({
    key: ["project", "picker"],
    load: async (search) =>
      (
        await unwrap(commands.projectList({ search, status: null, sort: "name", cursor: null, limit: LIMIT }))
      ).items.map((p) => ({ value: p.id, label: p.name })),
  }),
};

/** "周例会 · 2026-11-24": a meeting as a picker shows it. */
export function meetingLabel(title: string, startsAt: string, timeZone: string): string {
  const day = toZonedInput(startsAt, timeZone).slice(0, 10);
  return day ? `${title} · ${day}` : title;
}

function useOptions(loader: Loader, search: string, known: Option[], chosen: string[]) {
  const [debounced] = useDebouncedValue(search, 250);
  const q = useQuery({
    queryKey: [...loader.key, debounced],
    queryFn: () => loader.load(debounced.trim() === "" ? null : debounced.trim()),
  });
  const data = useMemo(() => {
    const map = new Map<string, ComboboxItem>();
    // A deleted record is never offered: once removed from the field it cannot be picked again.
    for (const o of known) if (!o.deleted || chosen.includes(o.value)) map.set(o.value, o);
    for (const o of q.data ?? []) map.set(o.value, o);
    return [...map.values()];
  }, [q.data, known, chosen]);
  return { data, loading: q.isFetching };
}

type BaseProps = {
  label: string;
  loader: Loader;
  error?: React.ReactNode;
  errorProps?: Record<string, string>;
  "data-testid"?: string;
  placeholder?: string;
  disabled?: boolean;
  size?: "xs" | "sm";
  /** Show no visible label (a compact filter); the label still names the field for assistive technology. */
  hideLabel?: boolean;
};

/** A searchable single-entity select backed by a list command. `initial` gives the label of the current value. */
export function EntityPicker({
  value = null,
  onChange,
  initial,
  ...props
}: BaseProps & { value?: string | null; onChange?: (v: string | null) => void; initial?: Option | null }) {
  const { t } = useTranslation();
  // The text in the field: the chosen record's label (Mantine writes it there on a choice and when the form opens
  // with a value), or what the user is typing. Only typed text is a query, so a chosen label stays visible without
  // narrowing the list to itself.
  const [search, setSearch] = useState(initial && initial.value === value ? initial.label : "");
  const [known, setKnown] = useState<Option[]>(initial ? [initial] : []);
  const chosen = useMemo(() => (value ? [value] : []), [value]);
  const selectedLabel = known.find((o) => o.value === value)?.label;
  const { data } = useOptions(props.loader, search === selectedLabel ? "" : search, known, chosen);
  return (
    <Select
      label={props.hideLabel ? undefined : props.label}
      aria-label={props.label}
      size={props.size}
      placeholder={props.placeholder ?? t("picker.placeholder")}
      data={data}
      value={value}
      onChange={(v, option) => {
        if (option) setKnown((k) => [...k.filter((o) => o.value !== option.value), option]);
        onChange?.(v);
      }}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={t("picker.nothing")}
      error={props.error}
      errorProps={props.errorProps}
      data-testid={props["data-testid"]}
      disabled={props.disabled}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

export function EntityMultiPicker({
  value = [],
  onChange,
  initial,
  ...props
}: BaseProps & { value?: string[]; onChange?: (v: string[]) => void; initial?: Option[] }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [known, setKnown] = useState<Option[]>(initial ?? []);
  const { data } = useOptions(props.loader, search, known, value);
  return (
    <MultiSelect
      label={props.label}
      placeholder={props.placeholder ?? t("picker.placeholder")}
      data={data}
      value={value}
      onChange={(v) => {
        const added = data.filter((o) => v.includes(o.value));
        setKnown((k) => {
          const map = new Map(k.map((o) => [o.value, o]));
          for (const o of added) map.set(o.value, { value: o.value, label: o.label });
          return [...map.values()];
        });
        onChange?.(v);
      }}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={t("picker.nothing")}
      error={props.error}
      errorProps={props.errorProps}
      data-testid={props["data-testid"]}
      disabled={props.disabled}
      hidePickedOptions
    />
  );
}
