import { Anchor, Group, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatNumber } from "../lib/format";
import { SectionHeader } from "./Detail";

/**
 * The header of a panel that shows the top of a longer list: its title, how many it shows of how many, and "See all"
 * linking to the full list (no link without `to`).
 *
 * Given `titleOf` (a key taking `shown` and `total`), the count goes into the title, "Conflicts due for review (5 of
 * 7)", and the header is a Section's: each such title names what it counts, and zh-CN needs that noun's own measure
 * word (项, 家, 条). Without it the count stands apart beside the link, "8" or "first 8 of 26", and the header is a
 * dashboard row panel's (ruled off from its scrolling rows).
 */
export function PanelHeader({
  title,
  titleOf,
  shown,
  total,
  to,
  linkTestId,
}: {
  title: string;
  titleOf?: string;
  /** How many rows the panel shows. */
  shown: number;
  /** How many the full list holds, when that can be more than the panel shows. */
  total?: number;
  /** The full list. */
  to?: string;
  linkTestId?: string;
}) {
  const { t } = useTranslation();
  // The full list's size when it holds more than the panel shows.
  const of = total !== undefined && total > shown ? total : null;
  const link = to !== undefined && (
    <Anchor component={Link} to={to} size="sm" data-testid={linkTestId}>
      {t("dashboard.seeAll")}
    </Anchor>
  );
  if (titleOf !== undefined) {
    return <SectionHeader title={of !== null ? t(titleOf, { shown, total: of }) : title} actions={link} />;
  }
  return (
    <Group px="md" py="sm" justify="space-between" className="ld-panel-head">
      <Title order={4}>{title}</Title>
      <Group gap="sm">
        {shown > 0 && (
          <Text size="sm" c="dimmed" className="ld-count" data-testid="panel-count">
            {of !== null
              ? t("dashboard.shownOf", { shown: formatNumber(shown), total: formatNumber(of) })
              : formatNumber(shown)}
          </Text>
        )}
        {link}
      </Group>
    </Group>
  );
}
