import type { OrgKind } from "../../bindings";

export const KIND_SLUGS = {
  partners: "partner",
  suppliers: "supplier",
  clients: "client",
  departments: "department",
} as const satisfies Record<string, OrgKind>;

export type KindSlug = keyof typeof KIND_SLUGS;

export const slugOf = (kind: OrgKind): KindSlug =>
  (Object.keys(KIND_SLUGS) as KindSlug[]).find((s) => KIND_SLUGS[s] === kind) ?? "partners";

export const isKindSlug = (s: string | undefined): s is KindSlug => !!s && s in KIND_SLUGS;
