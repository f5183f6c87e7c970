import type { EventInput } from "@fullcalendar/react";

/**
 * Keeps FullCalendar's events in step with the planner's week without handing it a new `events` array.
 *
 * A new array in the `events` option makes FullCalendar re-parse every event, and every event then renders again:
 * with a crowded week that is hundreds of events after each drop, selection or refetch. Instead the calendar holds
 * one event source, and each new week of data is compared with what it holds: events that did not change are left
 * alone (same objects, so FullCalendar skips them), changed ones are replaced one by one through the event API, and
 * only a different week, colouring or a large change replaces the source in one step.
 */

/** The event calls the sync makes (FullCalendar's `EventApi`, or a fake in tests). */
export type SyncEvent = {
  remove(): void;
};

/** The calendar calls the sync makes (FullCalendar's `CalendarApi`, or a fake in tests). */
export type SyncApi<Source> = {
  getEventById(id: string): SyncEvent | null;
  addEvent(input: EventInput, source: Source): unknown;
  addEventSource(input: { events: EventInput[] }): Source | null;
  removeAllEventSources(): void;
  removeAllEvents(): void;
};

/** The planner's events as strings and plain values: what `Calendar` builds for each `PlannerEvent`. */
export type SyncInput = EventInput & {
  id: string;
  title: string;
  start: string;
  end: string;
  color: string;
  className: string;
  extendedProps: Record<string, unknown>;
};

export type SyncState<Source> = {
  source: Source | null;
  /** What the calendar shows, by event id, as it was last given. */
  shown: Map<string, SyncInput>;
};

export function emptySync<Source>(): SyncState<Source> {
  return { source: null, shown: new Map() };
}

/** Past this many differences one replacement of the source is cheaper than patching event by event. */
export const PATCH_LIMIT = 40;

function sameExtended(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

function same(a: SyncInput, b: SyncInput): boolean {
  return (
    a.title === b.title &&
    a.start === b.start &&
    a.end === b.end &&
    a.color === b.color &&
    a.className === b.className &&
    sameExtended(a.extendedProps, b.extendedProps)
  );
}

/**
 * Brings the calendar from `state.shown` to `inputs`. Returns how it did it, for tests and User Timing:
 * "none", "patch" (event by event) or "replace" (the whole source).
 */
export function syncEvents<Source>(
  api: SyncApi<Source>,
  state: SyncState<Source>,
  inputs: SyncInput[],
): "none" | "patch" | "replace" {
  const next = new Map(inputs.map((i) => [i.id, i]));
  const changed = inputs.filter((i) => {
    const was = state.shown.get(i.id);
    return !was || !same(was, i);
  });
  const gone = [...state.shown.keys()].filter((id) => !next.has(id));
  if (changed.length === 0 && gone.length === 0 && state.source !== null) return "none";

  if (state.source === null || changed.length + gone.length > PATCH_LIMIT) {
    api.removeAllEventSources();
    api.removeAllEvents();
    state.source = api.addEventSource({ events: inputs });
    state.shown = next;
    return "replace";
  }
  // A changed event is removed and added again rather than edited property by property: FullCalendar renders the
  // whole calendar synchronously after each property edit (`setProp`, `setDates`), but batches removals and
  // additions into one render.
  for (const now of changed) {
    if (state.shown.has(now.id)) api.getEventById(now.id)?.remove();
  }
  for (const id of gone) api.getEventById(id)?.remove();
  for (const now of changed) api.addEvent(now, state.source);
  state.shown = next;
  return "patch";
}
