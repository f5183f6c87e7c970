import {
  Anchor,
  Badge,
  Box,
  CloseButton,
  Group,
  Paper,
  ScrollArea,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { IconGavel } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { commands } from "../../bindings";
import { ListSkeleton, QueryError } from "../../components/ListPage";
import { formatDateTime } from "../../lib/format";
import { unwrap } from "../../lib/ipc";
import { keys } from "../../lib/queryClient";
import { RefName, isDeletedRef } from "../../components/RefName";

const LIMIT = 50;

/** The search box for decisions (toolbar). */
export function DecisionSearchInput({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  return (
    <TextInput
      w={240}
      data-testid="decision-search"
      aria-label={t("decision.search")}
      placeholder={t("decision.searchPlaceholder")}
      leftSection={<IconGavel size={16} aria-hidden />}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      rightSection={
        value ? (
          <CloseButton size="sm" aria-label={t("decision.clearSearch")} onClick={() => onChange("")} />
        ) : null
      }
    />
  );
}

/** Decisions matching the search, each with the meeting (and its date) it was taken in. */
export function DecisionResults({ search }: { search: string }) {
  const { t } = useTranslation();
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const q = useQuery({
    queryKey: keys.decisionSearch(debounced),
    queryFn: () => unwrap(commands.decisionSearch(debounced, LIMIT)),
    enabled: debounced !== "",
  });
  if (search.trim() === "") return null;
  return (
    <Paper withBorder radius="md" data-testid="decision-results">
      <Group justify="space-between" px="sm" py={6} className="ld-panel-head">
        <Text size="sm" fw={600}>
          {t("decision.results")}
        </Text>
        {q.data && (
          <Text size="xs" c="dimmed">
            {t("list.total", { count: q.data.length, formatted: String(q.data.length) })}
          </Text>
        )}
      </Group>
      {q.isPending || debounced !== search.trim() ? (
        <ListSkeleton rows={2} height={44} />
      ) : q.isError ? (
        <QueryError error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.length === 0 ? (
        <Text size="sm" c="dimmed" p="sm" data-testid="decision-results-empty">
          {t("decision.noResults", { search: debounced })}
        </Text>
      ) : (
        <ScrollArea.Autosize mah={240}>
          <Stack gap={0}>
            {q.data.map((hit) => (
              <Box key={hit.decision.id} px="sm" py={6} className="ld-minutes-row" data-testid="decision-hit">
                <Group gap="xs" wrap="nowrap" align="baseline">
                  <Text size="sm" style={{ flex: 1, minWidth: 0, wordBreak: "break-word" }}>
                    {hit.decision.text}
                  </Text>
                  {hit.decision.organization_name && (
                    <Badge size="sm" variant="light" style={{ flexShrink: 0 }}>
                      <RefName
                        name={hit.decision.organization_name}
                        deleted={isDeletedRef(hit.decision, "organization_id")}
                        size="xs"
                      />
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="dimmed">
                  <Anchor
                    component={Link}
                    to={`/meetings/${hit.decision.meeting_id}`}
                    size="xs"
                    data-testid="decision-hit-meeting"
                  >
                    {hit.meeting_title}
                  </Anchor>
                  {" · "}
                  {formatDateTime(hit.meeting_starts_at)}
                </Text>
              </Box>
            ))}
          </Stack>
        </ScrollArea.Autosize>
      )}
    </Paper>
  );
}
