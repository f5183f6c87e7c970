import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Contact, ReferenceCount } from "../bindings";
import en from "../locales/en/common.json";
import zh from "../locales/zh-CN/common.json";
import type { Language } from "../lib/i18n";
import { mockBackend, org, renderApp } from "./utils";

const DELETED: Record<Language, string> = { en: en.ref.deleted, "zh-CN": zh.ref.deleted };

function contact(overrides: Partial<Contact> = {}): Contact {
  return {
    id: "0190-contact-1",
    name: "李娜",
    title: null,
    organization_id: "0190-org-1",
    organization_name: "华东精密制造有限公司",
    deleted_refs: [],
    emails: [],
    phones: [],
    wechat: null,
    notes: null,
    created_at: "2025-01-01T00:00:00Z",
    updated_at: "2025-01-01T00:00:00Z",
    deleted_at: null,
    ...overrides,
  };
}

describe("a reference to a deleted record", () => {
  it.each<Language>(["en", "zh-CN"])("is shown struck through and labelled deleted (%s)", async (lang) => {
    mockBackend((cmd) => {
      if (cmd === "contact_get") return contact({ deleted_refs: ["organization_id"] });
      return undefined;
    });
    await renderApp("/contacts/0190-contact-1", lang);
    const marked = await screen.findByTestId("ref-deleted");
    expect(marked).toHaveTextContent("华东精密制造有限公司");
    expect(marked).toHaveTextContent(DELETED[lang]);
    expect(within(marked).getByText("华东精密制造有限公司")).toHaveStyle({ textDecoration: "line-through" });
  });

  it("is not marked while the record is live", async () => {
    mockBackend((cmd) => (cmd === "contact_get" ? contact() : undefined));
    await renderApp("/contacts/0190-contact-1", "en");
    expect(await screen.findByText("华东精密制造有限公司")).toBeInTheDocument();
    expect(screen.queryByTestId("ref-deleted")).not.toBeInTheDocument();
  });
});

describe("deleting a record others point to", () => {
  const partner = org({ contact_count: 2 });
  const counts: ReferenceCount[] = [
    { kind: "contacts", count: 2 },
    { kind: "meetings", count: 3 },
  ];

  it.each<Language>(["en", "zh-CN"])(
    "says what points to it, by kind, before deleting (%s)",
    async (lang) => {
      const calls = mockBackend((cmd) => {
        if (cmd === "organization_get") return partner;
        if (cmd === "references_to") return counts;
        return undefined;
      });
      await renderApp(`/organizations/${partner.id}`, lang);
      const user = userEvent.setup();
      await user.click(await screen.findByTestId("detail-delete"));
      const dialog = await screen.findByTestId("delete-references");
      const common = lang === "en" ? en : zh;
      const contactsLine = lang === "en" ? en.references.contacts_other : zh.references.contacts_other;
      const meetingsLine = lang === "en" ? en.references.meetings_other : zh.references.meetings_other;
      expect(within(dialog).getByTestId("reference-contacts")).toHaveTextContent(
        contactsLine.replace("{{count}}", "2"),
      );
      expect(within(dialog).getByTestId("reference-meetings")).toHaveTextContent(
        meetingsLine.replace("{{count}}", "3"),
      );
      expect(within(dialog).getByText(common.deleteConfirm.kept)).toBeInTheDocument();
      expect(calls.some((c) => c.cmd.startsWith("organization_delete"))).toBe(false);

      // Cancel deletes nothing.
      await user.click(screen.getByTestId("confirm-cancel"));
      await waitFor(() => expect(screen.queryByTestId("delete-references")).not.toBeInTheDocument());
      expect(calls.some((c) => c.cmd.startsWith("organization_delete"))).toBe(false);
    },
  );

  it("deletes the organization's contacts with it when asked, in one command", async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === "organization_get") return partner;
      if (cmd === "references_to") return counts;
      return undefined;
    });
    await renderApp(`/organizations/${partner.id}`, "en");
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("detail-delete"));
    await user.click(await screen.findByTestId("delete-with-contacts"));
    await user.click(screen.getByTestId("confirm-delete"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "organization_delete_with_contacts")).toBe(true));
    expect(calls.some((c) => c.cmd === "organization_delete")).toBe(false);
    expect(await screen.findByTestId("toast-undo")).toBeInTheDocument();
  });

  it("deletes without asking when nothing points to the record", async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === "organization_get") return partner;
      if (cmd === "references_to") return [];
      return undefined;
    });
    await renderApp(`/organizations/${partner.id}`, "en");
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("detail-delete"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "organization_delete")).toBe(true));
    expect(screen.queryByTestId("delete-references")).not.toBeInTheDocument();
  });
});
