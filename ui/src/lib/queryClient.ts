import { useQuery } from "@tanstack/react-query";
import { useParams } from "react-router";
import type { AppError } from "../bindings";
import { unwrap, type Result } from "./ipc";
import { QueryClient } from "@tanstack/react-query";
import { IpcError } from "./ipc";

export type Entity = "organization" | "contact" | "project" | "task" | "meeting";
export const ENTITIES: readonly Entity[] = ["organization", "contact", "project", "task", "meeting"];

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      // Everything is read from and written to the local database: the browser's idea of being offline (which
      // pauses queries and mutations in the default "online" mode) has nothing to do with it.
      queries: {
        networkMode: "always",
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, err) => !(err instanceof IpcError) && count < 1,
      },
      mutations: { networkMode: "always", retry: false },
    },
  });
}

/** Query keys: everything about an entity starts with its name, so one invalidation refreshes lists and details. */
export const keys = {
  list: (entity: Entity, params: object) => [entity, "list", params] as const,
  detail: (entity: Entity, id: string) => [entity, "detail", id] as const,
  dashboard: ["dashboard"] as const,
  planner: ["planner"] as const,
  settings: ["settings"] as const,
  appInfo: ["appInfo"] as const,
  dataOverview: ["dataOverview"] as const,
  recovery: ["recovery"] as const,
  templates: ["template"] as const,
  /** Under "meeting", so a change to any meeting (or its tasks) refreshes them too. */
  brief: (id: string, today: string) => ["meeting", "brief", id, today] as const,
  parties: (id: string) => ["meeting", "parties", id] as const,
  decisionSearch: (q: string) => ["meeting", "decisionSearch", q] as const,
};

/** Entities whose rows show names of others (joins), so a write to one can change how another looks. */
const DEPENDENTS: Record<Entity, Entity[]> = {
  organization: ["contact", "project", "meeting", "task"],
  contact: ["organization", "meeting", "task"],
  project: ["task", "meeting"],
  task: ["project", "meeting"],
  meeting: ["task"],
};

/** Parts of a meeting's minutes are refreshed with their meeting; templates have their own menu. */
const MEETING_PARTS = ["agenda_item", "decision"];

export async function invalidateEntity(client: QueryClient, entity: string) {
  if (MEETING_PARTS.includes(entity)) entity = "meeting";
  if (entity === "template") {
    await client.invalidateQueries({ queryKey: keys.templates });
    return;
  }
  if (entity === "settings") {
    // Working hours shade the planner and count in the workload.
    await Promise.all([
      client.invalidateQueries({ queryKey: keys.settings }),
      client.invalidateQueries({ queryKey: keys.planner }),
    ]);
    return;
  }
  if (entity === "all" || !(ENTITIES as readonly string[]).includes(entity)) {
    await client.invalidateQueries();
    return;
  }
  const e = entity as Entity;
  await Promise.all([
    client.invalidateQueries({ queryKey: [e] }),
    ...DEPENDENTS[e].map((d) => client.invalidateQueries({ queryKey: [d] })),
    client.invalidateQueries({ queryKey: keys.dashboard }),
    // The planner shows tasks, meetings and the names of everyone involved.
    client.invalidateQueries({ queryKey: keys.planner }),
  ]);
}

/** The record a detail page shows: the `:id` route parameter, fetched with `get` under the entity's detail key. */
/** The record of a detail page, by the route's `id` unless the page names it otherwise. */
export function useDetailQuery<T>(
  entity: Entity,
  get: (id: string) => Promise<Result<T, AppError>>,
  byId?: string,
) {
  const params = useParams<{ id: string }>();
  const id = byId ?? params.id ?? "";
  const query = useQuery({ queryKey: keys.detail(entity, id), queryFn: () => unwrap(get(id)) });
  return { id, query };
}
