import type { EventInput } from "@fullcalendar/react";

/**
 * Keeps FullCalendar's events in step with the planner's week without handing it a new `events` array.
 *
 * A new array in the `events` option makes FullCalendar re-parse every event, and every event then renders again:
 * with a crowded week that is hundreds of events after each drop, selection or refetch. Instead the calendar holds
 * one event source, and each new week of data is compared with what it holds: events that did not change are left
 * alone (same objects, so FullCalendar skips them), as is an event FullCalendar already moved itself to where the
 * saved week has it (a drop); changed ones are replaced one by one through the event API, and only a different
 * week, colouring or a large change replaces the source in one step.
 */

/** The event calls the sync makes (FullCalendar's `EventApi`, or a fake in tests). */
export type SyncEvent = {
  /** Where the calendar draws the event now: it moves a dragged or resized event itself, before the save. */
  start: Date | null;
  end: Date | null;
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

function sameButTimes(a: SyncInput, b: SyncInput): boolean {
  return (
    a.title === b.title &&
    a.color === b.color &&
    a.className === b.className &&
    sameExtended(a.extendedProps, b.extendedProps)
  );
}

function same(a: SyncInput, b: SyncInput): boolean {
  return a.start === b.start && a.end === b.end && sameButTimes(a, b);
}

/**
 * Only the times changed, and the calendar already draws the event at the new ones: the answer to a drag or resize,
 * which FullCalendar applied itself. Drawing it again would cost a render of its columns for nothing. Compared as
 * instants: the backend writes "…:00Z", a `Date` "…:00.000Z".
 */
function alreadyDrawn<Source>(api: SyncApi<Source>, was: SyncInput, now: SyncInput): boolean {
  if (!sameButTimes(was, now)) return false;
  const drawn = api.getEventById(now.id);
  return drawn?.start?.getTime() === Date.parse(now.start) && drawn.end?.getTime() === Date.parse(now.end);
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
    return !was || !(same(was, i) || alreadyDrawn(api, was, i));
  });
  const gone = [...state.shown.keys()].filter((id) => !next.has(id));
  if (changed.length === 0 && gone.length === 0 && state.source !== null) {
    state.shown = next;
    return "none";
  }

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
