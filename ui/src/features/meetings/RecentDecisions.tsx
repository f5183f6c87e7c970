import { Anchor, Group, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { commands } from "../../bindings";
import { Section } from "../../components/Detail";
import { formatDateTime } from "../../lib/format";
import { unwrap } from "../../lib/ipc";
import { ToCommitment } from "../commitments/Commitments";
import { meetingPath } from "./SeriesEdit";

const SHOWN = 6;

/** The dashboard's latest decisions (newest meeting first), each opening its meeting and made a commitment in place. */
export function RecentDecisionsPanel() {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ["decision", "recent"],
    queryFn: () => unwrap(commands.decisionSearch("", SHOWN)),
  });
  const list = q.data ?? [];
  return (
    <Section title={t("dashboard.recentDecisions")} testId="recent-decisions">
      <Stack gap="xs">
        {q.isSuccess && list.length === 0 && (
          <Text size="sm" c="dimmed">
            {t("dashboard.noRecentDecisions")}
          </Text>
        )}
        {list.map((h) => (
          <Group key={h.decision.id} gap="sm" wrap="nowrap" data-testid="recent-decision">
            <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
              <Text size="sm" truncate>
                {h.decision.text}
              </Text>
              <Anchor component={Link} to={meetingPath(h.decision.meeting_id)} size="xs" c="dimmed" truncate>
                {h.meeting_title} · {formatDateTime(h.meeting_starts_at)}
              </Anchor>
            </Stack>
            <ToCommitment decisionId={h.decision.id} />
          </Group>
        ))}
      </Stack>
    </Section>
  );
}
