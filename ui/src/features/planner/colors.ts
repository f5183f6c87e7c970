/**
 * Event colours: one per project or department, picked from Mantine's palette by a hash of the id so a project
 * keeps its colour across sessions. Shade 6 reads on both light and dark backgrounds with white text.
 */
const PALETTE = [
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

export function colorName(id: string | null | undefined): string {
  return id ? PALETTE[hash(id) % PALETTE.length]! : "gray";
}

export function colorFor(id: string | null | undefined): string {
  return `var(--mantine-color-${colorName(id)}-6)`;
}
