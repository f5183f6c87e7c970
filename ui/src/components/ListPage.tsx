import { useCallback, useEffect, useRef, type ReactNode } from "react";
import { Box, Button, Group, Stack, Text, TextInput, Title } from "@mantine/core";
import { useHotkeys } from "@mantine/hooks";
import { IconPlus, IconSearch } from "@tabler/icons-react";
import { useInfiniteQuery, type InfiniteData, type UseInfiniteQueryResult } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useTranslation } from "react-i18next";
import type { AppError, Page } from "../bindings";
import { unwrap, type Result } from "../lib/ipc";
import { formatNumber } from "../lib/format";
import { usePageTitle } from "../lib/trail";
import { ListSkeleton, QueryError } from "./QueryStates";
import { ROW_HEIGHT_TWO_LINE } from "./Row";

export { ListSkeleton, QueryError, ROW_HEIGHT_TWO_LINE };

export type ListQuery<T> = UseInfiniteQueryResult<InfiniteData<Page<T>, string | null>, Error>;

/** Keyset paging over a list command: pass `next_cursor` back until it is null. */
export function useInfiniteList<T>(
  queryKey: readonly unknown[],
  fetchPage: (cursor: string | null) => Promise<Result<Page<T>, AppError>>,
  enabled = true,
): ListQuery<T> {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => unwrap(fetchPage(pageParam)),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled,
  });
}

export const PAGE_SIZE = 100;

interface VirtualRowsProps<T extends { id: string }> {
  query: ListQuery<T>;
  renderRow: (item: T) => ReactNode;
  rowLabel: (item: T) => string;
  onOpen: (item: T) => void;
  empty: ReactNode;
  rowHeight?: number;
  /** Height of the scroll area; list pages fill the window, embedded lists use a fixed height. */
  height?: number | string;
  rowTestId?: string;
}

