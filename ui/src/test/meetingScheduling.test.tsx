import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { Meeting } from "../bindings";
import en from "../locales/en/common.json";
import enErrors from "../locales/en/errors.json";
import zhErrors from "../locales/zh-CN/errors.json";
import zh from "../locales/zh-CN/common.json";
import { meeting, templates } from "./fixtures";
import { setUserTimeZone } from "../lib/time";
import { argsOf, backend, cleanUpAfterEach, openMeeting } from "./meetingHelpers";
import { renderApp, WORKING_HOURS } from "./utils";

// When meetings happen: a new meeting's time, templates, follow-ups, the time fields, series and moving a meeting.

cleanUpAfterEach();

describe("a new meeting's time", () => {
  afterEach(() => setUserTimeZone(null));

  it("is the next free slot within working hours, not the next full hour", async () => {
    setUserTimeZone("Asia/Shanghai");
    const calls = backend(meeting(), (cmd) => {
      if (cmd === "settings_get")
        return { locale: "zh-CN", working_hours: WORKING_HOURS, time_zone: "Asia/Shanghai" };
      if (cmd === "planner_free_slot") return { start: "2026-11-30T01:00:00Z", end: "2026-11-30T02:00:00Z" };
      return undefined;
    });
    await renderApp("/meetings", "zh-CN");
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("list-new"));
    await waitFor(() => expect(screen.getByTestId("field-starts_at")).toHaveValue("2026-11-30 09:00"));
    expect(screen.getByTestId("field-ends_at")).toHaveValue("2026-11-30 10:00");
    expect(argsOf(calls, "planner_free_slot")[0]).toMatchObject({
      query: { duration_minutes: 60, time_zone: "Asia/Shanghai" },
    });
  });
});

describe("templates", () => {
  it("warns in the form when the template's agenda is longer than the meeting, and extends it in one click", async () => {
    const long = {
      ...templates()[1]!,
      id: "tpl-long",
      duration_minutes: 45,
      agenda: [
        { title: "交付", planned_minutes: 30 },
        { title: "质量", planned_minutes: 30 },
      ],
    };
    backend(meeting(), (cmd) => (cmd === "template_list" ? [long] : undefined));
    await renderApp("/meetings", "zh-CN");
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("meeting-new-from-template"));
    await user.click((await screen.findAllByTestId("template-option"))[0]!);
    const warning = await screen.findByTestId("agenda-too-long");
    expect(warning).toHaveTextContent(
      zh.template.tooLong.replace("{{agenda}}", "60").replace("{{meeting}}", "45"),
    );
    await user.click(screen.getByTestId("agenda-extend"));
    await waitFor(() => expect(screen.queryByTestId("agenda-too-long")).not.toBeInTheDocument());
    const start = (screen.getByTestId("field-starts_at") as HTMLInputElement).value;
    const end = (screen.getByTestId("field-ends_at") as HTMLInputElement).value;
    expect((Date.parse(end.replace(" ", "T")) - Date.parse(start.replace(" ", "T"))) / 60_000).toBe(60);
  });

  it("a template opens the form prefilled, and the meeting is created from it", async () => {
    const calls = backend(meeting(), (cmd) => (cmd === "meeting_create" ? meeting({ id: "m9" }) : undefined));
    await renderApp("/meetings", "en");
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("meeting-new-from-template"));
    const options = await screen.findAllByTestId("template-option");
    expect(options.map((o) => o.getAttribute("data-template-id"))).toEqual(["builtin:weekly", "tpl-1"]);
    expect(argsOf(calls, "template_list")).toEqual([{ lang: "en" }]);
    await user.click(options[1]!);
    expect(await screen.findByTestId("field-title")).toHaveValue("Supplier review");
    const start = (screen.getByTestId("field-starts_at") as HTMLInputElement).value;
    const end = (screen.getByTestId("field-ends_at") as HTMLInputElement).value;
    const minutes = (Date.parse(end.replace(" ", "T")) - Date.parse(start.replace(" ", "T"))) / 60_000;
    expect(minutes).toBe(90);
    await user.click(screen.getByTestId("meeting-form-submit"));
    await waitFor(() => expect(argsOf(calls, "meeting_create")).toHaveLength(1));
    expect(argsOf(calls, "meeting_create")[0]).toMatchObject({
      input: { title: "Supplier review", template_id: "tpl-1", previous_meeting_id: null },
    });
    expect(await screen.findByTestId("meeting-page")).toBeInTheDocument();
  });

  it("saves this meeting as a template", async () => {
    const calls = backend(meeting(), (cmd) => (cmd === "template_create" ? templates()[1] : undefined));
    await openMeeting("en");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("meeting-more"));
    await user.click(await screen.findByTestId("meeting-save-template"));
    const name = await screen.findByTestId("template-name");
    await user.clear(name);
    await user.type(name, "Supplier review");
    await user.click(screen.getByTestId("template-save"));
    await waitFor(() => expect(argsOf(calls, "template_create")).toHaveLength(1));
    expect(argsOf(calls, "template_create")[0]).toEqual({
      input: {
        name: "Supplier review",
        title: "供应商周例会",
        duration_minutes: 60,
        agenda: [
          { title: "上周行动回顾", planned_minutes: 10 },
          { title: "交期风险", planned_minutes: 10 },
          { title: "下一步计划", planned_minutes: 15 },
        ],
        notes: null,
      },
    });
  });
});

