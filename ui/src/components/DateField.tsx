import { useEffect, useRef, useState } from "react";
import { ActionIcon, Group, Popover, ScrollArea, TextInput, type TextInputProps } from "@mantine/core";
import { DatePicker, DatesProvider, TimeGrid } from "@mantine/dates";
// The date picker's styles and its Chinese month and day names load with the first form that has a date, not at start.
import "@mantine/dates/styles.css";
import "dayjs/esm/locale/zh-cn.js";
import { IconCalendar } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { parseDate, today } from "../lib/time";

/** Every half hour of the day, "00:00" … "23:30", for picking a time with the mouse. */
const HALF_HOURS = Array.from(
  { length: 48 },
  (_, i) => `${String(Math.floor(i / 2)).padStart(2, "0")}:${i % 2 ? "30" : "00"}`,
);

export type DateFieldProps = Omit<TextInputProps, "value" | "onChange"> & {
  /** What the user typed: "YYYY-MM-DD", or "YYYY-MM-DD HH:mm" with `withTime`. */
  value?: string;
  onChange?: (value: string) => void;
  /** The value carries a time; the dropdown offers half-hours beside the month. */
  withTime?: boolean;
  "data-testid"?: string;
};

/**
 * A date (or date and time) typed as text or picked from a calendar. The text is the value, so keyboard users type
 * "2026-11-24 10:00" directly and the form validates exactly what was typed (an impossible date like 2026-02-30 is
 * an error, never silently moved to March); the calendar only fills the text in.
 */
export function DateField({
  value = "",
  onChange = () => undefined,
  withTime = false,
  ...rest
}: DateFieldProps) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language === "zh-CN";
  const [opened, setOpened] = useState(false);
  const testId = rest["data-testid"] ?? "date-field";
  const text = value.trim();
  const day = parseDate(text.slice(0, 10));
  const time =
    withTime && /^\d{1,2}:\d{2}$/.test(text.slice(11).trim()) ? text.slice(11).trim().padStart(5, "0") : null;
  const times = useRef<HTMLDivElement>(null);
  // Open the half-hour list at the field's time (or the start of a working day), not at midnight.
  const anchor = `${(time ?? "09:00").slice(0, 3)}${Number(time?.slice(3) ?? 0) < 30 ? "00" : "30"}`;
  useEffect(() => {
    if (!opened || !withTime) return;
    const frame = requestAnimationFrame(() => {
      const viewport = times.current;
      const el = viewport?.querySelector<HTMLElement>(`[data-time="${anchor}"]`);
      if (!viewport || !el) return;
      viewport.scrollTop += el.getBoundingClientRect().top - viewport.getBoundingClientRect().top - 8;
    });
    return () => cancelAnimationFrame(frame);
  }, [opened, withTime, anchor]);
  const set = (d: string | null, tm: string | null) => {
    if (!d) return;
    onChange(withTime ? `${d} ${tm ?? "09:00"}` : d);
  };
  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-start"
      shadow="md"
      trapFocus={false}
      returnFocus
    >
      <Popover.Target>
        <TextInput
          placeholder={withTime ? "YYYY-MM-DD HH:mm" : "YYYY-MM-DD"}
          autoComplete="off"
          {...rest}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          rightSection={
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t("fields.pickDate")}
              aria-expanded={opened}
              data-testid={`${testId}-pick`}
              disabled={rest.disabled}
              onClick={() => setOpened((o) => !o)}
            >
              <IconCalendar size={16} aria-hidden />
            </ActionIcon>
          }
        />
      </Popover.Target>
      <Popover.Dropdown data-testid={`${testId}-calendar`}>
        <Group align="flex-start" gap="md" wrap="nowrap">
          {/* The calendar in the UI language; weeks start on Monday in zh-CN. */}
          <DatesProvider settings={{ locale: zh ? "zh-cn" : "en", firstDayOfWeek: zh ? 1 : 0 }}>
            <DatePicker
              value={day}
              defaultDate={day ?? today()}
              onChange={(d) => {
                set(d, time);
                if (!withTime) setOpened(false);
              }}
              getDayProps={(date) => ({ "data-date": date }) as Record<string, string>}
            />
          </DatesProvider>
          {withTime && (
            <ScrollArea h={260} w={150} type="auto" viewportRef={times} data-testid={`${testId}-times`}>
              <TimeGrid
                data={HALF_HOURS}
                value={time}
                simpleGridProps={{ cols: 2, spacing: 4 }}
                size="xs"
                // A click picks the time and closes, also on the time already chosen (the default start is often
                // the next half hour), where TimeGrid's own handler would do nothing and leave the picker open.
                getControlProps={(tm) => ({
                  "data-time": tm,
                  onClick: () => {
                    set(day ?? today(), tm.slice(0, 5));
                    setOpened(false);
                  },
                })}
              />
            </ScrollArea>
          )}
        </Group>
      </Popover.Dropdown>
    </Popover>
  );
}
