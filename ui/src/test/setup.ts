import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, vi } from "vitest";
import i18n, { initI18n } from "../lib/i18n";

// Pages are chunks of their own: the first render of one can take over a second while other builds load the machine.
configure({ asyncUtilTimeout: 5000 });

// The app loads one language's strings at start and the other on a switch; tests switch freely and synchronously.
await initI18n("en");
await i18n.loadLanguages("zh-CN");

// jsdom lacks layout: give scroll containers a size so the virtualizer renders rows.
Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 800 });
Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 1000 });
Object.defineProperty(HTMLElement.prototype, "offsetHeight", { configurable: true, get: () => 48 });
Object.defineProperty(HTMLElement.prototype, "offsetWidth", { configurable: true, get: () => 1000 });

window.matchMedia =
  window.matchMedia ||
  ((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: vi.fn(),
    removeListener: vi.fn(),
    addEventListener: vi.fn(),
    removeEventListener: vi.fn(),
    dispatchEvent: vi.fn(),
  }));

class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
window.ResizeObserver = window.ResizeObserver || ResizeObserverStub;
// CodeMirror measures text through ranges, which jsdom does not lay out.
const emptyRect = () =>
  ({ x: 0, y: 0, top: 0, left: 0, bottom: 0, right: 0, width: 0, height: 0, toJSON: () => ({}) }) as DOMRect;
Range.prototype.getClientRects =
  Range.prototype.getClientRects || (() => Object.assign([], { item: () => null }) as unknown as DOMRectList);
Range.prototype.getBoundingClientRect = Range.prototype.getBoundingClientRect || emptyRect;
document.elementFromPoint = document.elementFromPoint || (() => null);
Element.prototype.scrollIntoView = Element.prototype.scrollIntoView || vi.fn();
Element.prototype.scrollTo = Element.prototype.scrollTo || vi.fn();

afterEach(() => {
  cleanup();
  clearMocks();
});
