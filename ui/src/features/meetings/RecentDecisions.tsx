import { Anchor, Group, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { commands, type DecisionHit } from "../../bindings";
import { Section } from "../../components/Detail";
import { PanelHeader } from "../../components/PanelHeader";
import { formatDateTime } from "../../lib/format";
import { unwrap } from "../../lib/ipc";
import { ToCommitment } from "../commitments/CommitmentRow";
import { meetingPath } from "./MeetingRow";

const SHOWN = 6;

/** A decision with its meeting (which it opens) and "make it a commitment". */
function DecisionHitRow({ hit: h, testId }: { hit: DecisionHit; testId: string }) {
  return (
    <Group gap="sm" wrap="nowrap" data-testid={testId}>
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
  );
}

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
          <DecisionHitRow key={h.decision.id} hit={h} testId="recent-decision" />
        ))}
      </Stack>
    </Section>
  );
}

/**
 * An organization's decisions: recorded for it, or taken in its meetings (linked to it or attended by its people),
 * the newest meeting first; "8 of 23" when there are more.
 */
export function OrganizationDecisionsSection({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ["decision", "organization", organizationId],
    queryFn: () => unwrap(commands.organizationDecisions(organizationId, 8)),
  });
  const list = q.data?.items ?? [];
  const total = q.data?.total ?? 0;
  return (
    <Section
      testId="org-decisions"
      header={
        <PanelHeader title={t("org.decisions")} titleOf="org.decisionsOf" shown={list.length} total={total} />
      }
    >
      <Stack gap="xs">
        {q.isSuccess && list.length === 0 && (
          <Text size="sm" c="dimmed">
            {t("org.noDecisions")}
          </Text>
        )}
        {list.map((h) => (
          <DecisionHitRow key={h.decision.id} hit={h} testId="org-decision" />
        ))}
      </Stack>
    </Section>
  );
}
