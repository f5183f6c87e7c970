import { useCallback, useState } from "react";
import { Button, Group, List, Modal, Radio, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Meeting, MeetingInput, Orphan, Recurrence, SeriesScope } from "../../bindings";
import { formatDateTime } from "../../lib/format";

/** The input that saves `m` as it is (for an occurrence: the series' fields with the occurrence's times). */
export function meetingInputOf(m: Meeting): MeetingInput {
  return {
    title: m.title,
    starts_at: m.starts_at,
    ends_at: m.ends_at,
    time_zone: m.time_zone,
    location: m.location,
    organizer_contact_id: m.organizer_contact_id,
    attendee_ids: m.attendees.map((a) => a.contact_id),
    project_id: m.project_id,
    organization_ids: m.organizations.map((o) => o.organization_id),
    recurrence: m.recurrence,
    previous_meeting_id: m.previous_meeting_id,
    template_id: null,
  };
}

function sameInstant(a: string, b: string): boolean {
  return new Date(a).getTime() === new Date(b).getTime();
}

function sameRule(a: Recurrence | null, b: Recurrence | null): boolean {
  if (a === null || b === null) return a === b;
  const days = (r: Recurrence) => [...r.weekdays].sort().join(",");
  return (
    a.freq === b.freq &&
    a.interval === b.interval &&
    days(a) === days(b) &&
    (a.until ?? null) === (b.until ?? null) &&
    (a.count ?? null) === (b.count ?? null)
  );
}

/** What an edit of an occurrence changes: its time (any scope), or the series' zone or rule (not "this" alone). */
export function seriesChange(m: Meeting, input: MeetingInput): { retimed: boolean; ruleChanged: boolean } {
  const ruleChanged = input.time_zone !== m.time_zone || !sameRule(input.recurrence, m.recurrence);
  const retimed =
    ruleChanged || !sameInstant(input.starts_at, m.starts_at) || !sameInstant(input.ends_at, m.ends_at);
  return { retimed, ruleChanged };
}

type ScopeAsk = { allowThis: boolean; resolve: (s: SeriesScope | null) => void };
type OrphanAsk = { orphans: Orphan[]; resolve: (ok: boolean) => void };

/**
 * The two questions an edit of a series asks, as promises: which occurrences it applies to (like Outlook and Google
 * Calendar), and — before saving — whether to go ahead although some changed occurrences or minutes no longer fit.
 */
export function useSeriesQuestions(timeZone: string) {
  const { t } = useTranslation();
  const [scopeAsk, setScopeAsk] = useState<ScopeAsk | null>(null);
  const [scope, setScope] = useState<SeriesScope>("this");
  const [orphanAsk, setOrphanAsk] = useState<OrphanAsk | null>(null);

  const chooseScope = useCallback(
    (allowThis: boolean) =>
      new Promise<SeriesScope | null>((resolve) => {
        setScope(allowThis ? "this" : "following");
        setScopeAsk({ allowThis, resolve });
      }),
    [],
  );
  const confirmOrphans = useCallback(
    (orphans: Orphan[]) => new Promise<boolean>((resolve) => setOrphanAsk({ orphans, resolve })),
    [],
  );
  const answerScope = (s: SeriesScope | null) => {
    scopeAsk?.resolve(s);
    setScopeAsk(null);
  };
  const answerOrphans = (ok: boolean) => {
    orphanAsk?.resolve(ok);
    setOrphanAsk(null);
  };
  const scopes: SeriesScope[] =
    scopeAsk?.allowThis === false ? ["following", "all"] : ["this", "following", "all"];

  const element = (
    <>
      <Modal
        opened={scopeAsk !== null}
        onClose={() => answerScope(null)}
        title={t("series.question")}
        closeButtonProps={{ "aria-label": t("actions.close") }}
        zIndex={400}
      >
        <Stack gap="md" data-testid="series-scope-dialog">
          <Radio.Group
            value={scope}
            onChange={(v) => setScope(v as SeriesScope)}
            aria-label={t("series.question")}
          >
            <Stack gap="sm">
              {scopes.map((s) => (
                <Radio
                  key={s}
                  value={s}
                  label={t(`series.scope.${s}`)}
                  description={t(`series.scopeHint.${s}`)}
                  data-testid={`series-scope-${s}`}
                />
              ))}
            </Stack>
          </Radio.Group>
          {scopeAsk?.allowThis === false && (
            <Text size="xs" c="dimmed">
              {t("series.ruleNotThis")}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => answerScope(null)} data-testid="series-scope-cancel">
              {t("actions.cancel")}
            </Button>
            <Button onClick={() => answerScope(scope)} data-testid="series-scope-confirm">
              {t("series.continue")}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal
        opened={orphanAsk !== null}
        onClose={() => answerOrphans(false)}
        title={t("series.orphansTitle")}
        closeButtonProps={{ "aria-label": t("actions.close") }}
        zIndex={400}
      >
        <Stack gap="md" data-testid="series-orphans">
          <Text size="sm">{t("series.orphansIntro")}</Text>
          <List size="sm" spacing={4}>
            {orphanAsk?.orphans.map((o) => (
              <List.Item key={o.occurrence} data-testid="series-orphan">
                {formatDateTime(o.starts_at, timeZone)} — {t(`series.orphan.${o.kind}`)}
              </List.Item>
            ))}
          </List>
          <Group justify="flex-end">
            <Button
              variant="default"
              onClick={() => answerOrphans(false)}
              data-testid="series-orphans-cancel"
            >
              {t("actions.cancel")}
            </Button>
            <Button color="orange" onClick={() => answerOrphans(true)} data-testid="series-orphans-confirm">
              {t("series.saveAnyway")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
  return { element, chooseScope, confirmOrphans };
}