describe("follow-up meeting", () => {
  it("opens the form with the same people a week later, following this meeting", async () => {
    const calls = backend(meeting(), (cmd) => (cmd === "meeting_create" ? meeting({ id: "m2" }) : undefined));
    await openMeeting("en");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("meeting-follow-up"));
    expect(await screen.findByTestId("field-title")).toHaveValue("供应商周例会");
    expect(screen.getByTestId("field-starts_at")).toHaveValue("2026-12-01 10:00");
    await user.click(screen.getByTestId("meeting-form-submit"));
    await waitFor(() => expect(argsOf(calls, "meeting_create")).toHaveLength(1));
    expect(argsOf(calls, "meeting_create")[0]).toMatchObject({
      input: {
        title: "供应商周例会",
        starts_at: "2026-12-01T02:00:00Z",
        ends_at: "2026-12-01T03:00:00Z",
        time_zone: "Asia/Shanghai",
        attendee_ids: ["c1", "c2"],
        organization_ids: ["o1"],
        project_id: "p1",
        previous_meeting_id: "m1",
        template_id: null,
      },
    });
  });
});

describe("meeting times", () => {
  it("a follow-up one week later keeps 10:00 across a daylight-saving change", async () => {
    // Monday 2027-03-22 10:00 in Berlin (CET); the clocks go forward on the 28th.
    const m = meeting({
      starts_at: "2027-03-22T09:00:00Z",
      ends_at: "2027-03-22T10:00:00Z",
      time_zone: "Europe/Berlin",
    });
    const calls = backend(m, (cmd) => (cmd === "meeting_create" ? meeting({ id: "m2" }) : undefined));
    await openMeeting("en");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("meeting-follow-up"));
    expect(await screen.findByTestId("field-starts_at")).toHaveValue("2027-03-29 10:00");
    expect(screen.getByTestId("field-ends_at")).toHaveValue("2027-03-29 11:00");
    await user.click(screen.getByTestId("meeting-form-submit"));
    await waitFor(() => expect(argsOf(calls, "meeting_create")).toHaveLength(1));
    // 10:00 CEST is 08:00 UTC: 167 hours after the first meeting, not 168.
    expect(argsOf(calls, "meeting_create")[0]).toMatchObject({
      input: {
        starts_at: "2027-03-29T08:00:00Z",
        ends_at: "2027-03-29T09:00:00Z",
        time_zone: "Europe/Berlin",
      },
    });
  });

  it("refuses an impossible date under its field instead of moving it to March", async () => {
    const calls = backend();
    await openMeeting("zh-CN");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("meeting-follow-up"));
    const start = await screen.findByTestId("field-starts_at");
    await user.clear(start);
    await user.type(start, "2026-02-30 10:00");
    await user.click(screen.getByTestId("meeting-form-submit"));
    expect(await screen.findByTestId("field-error-starts_at")).toHaveTextContent(zhErrors.rule.invalid_date);
    expect(argsOf(calls, "meeting_create")).toHaveLength(0);
  });

  it("picks a day from the calendar and keeps the typed time", async () => {
    backend();
    await openMeeting("en");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("meeting-follow-up"));
    const start = await screen.findByTestId("field-starts_at");
    expect(start).toHaveValue("2026-12-01 10:00");
    await user.click(screen.getByTestId("field-starts_at-pick"));
    const calendar = await screen.findByTestId("field-starts_at-calendar");
    await user.click(calendar.querySelector<HTMLElement>('[data-date="2026-12-03"]')!);
    expect(start).toHaveValue("2026-12-03 10:00");
    expect(screen.getByTestId("field-ends_at")).toHaveValue("2026-12-03 11:00");
    await user.click(calendar.querySelector<HTMLElement>('[data-time="14:30"]')!);
    expect(start).toHaveValue("2026-12-03 14:30");
    await waitFor(() => expect(screen.queryByTestId("field-starts_at-calendar")).not.toBeInTheDocument());
    // The time already chosen (often the default start) also picks and closes.
    await user.click(screen.getByTestId("field-starts_at-pick"));
    const again = await screen.findByTestId("field-starts_at-calendar");
    await user.click(again.querySelector<HTMLElement>('[data-time="14:30"]')!);
    expect(start).toHaveValue("2026-12-03 14:30");
    await waitFor(() => expect(screen.queryByTestId("field-starts_at-calendar")).not.toBeInTheDocument());
  });

  it("moves the end with a typed start, so the meeting keeps its length", async () => {
    backend();
    await openMeeting("zh-CN");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("meeting-follow-up"));
    const start = await screen.findByTestId("field-starts_at");
    const end = screen.getByTestId("field-ends_at");
    expect([start, end].map((e) => (e as HTMLInputElement).value)).toEqual([
      "2026-12-01 10:00",
      "2026-12-01 11:00",
    ]);
    await user.clear(end);
    await user.type(end, "2026-12-01 11:30");
    await user.clear(start);
    await user.type(start, "2026-12-02 14:30");
    expect(end).toHaveValue("2026-12-02 16:00");
  });

  it("shows the backend's repeat-rule errors under the repeat fields", async () => {
    const m = meeting({
      recurrence: { freq: "weekly", interval: 1, weekdays: ["tu"], until: "2027-01-31", count: null },
    });
    const calls = backend(m, (cmd) => {
      if (cmd === "meeting_update")
        throw {
          code: "validation",
          detail: {
            fields: [
              { field: "recurrence.until", rule: "invalid_date" },
              { field: "recurrence.weekdays", rule: "out_of_range" },
            ],
          },
        };
      return undefined;
    });
    await openMeeting("en");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("detail-edit"));
    expect(await screen.findByTestId("field-until")).toHaveValue("2027-01-31");
    await user.click(screen.getByTestId("meeting-form-submit"));
    await waitFor(() => expect(argsOf(calls, "meeting_update")).toHaveLength(1));
    expect(await screen.findByTestId("field-error-until")).toHaveTextContent(enErrors.rule.invalid_date);
    expect(screen.getByTestId("field-error-weekdays")).toHaveTextContent(enErrors.rule.out_of_range);
    // Every error found its field, so there is no generic message above the buttons.
    expect(screen.queryByTestId("form-error")).toBeNull();
  });

  it("refuses an impossible end date of the repeat rule before calling the backend", async () => {
    const m = meeting({
      recurrence: { freq: "weekly", interval: 1, weekdays: ["tu"], until: "2027-01-31", count: null },
    });
    const calls = backend(m);
    await openMeeting("zh-CN");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("detail-edit"));
    const until = await screen.findByTestId("field-until");
    await user.clear(until);
    await user.type(until, "2027-02-30");
    await user.click(screen.getByTestId("meeting-form-submit"));
    expect(await screen.findByTestId("field-error-until")).toHaveTextContent(zhErrors.rule.invalid_date);
    expect(argsOf(calls, "meeting_update")).toHaveLength(0);
  });
});

