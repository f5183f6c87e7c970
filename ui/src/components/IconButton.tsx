import type { Ref } from "react";
import { ActionIcon, Tooltip, type ActionIconProps, type ElementProps } from "@mantine/core";

type Props = ActionIconProps &
  ElementProps<"button", keyof ActionIconProps> & {
    /** The tooltip, and the accessible name unless `aria-label` is given. */
    label: string;
    ref?: Ref<HTMLButtonElement>;
  };

/**
 * A button showing only an icon, so its words are in a tooltip and its accessible name. A row's button gives an
 * `aria-label` naming the row's item too ("Mark “Send the report” done"): a screen reader lists every row's button
 * out of context, where the tooltip's short words would be the same for each.
 */
export function IconButton({ label, ref, ...props }: Props) {
  return (
    <Tooltip label={label}>
      <ActionIcon aria-label={label} {...props} ref={ref} />
    </Tooltip>
  );
}