/** Virtualized rows with infinite paging, skeletons, error and empty states. */
export function VirtualRows<T extends { id: string }>({
  query,
  renderRow,
  rowLabel,
  onOpen,
  empty,
  rowHeight = 48,
  height = "100%",
  rowTestId = "list-row",
}: VirtualRowsProps<T>) {
  const parentRef = useRef<HTMLDivElement>(null);
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const virtualItems = virtualizer.getVirtualItems();
  const lastIndex = virtualItems.length ? virtualItems[virtualItems.length - 1]!.index : -1;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;

  useEffect(() => {
    if (lastIndex >= items.length - 20 && hasNextPage && !isFetchingNextPage) {
      void fetchNextPage();
    }
  }, [lastIndex, items.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const focusRow = useCallback(
    (index: number) => {
      if (index < 0 || index >= items.length) return;
      virtualizer.scrollToIndex(index);
      requestAnimationFrame(() => {
        parentRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`)?.focus();
      });
    },
    [items.length, virtualizer],
  );

  if (query.isPending) return <ListSkeleton height={rowHeight} />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  if (items.length === 0) return <>{empty}</>;

  return (
    <Box ref={parentRef} style={{ height, overflowY: "auto", contain: "strict" }} role="list">
      <div style={{ height: virtualizer.getTotalSize(), position: "relative", width: "100%" }}>
        {virtualItems.map((v) => {
          const item = items[v.index]!;
          return (
            <div
              key={item.id}
              role="listitem"
              style={{
                position: "absolute",
                top: 0,
                left: 0,
                width: "100%",
                transform: `translateY(${v.start}px)`,
              }}
            >
              <Box
                className="ld-row"
                data-testid={rowTestId}
                data-id={item.id}
                data-index={v.index}
                role="link"
                tabIndex={0}
                aria-label={rowLabel(item)}
                h={rowHeight}
                onClick={() => onOpen(item)}
                onKeyDown={(e) => {
                  if (e.key === "Enter") onOpen(item);
                  else if (e.key === "ArrowDown") {
                    e.preventDefault();
                    focusRow(v.index + 1);
                  } else if (e.key === "ArrowUp") {
                    e.preventDefault();
                    focusRow(v.index - 1);
                  }
                }}
              >
                {renderRow(item)}
              </Box>
            </div>
          );
        })}
      </div>
      {isFetchingNextPage && <ListSkeleton rows={2} height={rowHeight} />}
    </Box>
  );
}

export function EmptyState({
  text,
  actionLabel,
  onAction,
  testId = "list-empty",
}: {
  text: string;
  actionLabel?: string;
  onAction?: () => void;
  testId?: string;
}) {
  return (
    <Stack align="center" justify="center" gap="sm" py={48} data-testid={testId}>
      <Text c="dimmed" ta="center" maw={560}>
        {text}
      </Text>
      {actionLabel && onAction && (
        <Button variant="light" leftSection={<IconPlus size={16} />} onClick={onAction}>
          {actionLabel}
        </Button>
      )}
    </Stack>
  );
}

export function TotalLabel<T>({ query, testId = "list-total" }: { query: ListQuery<T>; testId?: string }) {
  const { t } = useTranslation();
  // Only the first page carries the count.
  const total = query.data?.pages[0]?.total;
  return (
    <Text size="sm" c="dimmed" data-testid={testId} aria-live="polite">
      {total === undefined || total === null
        ? t("list.loading")
        : t("list.total", { count: total, formatted: formatNumber(total) })}
    </Text>
  );
}

interface ListPageProps<T extends { id: string }> {
  title: string;
  newLabel: string;
  onNew: () => void;
  search: string;
  onSearch: (value: string) => void;
  toolbar?: ReactNode;
  query: ListQuery<T>;
  renderRow: (item: T) => ReactNode;
  rowLabel: (item: T) => string;
  onOpen: (item: T) => void;
  emptyText: string;
  searching: boolean;
  header?: ReactNode;
  /** Shown under the search row, above the list (e.g. search results of another kind). */
  belowToolbar?: ReactNode;
  /** More buttons next to "New". */
  actions?: ReactNode;
  rowHeight?: number;
}

/** The shape of every list route: heading, total, search, filters, virtual rows; "N" opens the create form. */
export function ListPage<T extends { id: string }>(props: ListPageProps<T>) {
  const { t } = useTranslation();
  useHotkeys([["n", () => props.onNew()]]);
  usePageTitle(props.title);
  const empty = props.searching ? (
    <EmptyState text={t("empty.noMatch", { search: props.search })} />
  ) : (
    <EmptyState text={props.emptyText} actionLabel={props.newLabel} onAction={props.onNew} />
  );
  return (
    <Stack gap="sm" h="100%" style={{ minHeight: 0 }}>
      <Group justify="space-between" wrap="nowrap">
        <Group gap="sm" align="baseline" wrap="nowrap">
          <Title order={2} data-testid="page-title">
            {props.title}
          </Title>
          <TotalLabel query={props.query} />
        </Group>
        <Group gap="xs" wrap="nowrap">
          {props.actions}
          <Button
            data-testid="list-new"
            leftSection={<IconPlus size={16} />}
            onClick={props.onNew}
            aria-keyshortcuts="N"
          >
            {props.newLabel}
          </Button>
        </Group>
      </Group>
      {props.header}
      <Group gap="sm" wrap="nowrap">
        <TextInput
          data-testid="list-search"
          aria-label={t("list.search")}
          placeholder={t("list.searchPlaceholder")}
          leftSection={<IconSearch size={16} />}
          value={props.search}
          onChange={(e) => props.onSearch(e.currentTarget.value)}
          style={{ flex: 1 }}
        />
        {props.toolbar}
      </Group>
      {props.belowToolbar}
      <Box className="ld-list" style={{ flex: 1, minHeight: 0 }}>
        <VirtualRows
          query={props.query}
          renderRow={props.renderRow}
          rowLabel={props.rowLabel}
          onOpen={props.onOpen}
          empty={empty}
          rowHeight={props.rowHeight}
        />
      </Box>
    </Stack>
  );
}
