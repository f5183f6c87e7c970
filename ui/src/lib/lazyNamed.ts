import { lazy, type ComponentType, type LazyExoticComponent } from "react";

/**
 * A component that lives in another chunk, loaded the first time it renders: `lazyNamed(() => import("./X"), "Y")`
 * for `export function Y` in X. Used for pages and for forms that open on a click, so the start-up script does
 * not carry them.
 */
// `any` as in React's own `lazy<T extends ComponentType<any>>`: the props are whatever the named component takes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function lazyNamed<M extends Record<K, ComponentType<any>>, K extends keyof M>(
  load: () => Promise<M>,
  name: K,
): LazyExoticComponent<M[K]> {
  return lazy(async () => ({ default: (await load())[name] }));
}
