import { useState } from "react";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { Providers } from "../App";
import { EntityPicker, type Loader, type Option } from "../components/EntityPicker";
import i18n, { initI18n } from "../lib/i18n";
import { createQueryClient } from "../lib/queryClient";
import { mockBackend } from "./utils";

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
