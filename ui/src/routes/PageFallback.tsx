import { Skeleton, Stack } from "@mantine/core";

/**
 * What a page shows while its chunk loads: the title's line and a block below it, in the page's own layout, so
 * nothing jumps when the page arrives. It fades in after a short delay (`.ld-page-fallback` in styles.css), so a
 * load that takes a few milliseconds shows nothing rather than a flash of grey.
 */
export function PageFallback() {
  return (
    <Stack gap="md" className="ld-page-fallback" aria-busy="true" data-testid="page-loading">
      <Skeleton height={30} width={220} />
      <Skeleton height={360} />
    </Stack>
  );
}
