import { useRef, useState } from "react";
import { Spotlight, type SpotlightActionData, type SpotlightActionGroupData } from "@mantine/spotlight";
import "@mantine/spotlight/styles.css";
import { useDebouncedValue } from "@mantine/hooks";
import { IconListSearch, IconSearch } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { commands, type Hit } from "../../bindings";
import i18n, { LANGUAGES, type Language } from "../../lib/i18n";
import { unwrap } from "../../lib/ipc";
import { saveLanguage } from "../../lib/language";
import { NAV } from "../../navigation";
import { meetingPath } from "../meetings/MeetingRow";

/** Result types in the order their groups are listed. */
export const KINDS = [
  "organization",
  "contact",
  "project",
  "task",
  "meeting",
  "decision",
  "interaction",
  "conflict",
] as const;

const LIMIT = 40;

/** Where a result opens. */
export function hitPath(h: Hit): string {
  switch (h.type) {
    case "organization":
      return `/organizations/${h.id}`;
    case "contact":
      return `/contacts/${h.id}`;
    case "project":
      return `/projects/${h.id}`;
    case "task":
      return `/tasks/${encodeURIComponent(h.id)}`;
    case "decision":
      return meetingPath(h.parent ?? h.id);
    case "conflict":
      return `/conflicts?open=${encodeURIComponent(h.id)}`;
    case "interaction":
    case "commitment":
      // Interactions and commitments are read on the page of the organization they are with.
      return h.parent ? `/organizations/${h.parent}` : "/contacts";
    default:
      return meetingPath(h.id);
  }
}

/** The one search over everything, as the user types (the backend's index: Chinese words, pinyin, stems). */
function useSearch(query: string) {
  const [debounced] = useDebouncedValue(query.trim(), 150);
  return useQuery({
    queryKey: ["search", debounced],
    enabled: debounced.length > 0,
    queryFn: () => unwrap(commands.searchAll(debounced, null, LIMIT)),
  });
}

/**
 * Ctrl+K: records of every type, grouped by type, then the commands. Arrows move, Enter opens (the top entry when
 * the highlight was not moved), Tab jumps to the next group.
 */
export function Palette() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [query, setQuery] = useState("");
  // Whether the user moved the highlight with the arrow keys since the query last changed.
  const navigated = useRef(false);
  const results = useSearch(query);
  const commandActions: SpotlightActionData[] = [
    ...NAV.map((n) => ({
      id: `go-${n.key}`,
      label: t("palette.goTo", { page: t(`nav.${n.key}`) }),
      leftSection: n.icon,
      onClick: () => navigate(n.to),
    })),
    ...LANGUAGES.map((l: Language) => ({
      id: `lang-${l}`,
      label: t(`palette.language.${l}`),
      onClick: () => void i18n.changeLanguage(l).then(() => saveLanguage(l)),
    })),
  ];
  const hits = query.trim() ? (results.data ?? []) : [];
  const groups: SpotlightActionGroupData[] = KINDS.map((kind) => ({
    group: t(`search.kind.${kind}`),
    actions: hits
      .filter((h) => h.type === kind)
      .map((h) => ({
        id: `${h.type}-${h.id}`,
        label: h.title,
        // Plain text: the snippet comes from the index and is never rendered as HTML.
        description: h.snippet || undefined,
        onClick: () => navigate(hitPath(h)),
        "data-kind": h.type,
      })),
  })).filter((g) => g.actions.length > 0);
  const showAll: SpotlightActionGroupData[] =
    groups.length > 0
      ? [
          {
            group: t("search.title"),
            actions: [
              {
                id: "show-all",
                label: t("search.showAll", { query: query.trim() }),
                leftSection: <IconListSearch size={18} />,
                onClick: () => navigate(`/search?${new URLSearchParams({ q: query.trim() })}`),
              },
            ],
          },
        ]
      : [];
  const actions = [...groups, ...showAll, { group: t("palette.commands"), actions: commandActions }];
  return (
    <Spotlight
      actions={actions}
      query={query}
      onQueryChange={(q) => {
        navigated.current = false;
        setQuery(q);
      }}
      // Records were already matched by the backend (pinyin too); only commands are filtered here.
      filter={(q, all) =>
        all.map((g) =>
          "actions" in g && g.group === t("palette.commands")
            ? {
                ...g,
                actions: g.actions.filter((a) =>
                  (a.label ?? "").toLowerCase().includes(q.trim().toLowerCase()),
                ),
              }
            : g,
        )
      }
      limit={LIMIT + commandActions.length}
      shortcut={["mod + K"]}
      nothingFound={t("palette.nothing")}
      highlightQuery
      searchProps={{
        leftSection: <IconSearch size={18} />,
        placeholder: t("palette.placeholder"),
        "aria-label": t("palette.placeholder"),
        onKeyDown: (e) => {
          const list = e.currentTarget.closest('[role="dialog"]') ?? document;
          const select = (el: Element | null | undefined) => {
            if (!el) return;
            list.querySelector("[data-selected]")?.removeAttribute("data-selected");
            el.setAttribute("data-selected", "true");
            el.scrollIntoView?.({ block: "nearest" });
          };
          if (e.key === "ArrowDown" || e.key === "ArrowUp") navigated.current = true;
          // Results arrive after Spotlight highlighted the first command for the new query, so until the user moves
          // the highlight, Enter opens the top entry: it is marked just before Spotlight clicks the marked one.
          if (e.key === "Enter" && !navigated.current && !e.nativeEvent.isComposing) {
            select(list.querySelector("[data-action]"));
          }
          // Tab: the first entry of the next group (Shift+Tab: of the previous one), wrapping around.
          if (e.key === "Tab") {
            e.preventDefault();
            navigated.current = true;
            const heads = [...list.querySelectorAll(".mantine-Spotlight-actionsGroup")]
              .map((g) => g.querySelector("[data-action]"))
              .filter((a): a is Element => a !== null);
            if (heads.length === 0) return;
            const current = list.querySelector("[data-selected]")?.closest(".mantine-Spotlight-actionsGroup");
            // Nothing highlighted yet counts as the top entry, which Enter would open.
            const at = Math.max(
              0,
              heads.findIndex((h) => h.closest(".mantine-Spotlight-actionsGroup") === current),
            );
            select(heads[(at + (e.shiftKey ? heads.length - 1 : 1)) % heads.length]);
          }
        },
      }}
    />
  );
}