describe("an occurrence of a series", () => {
  const occurrence = () =>
    meeting({
      id: "s1@2026-11-23T02:00:00Z",
      series_id: "s1",
      occurrence: "2026-11-23T02:00:00Z",
      starts_at: "2026-11-23T02:00:00Z",
      ends_at: "2026-11-23T03:00:00Z",
      time_zone: "Asia/Shanghai",
      recurrence: { freq: "weekly", interval: 1, weekdays: ["mo"], until: null, count: null },
      occurrences: { previous: "2026-11-16T02:00:00Z", next: "2026-11-30T02:00:00Z", current: null },
    });

  it("asks which occurrences a new time applies to and lists what no longer fits before saving", async () => {
    const m = occurrence();
    const calls = backend(m, (cmd) => {
      if (cmd === "meeting_series_preview")
        return [
          {
            occurrence: "2026-11-30T02:00:00Z",
            starts_at: "2026-11-30T02:00:00Z",
            kind: "minutes",
            meeting_id: "r1",
          },
        ];
      if (cmd === "meeting_series_save") return m;
      return undefined;
    });
    await renderApp("/meetings/s1/occurrences/2026-11-23T02:00:00Z", "en");
    expect(await screen.findByTestId("occurrence-nav")).toBeInTheDocument();
    expect(screen.getByTestId("occurrence-previous")).toHaveAttribute(
      "href",
      "/meetings/s1/occurrences/2026-11-16T02:00:00Z",
    );
    await userEvent.click(screen.getByTestId("detail-edit"));
    const start = await screen.findByTestId("field-starts_at");
    fireEvent.change(start, { target: { value: "2026-11-23 14:00" } });
    fireEvent.change(screen.getByTestId("field-ends_at"), { target: { value: "2026-11-23 15:00" } });
    await userEvent.click(screen.getByTestId("meeting-form-submit"));
    const dialog = await screen.findByTestId("series-scope-dialog");
    expect(within(dialog).getByText(en.series.scope.this)).toBeInTheDocument();
    await userEvent.click(within(dialog).getByLabelText(en.series.scope.all));
    await userEvent.click(screen.getByTestId("series-scope-confirm"));
    const orphans = await screen.findByTestId("series-orphans");
    expect(within(orphans).getAllByTestId("series-orphan")).toHaveLength(1);
    expect(argsOf(calls, "meeting_series_save")).toHaveLength(0);
    await userEvent.click(screen.getByTestId("series-orphans-confirm"));
    // Then who is affected: the series' attendees.
    expect(await screen.findByTestId("reschedule-people")).toHaveTextContent("Anna Schmidt");
    expect(argsOf(calls, "meeting_series_save")).toHaveLength(0);
    await userEvent.click(screen.getByTestId("reschedule-ok"));
    await waitFor(() => expect(argsOf(calls, "meeting_series_save")).toHaveLength(1));
    const [args] = argsOf(calls, "meeting_series_save") as [
      { id: string; edit: { scope: string; occurrence: string; input: { starts_at: string } } },
    ];
    expect(args.id).toBe("s1");
    expect(args.edit.scope).toBe("all");
    expect(args.edit.occurrence).toBe("2026-11-23T02:00:00Z");
    expect(args.edit.input.starts_at).toBe("2026-11-23T06:00:00Z");
  });
});

