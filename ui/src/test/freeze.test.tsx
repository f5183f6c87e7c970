// Tauri runs the webview with `freezePrototype: true`. Libraries that assign methods like `valueOf` onto their
// own prototypes throw at import time under a frozen Object.prototype and leave a blank window, so this file
// freezes it first and then loads and drives the real app. (Vitest runs each test file in its own process.)
import { describe, expect, it } from "vitest";

describe("with Object.prototype frozen, as in the Tauri webview", () => {
  it("loads, renders the shell and opens a create form", async () => {
    Object.freeze(Object.prototype);
    const { screen } = await import("@testing-library/react");
    const userEvent = (await import("@testing-library/user-event")).default;
    const { mockBackend, renderApp } = await import("./utils");
    mockBackend(() => undefined);
    await renderApp("/directory/partners", "zh-CN");
    expect(await screen.findByTestId("nav-partners")).toHaveTextContent("合作伙伴");
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("list-new"));
    await user.click(await screen.findByTestId("form-submit"));
    expect(await screen.findByTestId("field-error-name")).toHaveTextContent("此项为必填项。");
    await user.click(screen.getByTestId("nav-settings"));
    await user.click(await screen.findByTestId("settings-language-en"));
    expect(await screen.findByTestId("page-title")).toHaveTextContent("Settings");
  });
});
