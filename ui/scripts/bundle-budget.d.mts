// Types for scripts/bundle-budget.mjs (plain JavaScript so that Node runs it without a build step).
export type ManifestChunk = { file: string; isEntry?: boolean; imports?: string[]; css?: string[] };
export type Manifest = Record<string, ManifestChunk>;
export declare const BUDGET_BYTES: number;
export declare function startupChunks(
  manifest: Manifest,
  size: (file: string) => number,
): { keys: string[]; language: string | null };
export declare function budgetReport(dist: string): {
  chunks: { file: string; bytes: number; eager: boolean }[];
  eagerBytes: number;
  cssBytes: number;
  language: string | null;
};
