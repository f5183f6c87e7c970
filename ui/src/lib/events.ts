import { useEffect, useRef } from "react";

/** An event of the typed bindings (`events.dataChanged`, …). */
type AppEvent<T> = { listen: (cb: (e: { payload: T }) => void) => Promise<() => void> };

/**
 * Calls `handler` with each `event` while the component is mounted; always the latest handler, so callers need not
 * memoize it. Unmounting before the listener is registered still removes it once it is.
 */
export function useAppEvent<T>(event: AppEvent<T>, handler: (payload: T) => void) {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    let unlisten: (() => void) | undefined;
    let cancelled = false;
    event
      .listen((e) => latest.current(e.payload))
      .then((fn) => {
        if (cancelled) fn();
        else unlisten = fn;
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
      unlisten?.();
    };
  }, [event]);
}
