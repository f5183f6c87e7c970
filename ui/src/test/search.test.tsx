import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Hit } from "../bindings";
import { mockBackend, renderApp } from "./utils";

const HITS: Hit[] = [
  {
    type: "organization",
    id: "o-rd",
    title: "研发部",
    parent: null,
    snippet: "部门 department",
    marks: [],
    score: -9,
  },
  {
    type: "contact",
    id: "c-zl",
    title: "赵磊",
    parent: null,
    snippet: "研发工程师 <img src=x onerror=\"window.__xss='hit'\">",
    marks: [[0, 2]],
    score: -4,
  },
];

describe("the search page", () => {
  it("lists every result with its snippet as text, the words marked, and filters by type", async () => {
    const calls = mockBackend((cmd, args) => {
      if (cmd === "contact_get")
        return {
          id: "c-zl",
          name: "赵磊",
          title: "研发工程师",
          organization_id: null,
          organization_name: null,
          deleted_refs: [],
          emails: [],
          phones: [],
          wechat: null,
          notes: null,
          created_at: "2026-01-01T00:00:00Z",
          updated_at: "2026-01-01T00:00:00Z",
          deleted_at: null,
        };
      if (cmd !== "search_all") return undefined;
      const kind = (args as { kind: string | null }).kind;
      return kind ? HITS.filter((h) => h.type === kind) : HITS;
    });
    await renderApp("/search?q=研发", "zh-CN");
    const rows = await screen.findAllByTestId("search-hit");
    expect(rows).toHaveLength(2);
    expect(calls.filter((c) => c.cmd === "search_all").at(-1)?.args).toEqual({
      query: "研发",
      kind: null,
      limit: 200,
    });
    const snippet = within(rows[1]!).getByTestId("search-snippet");
    expect(snippet.querySelector("mark")).toHaveTextContent("研发");
    // The index's text is shown, never parsed: no element comes out of it.
    expect(snippet.querySelector("img")).toBeNull();
    expect(snippet).toHaveTextContent("<img src=x");
    expect((window as unknown as { __xss?: string }).__xss).toBeUndefined();
    const user = userEvent.setup();
    await user.click(screen.getByRole("radio", { name: "联系人" }));
    await waitFor(() => expect(screen.getAllByTestId("search-hit")).toHaveLength(1));
    expect(calls.filter((c) => c.cmd === "search_all").at(-1)?.args).toMatchObject({ kind: "contact" });
    await user.click(screen.getByTestId("search-hit"));
    expect(await screen.findByTestId("detail-title")).toHaveTextContent("赵磊");
    // Back goes to the results, by their page's name.
    expect(screen.getByTestId("detail-back")).toHaveTextContent("搜索");
    expect(screen.queryByTestId("search-capped")).toBeNull();
  });

  it("says when only the best results are shown", async () => {
    const many: Hit[] = Array.from({ length: 200 }, (_, i) => ({
      ...HITS[1]!,
      id: `c-${i}`,
      title: `联系人 ${i}`,
    }));
    mockBackend((cmd) => (cmd === "search_all" ? many : undefined));
    await renderApp("/search?q=研发", "en");
    expect(await screen.findByTestId("search-capped")).toHaveTextContent("The best 200 results are shown");
    expect(screen.getAllByTestId("search-hit")).toHaveLength(200);
  });
});
