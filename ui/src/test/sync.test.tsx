import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { PublishStatus, SyncConflict, SyncStatus } from "../bindings";
import { mockBackend, renderApp } from "./utils";

const status = (pending: number): SyncStatus => ({
  settings: {
    target: { kind: "folder", path: "/home/me/Nextcloud/desk" },
    every_minutes: 0,
    on_start: false,
    after_edits: false,
    encrypted: false,
  },
  device: "0190-device-a",
  pending,
  waiting: 0,
  open_conflicts: 1,
  devices: [{ device: "0190-device-b", name: "王的笔记本", applied: 4, last_seen: "2026-11-29T08:00:00Z" }],
  runs: [],
});

const CONFLICT: SyncConflict = {
  id: 7,
  table: "organizations",
  row_key: "0190-org-1",
  field: "name",
  kind: "field",
  title: "华东精密（B 改）",
  mine: '"华东精密（A 改）"',
  theirs: '"华东精密（B 改）"',
  kept: "theirs",
  their_device: "0190-device-b",
  created_at: "2026-11-29T08:00:00Z",
};

describe("sync", () => {
  it("shows changes waiting in the window, syncs on demand, and keeps my side of a conflict", async () => {
    let pending = 3;
    const calls = mockBackend((cmd) => {
      if (cmd === "sync_status") return status(pending);
      if (cmd === "sync_conflicts") return [CONFLICT];
      if (cmd === "sync_run") {
        pending = 0;
        return {
          sent: 3,
          received: 5,
          applied: 5,
          conflicts: 1,
          merged: 0,
          waiting: 0,
          snapshot_loaded: false,
          snapshot_written: false,
          problems: [],
          secs: 0.1,
        };
      }
      if (cmd === "sync_resolve") return null;
      return undefined;
    });
    await renderApp("/settings", "zh-CN");
    const indicator = await screen.findByTestId("sync-indicator");
    await waitFor(() => expect(indicator).toHaveTextContent("3 项更改待发送"));
    expect(indicator).toHaveAttribute("data-state", "pending");
    // Nothing syncs by itself: at start and on a timer are both off here.
    expect(calls.some((c) => c.cmd === "sync_run")).toBe(false);

    const panel = await screen.findByTestId("settings-sync");
    expect(within(panel).getByTestId("sync-devices")).toHaveTextContent("王的笔记本");
    expect(within(panel).getByTestId("sync-devices")).toHaveTextContent("已应用 4 批");
    await userEvent.click(within(panel).getByTestId("sync-now"));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "sync_run")).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId("sync-indicator")).toHaveTextContent("已同步"));

    const row = await screen.findByTestId("sync-conflict-7");
    expect(row).toHaveTextContent("华东精密（A 改）");
    expect(row).toHaveTextContent("两台设备都修改了 名称");
    await userEvent.click(within(row).getByTestId("sync-keep-mine-7"));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "sync_resolve")?.args).toEqual({ id: 7, keep: "mine" }),
    );
  });

  it("syncs once at start when Settings says so", async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === "sync_status")
        return { ...status(0), settings: { ...status(0).settings!, on_start: true } };
      if (cmd === "sync_conflicts") return [];
      if (cmd === "sync_run")
        return {
          sent: 0,
          received: 0,
          applied: 0,
          conflicts: 0,
          merged: 0,
          waiting: 0,
          snapshot_loaded: false,
          snapshot_written: false,
          problems: [],
          secs: 0,
        };
      return undefined;
    });
    await renderApp("/dashboard", "en");
    await waitFor(() => expect(calls.filter((c) => c.cmd === "sync_run")).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId("sync-indicator")).toHaveTextContent("Synced"));
  });

  it("connects a calendar and address book, then publishes on demand", async () => {
    let published: PublishStatus | null = null;
    const calls = mockBackend((cmd, args) => {
      if (cmd === "sync_status") return { ...status(0), settings: null };
      if (cmd === "sync_conflicts") return [];
      if (cmd === "publish_status") return published;
      if (cmd === "publish_setup") {
        const { settings } = args as { settings: PublishStatus["settings"] };
        published = {
          settings,
          calendar_items: 0,
          contacts_items: 0,
          last_published_at: null,
          last_error: null,
        };
        return published;
      }
      if (cmd === "publish_run") {
        published = {
          ...published!,
          calendar_items: 21,
          contacts_items: 57,
          last_published_at: "2026-11-29T08:00:00Z",
        };
        return {
          calendar: { added: 21, updated: 0, deleted: 0, unchanged: 0 },
          contacts: { added: 57, updated: 0, deleted: 0, unchanged: 0 },
          secs: 1.2,
        };
      }
      return undefined;
    });
    await renderApp("/settings", "zh-CN");
    const panel = await screen.findByTestId("settings-publish");
    const save = within(panel).getByTestId("publish-save");
    expect(save).toBeDisabled();
    await userEvent.type(
      within(panel).getByTestId("publish-calendar"),
      "https://dav.example.cn/desk/calendar/",
    );
    await userEvent.type(within(panel).getByTestId("publish-user"), "wang");
    await userEvent.type(within(panel).getByTestId("publish-password"), "密码123");
    await userEvent.click(save);
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "publish_setup")?.args).toEqual({
        settings: { calendar_url: "https://dav.example.cn/desk/calendar/", contacts_url: null, user: "wang" },
        password: "密码123",
      }),
    );
    await userEvent.click(await within(panel).findByTestId("publish-now"));
    expect(await screen.findByText("日历：新增 21，更新 0，删除 0，未变 0")).toBeInTheDocument();
    await waitFor(() => expect(within(panel).getByTestId("publish-status")).toHaveTextContent("日历 21 项"));
    expect(within(panel).getByTestId("publish-status")).toHaveTextContent("上次发布");
  });
});
