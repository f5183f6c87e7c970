import { act, configure, screen, waitFor, within } from "@testing-library/react";
import type { Channel } from "@tauri-apps/api/core";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { BackupInfo, BackupProgress, DataOverview, RestoreReport } from "../bindings";
import enErrors from "../locales/en/errors.json";
import zhErrors from "../locales/zh-CN/errors.json";
import { emptyPage, mockBackend, renderApp } from "./utils";

function backup(file_name: string, created_at: string, verified = true): BackupInfo {
  return {
    path: `/data/backups/${file_name}`,
    file_name,
    created_at,
    size_bytes: 1_572_864,
    verification: verified
      ? {
          verified_at: created_at,
          integrity_ok: true,
          schema_version: 5,
          rows: { organizations: 17, contacts: 30, tasks: 60 },
        }
      : null,
  };
}

// Backups, restores and the recovery screen go through a few queries and a notification: on a busy two-core
// machine that can take longer than the default second.
configure({ asyncUtilTimeout: 5000 });

const OLDER = backup("liaison-desk-20261127T080000.000Z.db", "2026-11-27T08:00:00Z");
const NEWER = backup("liaison-desk-20261128T080000.000Z.db", "2026-11-28T08:00:00Z", false);

/** A backend that keeps a list of backups: "back up now" adds one, as the real one does. */
function backend(fail?: { code: string }) {
  let backups = [NEWER, OLDER];
  const overview = (): DataOverview => ({
    data_dir: "/data",
    db_path: "/data/liaison-desk.db",
    backups_folder: "/data/backups",
    keep: 14,
    backups,
  });
  return mockBackend((cmd) => {
    if (cmd === "data_overview") return overview();
    if (cmd === "backup_now") {
      if (fail) throw fail;
      const made = backup("liaison-desk-20261129T080000.000Z.db", "2026-11-29T08:00:00Z");
      backups = [made, ...backups];
      return made;
    }
    if (cmd === "backup_restore") {
      if (fail) throw fail;
      const report: RestoreReport = {
        restored_from: OLDER.path,
        kept: "/data/backups/x-before-restore.db",
        schema_version: 5,
        rows: 107,
      };
      return report;
    }
    return undefined;
  });
}

describe("Settings → Data", () => {
  it("lists the backups with their check and backs up now", async () => {
    const calls = backend();
    await renderApp("/settings", "en");
    const table = await screen.findByTestId("data-backups");
    expect(within(table).getAllByTestId("data-backup-row")).toHaveLength(2);
    expect(within(table).getByTestId("data-backup-verified")).toHaveTextContent("Verified, 107 rows");
    expect(within(table).getByText("Not checked")).toBeInTheDocument();
    expect(within(table).getAllByText("1.5 MB")).toHaveLength(2);
    expect(screen.getByTestId("data-folder")).toHaveTextContent("/data");

    await userEvent.click(screen.getByTestId("data-backup-now"));
    await waitFor(() => expect(screen.getAllByTestId("data-backup-row")).toHaveLength(3));
    expect(calls.filter((c) => c.cmd === "backup_now")).toHaveLength(1);
    expect(await screen.findByText("Backup written and verified (107 rows).")).toBeInTheDocument();
  });

  it("restores a listed backup by its file name only after confirming", async () => {
    const calls = backend();
    await renderApp("/settings", "en");
    await userEvent.click(await screen.findByTestId(`data-restore-${OLDER.file_name}`));
    expect(calls.some((c) => c.cmd === "backup_restore")).toBe(false);
    await userEvent.click(await screen.findByTestId("confirm-restore"));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "backup_restore")?.args).toEqual({ fileName: OLDER.file_name }),
    );
    expect(
      await screen.findByText("Restored 107 rows. The data it replaced is kept as a backup."),
    ).toBeInTheDocument();
  });

  it("restores from a file picked in the dialog after confirming, and says when it is not a backup", async () => {
    const calls = mockBackend((cmd) => {
      if (cmd === "data_overview")
        return {
          data_dir: "/d",
          db_path: "/d/liaison-desk.db",
          backups_folder: "/d/backups",
          keep: 14,
          backups: [],
        };
      if (cmd === "backup_restore_file")
        throw { code: "invalid_backup", detail: { problem: "file is not a database" } };
      return undefined;
    });
    await renderApp("/settings", "en");
    await userEvent.click(await screen.findByTestId("data-restore-file"));
    expect(calls.some((c) => c.cmd === "backup_restore_file")).toBe(false);
    await userEvent.click(await screen.findByTestId("confirm-restore-file"));
    expect(await screen.findByText(enErrors.code.invalid_backup, {}, { timeout: 5000 })).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === "backup_restore_file")?.args).toEqual({
      title: "Restore from a backup file",
      filterName: "Liaison Desk backup",
    });
  });

  it("cancelling the confirmation restores nothing", async () => {
    const calls = backend();
    await renderApp("/settings", "en");
    await userEvent.click(await screen.findByTestId(`data-restore-${NEWER.file_name}`));
    await userEvent.click(await screen.findByTestId("confirm-cancel"));
    expect(calls.some((c) => c.cmd === "backup_restore")).toBe(false);
  });

  it("speaks Chinese and says why a refused restore changed nothing", async () => {
    backend({ code: "invalid_backup" });
    await renderApp("/settings", "zh-CN");
    expect(await screen.findByText("立即备份")).toBeInTheDocument();
    await userEvent.click(await screen.findByTestId(`data-restore-${OLDER.file_name}`));
    await userEvent.click(await screen.findByTestId("confirm-restore"));
    expect(await screen.findByText(zhErrors.code.invalid_backup)).toBeInTheDocument();
  });

  it("shows the disk-full message when a backup cannot be written", async () => {
    backend({ code: "disk_full" });
    await renderApp("/settings", "en");
    await userEvent.click(await screen.findByTestId("data-backup-now"));
    expect(await screen.findByText(enErrors.code.disk_full)).toBeInTheDocument();
  });

  it("says what to do when there are no backups yet", async () => {
    mockBackend((cmd) =>
      cmd === "data_overview"
        ? {
            data_dir: "/d",
            db_path: "/d/liaison-desk.db",
            backups_folder: "/d/backups",
            keep: 14,
            backups: [],
          }
        : undefined,
    );
    await renderApp("/settings", "en");
    expect(await screen.findByTestId("data-backups-empty")).toHaveTextContent("No backups yet");
  });
});