describe("moving a meeting other people attend", () => {
  it("asks first, naming who is affected, and then offers the updated invitation", async () => {
    const calls = backend(meeting(), (cmd, args) => {
      if (cmd === "meeting_update") return meeting({ ...(args as { input: Partial<Meeting> }).input });
      if (cmd === "meeting_export") return "/home/li/文档/邀请.ics";
      return undefined;
    });
    await openMeeting("zh-CN");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("detail-edit"));
    const start = await screen.findByTestId("field-starts_at");
    await user.clear(start);
    await user.type(start, "2026-11-25 14:00");
    await user.click(screen.getByTestId("meeting-form-submit"));
    const ask = await screen.findByTestId("reschedule-confirm");
    expect(ask).toHaveTextContent("新时间：周三 11月25日 14:00–15:00");
    expect(ask).toHaveTextContent("2 位参会人的日程会随之变动");
    expect(
      within(screen.getByTestId("reschedule-people"))
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["王晓明", "Anna Schmidt"]);
    // Cancel: nothing is saved and the form stays open with what was typed.
    await user.click(screen.getByTestId("reschedule-cancel"));
    await waitFor(() => expect(screen.queryByTestId("reschedule-confirm")).toBeNull());
    expect(argsOf(calls, "meeting_update")).toHaveLength(0);
    expect(screen.getByTestId("field-starts_at")).toHaveValue("2026-11-25 14:00");

    await user.click(screen.getByTestId("meeting-form-submit"));
    await user.click(await screen.findByTestId("reschedule-ok"));
    await waitFor(() => expect(argsOf(calls, "meeting_update")).toHaveLength(1));
    expect(argsOf(calls, "meeting_update")[0]).toMatchObject({
      id: "m1",
      input: { starts_at: "2026-11-25T06:00:00Z", ends_at: "2026-11-25T07:00:00Z" },
    });
    const offer = await screen.findByTestId("reschedule-offer");
    expect(offer).toHaveTextContent("把新时间告诉 2 位参会人");
    await user.click(within(offer).getByTestId("invite-ics"));
    await waitFor(() => expect(argsOf(calls, "meeting_export")).toHaveLength(1));
    expect(argsOf(calls, "meeting_export")[0]).toMatchObject({ id: "m1", format: "ics" });
  });

  it("saves without asking when only the title changes", async () => {
    const calls = backend(meeting(), (cmd, args) =>
      cmd === "meeting_update" ? meeting({ ...(args as { input: Partial<Meeting> }).input }) : undefined,
    );
    await openMeeting("en");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("detail-edit"));
    const title = await screen.findByTestId("field-title");
    await user.type(title, "（改）");
    await user.click(screen.getByTestId("meeting-form-submit"));
    await waitFor(() => expect(argsOf(calls, "meeting_update")).toHaveLength(1));
    expect(screen.queryByTestId("reschedule-confirm")).toBeNull();
    expect(screen.queryByTestId("reschedule-offer")).toBeNull();
  });
});
