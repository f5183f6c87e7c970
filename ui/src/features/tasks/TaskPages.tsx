import { useState } from "react";
import { SegmentedControl } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useTranslation } from "react-i18next";
import { commands, type Task } from "../../bindings";
import { ListPage, PAGE_SIZE, ROW_HEIGHT_TWO_LINE, useInfiniteList } from "../../components/ListPage";
import { useDeleteWithUndo } from "../../components/undo";
import { keys } from "../../lib/queryClient";
import { unwrap } from "../../lib/ipc";
import { useQuery } from "@tanstack/react-query";
import { TaskForm } from "./TaskForm";
import { SHOWS, TaskRow, type Show } from "./TaskRow";
import { useSearchParam } from "../../lib/searchParam";

/**
 * Every task across projects and meetings, most urgent first. Which ones (open, overdue, all) is kept in the URL,
 * so the dashboard's "overdue tasks" card opens exactly the tasks it counts.
 */
export function TaskListPage() {
  const { t } = useTranslation();
  const [shown, setShow] = useSearchParam("show");
  const show: Show = SHOWS.find((s) => s === shown) ?? "open";
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [editing, setEditing] = useState<Task | "new" | null>(null);
  // A search result opens its task here (`?task=ID`).
  const [asked, setAsked] = useSearchParam("task");
  const linked = useQuery({
    queryKey: keys.detail("task", asked ?? ""),
    queryFn: () => unwrap(commands.taskGet(asked ?? "")),
    enabled: !!asked,
  });
  const open: Task | "new" | null = editing ?? (asked ? (linked.data ?? null) : null);
  const close = () => {
    setEditing(null);
    if (asked) setAsked(null);
  };
  const query = useInfiniteList(keys.list("task", { search: debounced, show }), (cursor) =>
    commands.taskList({
      search: debounced || null,
      project_id: null,
      meeting_id: null,
      status: null,
      scope: show === "all" ? null : show,
      sort: "due",
      cursor,
      limit: PAGE_SIZE,
    }),
  );
  const del = useDeleteWithUndo("task", commands.taskDelete, commands.taskRestore);
  return (
    <>
      <ListPage
        title={t("nav.tasks")}
        newLabel={t("new.task")}
        onNew={() => setEditing("new")}
        search={search}
        onSearch={setSearch}
        searching={debounced !== ""}
        toolbar={
          <SegmentedControl
            aria-label={t("task.show")}
            data-testid="task-show"
            data={SHOWS.map((s) => ({ value: s, label: t(`task.shows.${s}`) }))}
            value={show}
            onChange={setShow}
          />
        }
        query={query}
        rowLabel={(task) => task.title}
        onOpen={(task) => setEditing(task)}
        emptyText={t(`empty.tasksShown.${show}`)}
        rowHeight={ROW_HEIGHT_TWO_LINE}
        renderRow={(task) => <TaskRow task={task} onDelete={() => void del(task.id, task.title)} />}
      />
      {open && <TaskForm task={open === "new" ? undefined : open} onClose={close} />}
    </>
  );
}