describe("Settings → Data, a long backup", () => {
  it("shows the copy's progress, then the check, then the new backup", async () => {
    let channel: Channel<BackupProgress> | undefined;
    let finish: ((b: BackupInfo) => void) | undefined;
    mockBackend((cmd, args) => {
      if (cmd === "data_overview")
        return {
          data_dir: "/d",
          db_path: "/d/liaison-desk.db",
          backups_folder: "/d/backups",
          keep: 14,
          backups: [],
        };
      if (cmd === "backup_now") {
        channel = (args as { progress: Channel<BackupProgress> }).progress;
        return new Promise<BackupInfo>((resolve) => (finish = resolve));
      }
      return undefined;
    });
    await renderApp("/settings", "en");
    await userEvent.click(await screen.findByTestId("data-backup-now"));
    const progress = await screen.findByTestId("data-backup-progress");
    act(() => channel!.onmessage({ copied_pages: 1024, total_pages: 4096, verifying: false }));
    expect(within(progress).getByRole("progressbar")).toHaveAttribute("aria-valuenow", "25");
    expect(progress).toHaveTextContent("Copying the database…");
    act(() => channel!.onmessage({ copied_pages: 4096, total_pages: 4096, verifying: true }));
    expect(progress).toHaveTextContent("Checking the copy…");
    act(() => finish!(backup("liaison-desk-20261129T080000.000Z.db", "2026-11-29T08:00:00Z")));
    await waitFor(() => expect(screen.queryByTestId("data-backup-progress")).not.toBeInTheDocument());
  });
});

describe("Settings → Data, import and choices", () => {
  it("imports, and into a database with data only after agreeing to merge", async () => {
    let imports = 0;
    const calls = mockBackend((cmd, args) => {
      if (cmd === "data_overview")
        return {
          data_dir: "/d",
          db_path: "/d/liaison-desk.db",
          backups_folder: "/d/backups",
          keep: 14,
          backups: [],
        };
      if (cmd === "data_import_all") {
        imports += 1;
        if (!(args as { merge: boolean }).merge) throw { code: "not_empty" };
        return { path: "/x/liaison-desk.json", tables: 13, rows: 248 };
      }
      return undefined;
    });
    await renderApp("/settings", "en");
    await userEvent.click(await screen.findByTestId("data-import-all"));
    await userEvent.click(await screen.findByTestId("confirm-merge"));
    expect(await screen.findByText("Imported 248 rows.", {}, { timeout: 5000 })).toBeInTheDocument();
    expect(imports).toBe(2);
    expect(
      calls.filter((c) => c.cmd === "data_import_all").map((c) => (c.args as { merge: boolean }).merge),
    ).toEqual([false, true]);
  });

  it("changes the number kept and the backups folder", async () => {
    let keep = 14;
    let folder = "/d/backups";
    const calls = mockBackend((cmd, args) => {
      if (cmd === "data_overview")
        return { data_dir: "/d", db_path: "/d/liaison-desk.db", backups_folder: folder, keep, backups: [] };
      if (cmd === "backup_keep_set") {
        keep = (args as { keep: number }).keep;
        return null;
      }
      if (cmd === "backup_folder_choose") {
        folder = "/mnt/usb/desk-backups";
        return folder;
      }
      return undefined;
    });
    await renderApp("/settings", "zh-CN");
    const input = await screen.findByTestId("data-keep");
    await userEvent.clear(input);
    await userEvent.type(input, "30");
    await userEvent.tab();
    await waitFor(() => expect(calls.find((c) => c.cmd === "backup_keep_set")?.args).toEqual({ keep: 30 }));
    await userEvent.click(screen.getByTestId("data-backups-folder-change"));
    await waitFor(() =>
      expect(screen.getByTestId("data-backups-folder")).toHaveTextContent("/mnt/usb/desk-backups"),
    );
    expect(screen.getByText("保留的备份数")).toBeInTheDocument();
  });
});

