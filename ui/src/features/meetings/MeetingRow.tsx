import { useTranslation } from "react-i18next";
import type { Meeting } from "../../bindings";
import { RowLayout, StackedCell } from "../../components/Row";
import { formatDateTime, formatDayLabel, formatWeekdayTime } from "../../lib/format";

/** The URL parameter of the meetings list's range (the dashboard's "upcoming meetings" sets it). */
export const RANGE_PARAM = "range";

export function MeetingRow({ meeting: m }: { meeting: Meeting }) {
  const { t } = useTranslation();
  return (
    <RowLayout
      leadKind="date"
      lead={
        <StackedCell
          top={formatDayLabel(m.starts_at)}
          bottom={formatWeekdayTime(m.starts_at)}
          title={formatDateTime(m.starts_at, m.time_zone)}
        />
      }
      title={m.title}
      meta={[m.project_name, m.location, t("meeting.attendeeCount", { count: m.attendees.length })]}
    />
  );
}

/** The path of a meeting's page: an occurrence of a series ("SERIES@OCCURRENCE") has its own. */
export function meetingPath(id: string): string {
  const at = id.indexOf("@");
  return at < 0 ? `/meetings/${id}` : `/meetings/${id.slice(0, at)}/occurrences/${id.slice(at + 1)}`;
}
