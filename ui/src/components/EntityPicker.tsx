import { useMemo, useState } from "react";
import { MultiSelect, Select, type ComboboxData, type ComboboxItem } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { commands, type Contact, type OrgKind, type Page } from "../bindings";
import i18n from "../lib/i18n";
import { unwrap } from "../lib/ipc";
import { toZonedInput } from "../lib/format";

/**
 * `deleted`: a record the field already holds but that is deleted; offered only while it stays chosen.
 * `group`: the heading the option is listed under (部门, 供应商, 联系人, …).
 */
export type Option = { value: string; label: string; deleted?: boolean; group?: string };
/**
 * `expand`: for an option that stands for several records ("everyone from 苏州恒通电子"), the records to choose
 * instead of it; null for an ordinary option.
 */
export type Loader = {
  key: readonly unknown[];
  load: (search: string | null) => Promise<Option[]>;
  expand?: (value: string) => Promise<Option[] | null>;
};

const LIMIT = 30;
/** The value prefix of the attendee picker's "everyone from this organization" options. */
const EVERYONE = "everyone:";

const contactOption = (c: Contact): Option => ({
  value: c.id,
  label: c.organization_name ? `${c.name} · ${c.organization_name}` : c.name,
});

/** Every live contact of one organization, page by page. */
async function contactsOf(organizationId: string): Promise<Option[]> {
  const all: Option[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Contact> = await unwrap(
      commands.contactList({
        search: null,
        organization_id: organizationId,
        sort: "name",
        cursor,
        limit: 500,
      }),
    );
    all.push(...page.items.map(contactOption));
    cursor = page.next_cursor;
  } while (cursor);
  return all;
}

export const loaders = {
  /** Listed under their kind, so departments read as departments and partners as partners. */
  organizations: (kind: OrgKind | null = null): Loader => ({
    key: ["organization", "picker", kind, i18n.language],
    load: async (search) =>
      (
        await unwrap(commands.organizationList({ search, kind, sort: "name", cursor: null, limit: LIMIT }))
      ).items
        .map((o) => ({ value: o.id, label: o.name, group: i18n.t(`kind.${o.kind}`) }))
        .sort((a, b) => a.group.localeCompare(b.group)),
  }),
  contacts: (): Loader => ({
    key: ["contact", "picker"],
    load: async (search) =>
      (
        await unwrap(
          commands.contactList({ search, organization_id: null, sort: "name", cursor: null, limit: LIMIT }),
        )
      ).items.map(contactOption),
  }),
  /**
   * People, and while typing, the organizations and departments that match as "everyone from …" entries:
   * choosing one adds all of its people at once.
   */
  attendees: (): Loader => ({
    key: ["contact", "attendee-picker", i18n.language],
    load: async (search) => {
      const people = (await loaders.contacts().load(search)).map((o) => ({
        ...o,
        group: i18n.t("picker.people"),
      }));
      if (!search) return people;
      const orgs = await unwrap(
        commands.organizationList({ search, kind: null, sort: "name", cursor: null, limit: 5 }),
      );
      const everyone = orgs.items
        .filter((o) => o.contact_count > 0)
        .map((o) => ({
          value: `${EVERYONE}${o.id}`,
          label: i18n.t("picker.everyoneFrom", { name: o.name, count: o.contact_count }),
          group: i18n.t(o.kind === "department" ? "picker.departments" : "picker.organizations"),
        }));
      return [...everyone, ...people];
    },
    expand: async (value) => (value.startsWith(EVERYONE) ? contactsOf(value.slice(EVERYONE.length)) : null),
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
            organization_id: null,
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
        await unwrap(
          commands.projectList({
            search,
            status: null,
            organization_id: null,
            sort: "name",
            cursor: null,
            limit: LIMIT,
          }),
        )
      ).items.map((p) => ({ value: p.id, label: p.name })),
  }),
};

/** The organization an "everyone from …" attendee option stands for, or null for a person. */
export function everyoneOf(value: string): string | null {
  return value.startsWith(EVERYONE) ? value.slice(EVERYONE.length) : null;
}

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
    return grouped([...map.values()]);
  }, [q.data, known, chosen]);
  return { data, loading: q.isFetching };
}

/** Options with a `group` go under their heading, in the order the headings first appear; others stay on top. */
function grouped(options: Option[]): ComboboxData {
  const loose: ComboboxItem[] = [];
  const groups = new Map<string, ComboboxItem[]>();
  for (const { group, ...o } of options) {
    if (!group) loose.push(o);
    else groups.set(group, [...(groups.get(group) ?? []), o]);
  }
  return [...loose, ...[...groups].map(([group, items]) => ({ group, items }))];
}

/** Every option in the (possibly grouped) data, flat. */
const flat = (data: ComboboxData): ComboboxItem[] =>
  data.flatMap((d) =>
    typeof d === "string" ? [{ value: d, label: d }] : "group" in d ? flat(d.items) : [d],
  );

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

/** `onExpand`: told which option was expanded into its records (the form may also note the organization). */
export function EntityMultiPicker({
  value = [],
  onChange,
  initial,
  onExpand,
  ...props
}: BaseProps & {
  value?: string[];
  onChange?: (v: string[]) => void;
  initial?: Option[];
  onExpand?: (value: string) => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [picked, setKnown] = useState<Option[]>([]);
  // Controlled so that choosing "everyone from …" closes the list: that choice is complete.
  const [opened, setOpened] = useState(false);
  // What the form knows (its records, plus any it adds itself) and what was picked here.
  const known = useMemo(() => [...(initial ?? []), ...picked], [initial, picked]);
  const { data } = useOptions(props.loader, search, known, value);
  const remember = (added: Option[]) =>
    setKnown((k) => {
      const map = new Map(k.map((o) => [o.value, o]));
      for (const o of added) map.set(o.value, { value: o.value, label: o.label });
      return [...map.values()];
    });
  return (
    <MultiSelect
      label={props.label}
      placeholder={props.placeholder ?? t("picker.placeholder")}
      data={data}
      value={value}
      onChange={async (v) => {
        const added = flat(data).filter((o) => v.includes(o.value) && !value.includes(o.value));
        const expand = props.loader.expand;
        if (!expand) {
          remember(added);
          return onChange?.(v);
        }
        // An "everyone from …" entry is never kept: its people take its place, each once.
        let next = v;
        for (const o of added) {
          const people = await expand(o.value);
          if (!people) {
            remember([o]);
            continue;
          }
          remember(people);
          next = [...new Set([...next.filter((x) => x !== o.value), ...people.map((p) => p.value)])];
          setSearch("");
          setOpened(false);
          onExpand?.(o.value);
        }
        onChange?.(next);
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
      dropdownOpened={opened}
      onDropdownOpen={() => setOpened(true)}
      onDropdownClose={() => setOpened(false)}
      hidePickedOptions
    />
  );
}
