import { useState } from "react";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { Providers } from "../App";
import {
  EntityMultiPicker,
  EntityPicker,
  loaders,
  type Loader,
  type Option,
} from "../components/EntityPicker";
import type { Contact, Organization } from "../bindings";
import i18n, { initI18n } from "../lib/i18n";
import { createQueryClient } from "../lib/queryClient";
import { mockBackend, org } from "./utils";

const PEOPLE: Option[] = [
  { value: "c1", label: "James Okafor" },
  { value: "c2", label: "王晓明" },
];

/** Answers like a list command: every option whose label contains the typed text. */
const loader: Loader = {
  key: ["contact", "picker-test"],
  load: async (search) => PEOPLE.filter((o) => !search || o.label.includes(search)),
};

function Picker({ start, initial }: { start: string | null; initial?: Option }) {
  const [value, setValue] = useState<string | null>(start);
  return (
    <>
      <EntityPicker
        label="负责人（个人）"
        loader={loader}
        value={value}
        onChange={setValue}
        initial={initial}
      />
      <output data-testid="chosen">{value ?? ""}</output>
    </>
  );
}

async function renderPicker(start: string | null, initial?: Option) {
  mockBackend(() => undefined);
  initI18n("zh-CN");
  await i18n.changeLanguage("zh-CN");
  render(
    <Providers client={createQueryClient()}>
      <Picker start={start} initial={initial} />
    </Providers>,
  );
  return screen.getByRole("textbox", { name: "负责人（个人）" });
}

describe("a single-choice picker shows what is chosen", () => {
  it("when the form opens with a value", async () => {
    const field = await renderPicker("c2", { value: "c2", label: "王晓明" });
    await waitFor(() => expect(field).toHaveValue("王晓明"));
  });

  it("after a choice, and the list still offers everyone when reopened", async () => {
    const field = await renderPicker(null);
    const user = userEvent.setup();
    await user.click(field);
    await user.type(field, "James");
    await user.click(
      await screen.findByRole("option", { name: "James Okafor", hidden: true }, { timeout: 3000 }),
    );
    expect(screen.getByTestId("chosen")).toHaveTextContent("c1");
    await waitFor(() => expect(field).toHaveValue("James Okafor"));
    await user.click(field);
    expect(
      await screen.findByRole("option", { name: "王晓明", hidden: true }, { timeout: 3000 }),
    ).toBeInTheDocument();
  });

  it("after clearing", async () => {
    const field = await renderPicker("c2", { value: "c2", label: "王晓明" });
    await waitFor(() => expect(field).toHaveValue("王晓明"));
    const user = userEvent.setup();
    await user.clear(field);
    await waitFor(() => expect(field).toHaveValue(""));
  });
});

const HENGTONG = org({ id: "o-ht", kind: "supplier", name: "苏州恒通电子", contact_count: 2 });
const RND = org({ id: "o-rd", kind: "department", name: "研发部", contact_count: 1 });

function person(id: string, name: string, o: Organization | null): Contact {
  return {
    id,
    name,
    title: null,
    organization_id: o?.id ?? null,
    organization_name: o?.name ?? null,
    deleted_refs: [],
    emails: [],
    phones: [],
    wechat: null,
    notes: null,
    created_at: "2025-01-01T00:00:00Z",
    updated_at: "2025-01-01T00:00:00Z",
    deleted_at: null,
  };
}

const CONTACTS = [
  person("c-liu", "刘洋", HENGTONG),
  person("c-chen", "陈静", HENGTONG),
  person("c-wang", "王晓明", RND),
];

/** A backend that answers the organization and contact lists like the real one (name contains / organization). */
function directoryBackend() {
  return mockBackend((cmd, args) => {
    const q = (
      args as { query?: { search: string | null; organization_id?: string | null; kind?: string | null } }
    ).query;
    if (cmd === "organization_list") {
      const items = [HENGTONG, RND].filter(
        (o) => (!q?.search || o.name.includes(q.search)) && (!q?.kind || o.kind === q.kind),
      );
      return { items, next_cursor: null, total: items.length };
    }
    if (cmd === "contact_list") {
      const items = CONTACTS.filter(
        (c) =>
          (!q?.search || c.name.includes(q.search) || (c.organization_name ?? "").includes(q.search)) &&
          (!q?.organization_id || c.organization_id === q.organization_id),
      );
      return { items, next_cursor: null, total: items.length };
    }
    return undefined;
  });
}

