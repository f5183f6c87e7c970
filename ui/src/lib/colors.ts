/**
 * Project and department colours: the user picks one from this palette (the same names as `domain::PALETTE` in
 * Rust); without a pick, a colour is derived from the id so it stays the same across sessions. Shade 6 reads on
 * both light and dark backgrounds with white text.
 */
export const PALETTE = [
  "indigo",
  "teal",
  "grape",
  "orange",
  "cyan",
  "pink",
  "lime",
  "violet",
  "blue",
  "yellow",
] as const;

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return Math.abs(h);
}

/** The palette name for a record: its picked colour, else one derived from its id (grey without either). */
export function colorName(id: string | null | undefined, picked?: string | null): string {
  if (picked && (PALETTE as readonly string[]).includes(picked)) return picked;
  return id ? PALETTE[hash(id) % PALETTE.length]! : "gray";
}

export function colorFor(id: string | null | undefined, picked?: string | null): string {
  return `var(--mantine-color-${colorName(id, picked)}-6)`;
}
