import type { CSSProperties, ReactNode } from "react";

/**
 * The shape of a list row: an optional fixed-width lead column (date, status), a flexible main column
 * (title on top, a dimmed meta line below) and an optional trailing column that never wraps.
 * The title gets all the space that is left and truncates with an ellipsis (full text on hover).
 */
export function RowLayout({
  lead,
  leadKind,
  title,
  titleAddon,
  titleStyle,
  meta = [],
  trail,
}: {
  lead?: ReactNode;
  /** Width of the lead column, per language (see styles.css). */
  leadKind?: "date" | "status";
  title: string;
  titleAddon?: ReactNode;
  titleStyle?: CSSProperties;
  meta?: (ReactNode | null | undefined | false | "")[];
  trail?: ReactNode;
}) {
  const metaItems = meta.filter((m) => m !== null && m !== undefined && m !== false && m !== "");
  return (
    <div className="ld-item">
      {lead !== undefined && (
        <div className="ld-item-lead" data-kind={leadKind}>
          {lead}
        </div>
      )}
      <div className="ld-item-main">
        <div className="ld-item-titleline">
          <span className="ld-item-title" title={title} style={titleStyle}>
            {title}
          </span>
          {titleAddon}
        </div>
        {metaItems.length > 0 && (
          <div className="ld-item-meta">
            {metaItems.map((m, i) => (
              <span key={i}>{m}</span>
            ))}
          </div>
        )}
      </div>
      {trail !== undefined && <div className="ld-item-trail">{trail}</div>}
    </div>
  );
}

/** Two stacked lines in a fixed-width column (a date over a time, a date over "overdue"). */
export function StackedCell({
  top,
  bottom,
  align = "start",
  color,
  title,
  width,
}: {
  top: ReactNode;
  bottom?: ReactNode;
  align?: "start" | "end";
  color?: string;
  title?: string;
  width?: number;
}) {
  return (
    <div
      className="ld-cell"
      data-align={align}
      data-colored={color ? "" : undefined}
      title={title}
      style={{ color, ...(width ? { width } : {}) }}
    >
      <span className="ld-cell-top">{top}</span>
      {bottom && <span className="ld-cell-bottom">{bottom}</span>}
    </div>
  );
}

/** Rows with a title and a meta line under it. */
export const ROW_HEIGHT_TWO_LINE = 56;