describe("the recovery screen", () => {
  const recovery = {
    problems: ["database disk image is malformed"],
    damaged_kept_at: "/data/backups/damaged-20261129T080000.000Z-liaison-desk.db",
    newest_backup: OLDER,
  };

  function damagedBackend() {
    let pending: typeof recovery | null = recovery;
    return mockBackend((cmd) => {
      if (cmd === "recovery_status") return pending;
      if (cmd === "recovery_restore") {
        pending = null;
        return { restored_from: OLDER.path, kept: null, schema_version: 5, rows: 107 };
      }
      if (cmd === "recovery_salvage") {
        pending = null;
        return {
          saved: { organizations: 10 },
          incomplete: ["tasks: database disk image is malformed"],
          rows: 10,
        };
      }
      return undefined;
    });
  }

  it("explains, names the kept file and restores the newest backup", async () => {
    const calls = damagedBackend();
    await renderApp("/dashboard", "en");
    expect(await screen.findByText("The database is damaged")).toBeInTheDocument();
    expect(screen.getByTestId("recovery-kept")).toHaveTextContent(
      "damaged-20261129T080000.000Z-liaison-desk.db",
    );
    expect(screen.getByTestId("recovery-backup")).toHaveTextContent("107 rows");
    await userEvent.click(screen.getByTestId("recovery-restore"));
    expect(
      await screen.findByText("Restored 107 rows from the backup.", {}, { timeout: 5000 }),
    ).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByTestId("recovery-restore")).not.toBeInTheDocument());
    expect(calls.filter((c) => c.cmd === "recovery_restore")).toHaveLength(1);
  });

  it("salvages in Chinese and says what could not be read", async () => {
    damagedBackend();
    await renderApp("/dashboard", "zh-CN");
    expect(await screen.findByText("数据库已损坏")).toBeInTheDocument();
    await userEvent.click(screen.getByTestId("recovery-salvage"));
    expect(
      await screen.findByText("已抢救出 10 行；有 1 张表未能完整读取。损坏的文件仍然保留。"),
    ).toBeInTheDocument();
  });

  it("does not offer a restore without a sound backup", async () => {
    mockBackend((cmd) => (cmd === "recovery_status" ? { ...recovery, newest_backup: null } : undefined));
    await renderApp("/dashboard", "en");
    expect(await screen.findByTestId("recovery-no-backup")).toBeInTheDocument();
    expect(screen.getByTestId("recovery-restore")).toBeDisabled();
  });
});

describe("a save that fails on a full or failing disk", () => {
  it.each([
    ["en", "disk_full", enErrors.code.disk_full],
    ["zh-CN", "storage_failure", zhErrors.code.storage_failure],
  ] as const)("says it could not save and keeps what was typed (%s, %s)", async (lang, code, message) => {
    let attempts = 0;
    mockBackend((cmd) => {
      if (cmd === "organization_list") return emptyPage();
      if (cmd === "organization_create") {
        attempts += 1;
        throw { code, detail: { message: "database or disk is full" } };
      }
      return undefined;
    });
    await renderApp("/directory/suppliers", lang);
    await userEvent.click(await screen.findByTestId("list-new"));
    const form = await screen.findByTestId("entity-form");
    await userEvent.type(within(form).getByTestId("field-name"), "华东精密 Precision");
    await userEvent.click(within(form).getByTestId("form-submit"));
    expect(await screen.findByText(message, { exact: false }, { timeout: 5000 })).toBeInTheDocument();
    expect(message.startsWith(lang === "en" ? "Could not save" : "无法保存")).toBe(true);
    // The form stays open with the input, so saving again once there is room loses nothing.
    expect(screen.getByTestId("entity-form")).toBeInTheDocument();
    expect(screen.getByTestId("field-name")).toHaveValue("华东精密 Precision");
    expect(attempts).toBe(1);
  });
});
