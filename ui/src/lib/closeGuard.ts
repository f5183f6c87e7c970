/**
 * What holds typed text that is not stored yet, so closing the window can save it first or ask. Meeting notes
 * save on request; an open form is asked about (its input may not be valid yet).
 */
export type Pending =
  | { kind: "save"; save: () => Promise<void> }
  | { kind: "ask"; title: () => string; dirty: () => boolean; save: () => Promise<boolean> };

const registry = new Set<Pending>();

/** Registers `pending` until the returned function is called (use it as an effect's cleanup). */
export function registerPending(pending: Pending): () => void {
  registry.add(pending);
  return () => {
    registry.delete(pending);
  };
}

export function pendingEntries(): Pending[] {
  return [...registry];
}

/** How long closing waits for saves before it asks what to do. */
export const SAVE_DEADLINE_MS = 5_000;

/** Saves everything that saves by itself; returns the forms with unsaved changes and whether a save failed. */
export async function saveBeforeClose(): Promise<{
  forms: Extract<Pending, { kind: "ask" }>[];
  failed: boolean;
}> {
  const entries = pendingEntries();
  const saves = entries.flatMap((e) => (e.kind === "save" ? [withDeadline(e.save(), SAVE_DEADLINE_MS)] : []));
  const results = await Promise.allSettled(saves);
  const failed = results.some((r) => r.status === "rejected");
  const forms = entries.flatMap((e) => (e.kind === "ask" && e.dirty() ? [e] : []));
  return { forms, failed };
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timed out")), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