function Attendees() {
  const [value, setValue] = useState<string[]>([]);
  const [expanded, setExpanded] = useState<string[]>([]);
  return (
    <>
      <EntityMultiPicker
        label="参会人"
        loader={loaders.attendees()}
        value={value}
        onChange={setValue}
        onExpand={(v) => setExpanded((e) => [...e, v])}
      />
      <output data-testid="chosen">{value.join(",")}</output>
      <output data-testid="expanded">{expanded.join(",")}</output>
    </>
  );
}

describe("the attendee picker", () => {
  it("offers everyone from a matching organization and adds its people once", async () => {
    directoryBackend();
    initI18n("zh-CN");
    await i18n.changeLanguage("zh-CN");
    render(
      <Providers client={createQueryClient()}>
        <Attendees />
      </Providers>,
    );
    const field = screen.getByRole("textbox", { name: "参会人" });
    const user = userEvent.setup();
    await user.click(field);
    await user.type(field, "恒通");
    const everyone = await screen.findByRole(
      "option",
      { name: "添加 苏州恒通电子 的全部 2 人", hidden: true },
      { timeout: 3000 },
    );
    // The organization's people are offered one by one too.
    expect(screen.getByRole("option", { name: "刘洋 · 苏州恒通电子", hidden: true })).toBeInTheDocument();
    await user.click(everyone);
    await waitFor(() => expect(screen.getByTestId("chosen")).toHaveTextContent("c-liu,c-chen"));
    expect(screen.getByTestId("expanded")).toHaveTextContent("everyone:o-ht");
    // The choice is complete: the list closes.
    await waitFor(() => expect(screen.queryByRole("option", { name: /刘洋/, hidden: true })).toBeNull());
    // Each person shows as a pill with their name, not the placeholder entry.
    expect(screen.getByText("刘洋 · 苏州恒通电子", { selector: ".mantine-Pill-label" })).toBeInTheDocument();
    expect(screen.queryByText(/添加 苏州恒通电子/, { selector: ".mantine-Pill-label" })).toBeNull();
  });

  it("lists departments as departments", async () => {
    directoryBackend();
    initI18n("en");
    await i18n.changeLanguage("en");
    render(
      <Providers client={createQueryClient()}>
        <Attendees />
      </Providers>,
    );
    const field = screen.getByRole("textbox", { name: "参会人" });
    const user = userEvent.setup();
    await user.click(field);
    await user.type(field, "研发");
    const option = await screen.findByRole(
      "option",
      { name: "Add everyone from 研发部 (1 person)", hidden: true },
      { timeout: 3000 },
    );
    // The option sits under the "Departments" heading.
    expect(option.closest('[role="group"]')).toBe(
      screen.getByRole("group", { name: "Departments", hidden: true }),
    );
  });
});

describe("the organization picker", () => {
  it("groups organizations under their kind", async () => {
    directoryBackend();
    initI18n("zh-CN");
    await i18n.changeLanguage("zh-CN");
    render(
      <Providers client={createQueryClient()}>
        <EntityPicker label="所属组织" loader={loaders.organizations()} />
      </Providers>,
    );
    const user = userEvent.setup();
    await user.click(screen.getByRole("textbox", { name: "所属组织" }));
    const rnd = await screen.findByRole("option", { name: "研发部", hidden: true }, { timeout: 3000 });
    expect(rnd.closest('[role="group"]')).toBe(screen.getByRole("group", { name: "部门", hidden: true }));
    const ht = screen.getByRole("option", { name: "苏州恒通电子", hidden: true });
    expect(ht.closest('[role="group"]')).toBe(screen.getByRole("group", { name: "供应商", hidden: true }));
  });
});
