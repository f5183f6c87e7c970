import { useEffect, useSyncExternalStore } from "react";
import { useLocation, useNavigationType } from "react-router";

/**
 * The pages the user came through, so a detail page's back link returns where they came from (a contact opened from
 * its supplier goes back to the supplier, not to the contacts list) and names it.
 *
 * The trail holds the router's location keys; `titles` holds the title each page showed. Titles are kept apart from
 * the trail because a page sets its title in an effect that runs before the shell's tracker sees the new location.
 */
let trail: string[] = [];
const titles = new Map<string, string>();
const listeners = new Set<() => void>();

function setTrail(next: string[]) {
  trail = next;
  for (const l of listeners) l();
}

/** Follows the router's history. Mounted once, in the shell. */
export function useTrailTracker() {
  const { key } = useLocation();
  const type = useNavigationType();
  useEffect(() => {
    if (type === "PUSH") setTrail([...trail, key]);
    else if (type === "REPLACE") setTrail([...trail.slice(0, -1), key]);
    else {
      // Back or forward (or the first page): the trail up to that page, or a fresh start from one we never saw.
      const at = trail.indexOf(key);
      setTrail(at >= 0 ? trail.slice(0, at + 1) : [key]);
    }
  }, [key, type]);
}

/** Records the title the current page shows, for the back link of the page opened from it. */
export function usePageTitle(title: string | null | undefined) {
  const { key } = useLocation();
  useEffect(() => {
    if (title) titles.set(key, title);
  }, [key, title]);
}

/** The title of the page before this one in the trail, if the user came from a page of this app. */
export function usePreviousPageTitle(): string | null {
  const current = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => trail,
  );
  const { key } = useLocation();
  const at = current.lastIndexOf(key);
  return at > 0 ? (titles.get(current[at - 1]) ?? null) : null;
}
