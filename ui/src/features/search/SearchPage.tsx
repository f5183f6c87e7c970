import { Fragment } from "react";
import {
  Badge,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { commands, type Hit } from "../../bindings";
import { EmptyState, QueryError } from "../../components/ListPage";
import { unwrap } from "../../lib/ipc";
import { usePageTitle } from "../../lib/trail";
import { hitPath, KINDS } from "./Palette";
import { useSearchParam } from "../../lib/searchParam";

const LIMIT = 200;

/** The snippet as text, with the matched words in <mark>: the index's text is never rendered as HTML. */
export function Snippet({ hit }: { hit: Hit }) {
  const chars = [...hit.snippet];
  const parts: { text: string; mark: boolean }[] = [];
  let at = 0;
  for (const [start, end] of [...hit.marks].sort((a, b) => a[0] - b[0])) {
    if (start < at) continue;
    if (start > at) parts.push({ text: chars.slice(at, start).join(""), mark: false });
    parts.push({ text: chars.slice(start, end).join(""), mark: true });
    at = end;
  }
  if (at < chars.length) parts.push({ text: chars.slice(at).join(""), mark: false });
  return (
    <Text size="sm" c="dimmed" lineClamp={2} data-testid="search-snippet">
      {parts.map((p, i) => (
        <Fragment key={i}>{p.mark ? <mark>{p.text}</mark> : p.text}</Fragment>
      ))}
    </Text>
  );
}

/** Every result of a search (the palette's "show all"), filtered by type; the query and type live in the URL. */
export function SearchPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQuery] = useSearchParam("q");
  const [asked, setType] = useSearchParam("type");
  const query = q ?? "";
  const type = KINDS.find((k) => k === asked) ?? null;
  const [debounced] = useDebouncedValue(query.trim(), 200);
  usePageTitle(t("search.title"));
  const results = useQuery({
    queryKey: ["search", "page", debounced, type],
    enabled: debounced.length > 0,
    queryFn: () => unwrap(commands.searchAll(debounced, type, LIMIT)),
  });
  const hits = results.data ?? [];
  return (
    <Stack gap="sm" data-testid="search-page">
      <Title order={2} data-testid="page-title">
        {t("search.title")}
      </Title>
      <TextInput
        leftSection={<IconSearch size={16} />}
        aria-label={t("search.title")}
        placeholder={t("search.placeholder")}
        value={query}
        onChange={(e) => setQuery(e.currentTarget.value)}
        data-testid="search-input"
        data-autofocus
      />
      <SegmentedControl
        aria-label={t("search.filter")}
        data-testid="search-type"
        value={type ?? "all"}
        onChange={(v) => setType(v === "all" ? null : v)}
        data={[
          { value: "all", label: t("search.all") },
          ...KINDS.map((k) => ({ value: k, label: t(`search.kind.${k}`) })),
        ]}
      />
      {results.isError && <QueryError error={results.error} onRetry={() => void results.refetch()} />}
      {debounced && results.isSuccess && hits.length === 0 && (
        <EmptyState text={t("empty.noMatch", { search: debounced })} />
      )}
      {hits.length === LIMIT && (
        <Text size="sm" c="dimmed" data-testid="search-capped">
          {t("search.capped", { count: LIMIT })}
        </Text>
      )}
      <Stack gap={6}>
        {hits.map((h) => (
          <UnstyledButton
            key={`${h.type}-${h.id}`}
            onClick={() => navigate(hitPath(h))}
            data-testid="search-hit"
          >
            <Paper withBorder radius="md" px="md" py={8} className="ld-tile">
              <Group gap="xs" wrap="nowrap">
                <Badge variant="light" size="sm" miw={64}>
                  {t(`search.one.${h.type}`)}
                </Badge>
                <Text fw={500} truncate>
                  {h.title}
                </Text>
              </Group>
              {h.snippet && <Snippet hit={h} />}
            </Paper>
          </UnstyledButton>
        ))}
      </Stack>
    </Stack>
  );
}
