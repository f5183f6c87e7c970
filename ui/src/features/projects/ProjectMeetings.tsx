import { useNavigate } from "react-router";
import { useTranslation } from "react-i18next";
import { commands } from "../../bindings";
import { Section } from "../../components/Detail";
import {
  EmptyState,
  PAGE_SIZE,
  ROW_HEIGHT_TWO_LINE,
  useInfiniteList,
  VirtualRows,
} from "../../components/ListPage";
import { keys } from "../../lib/queryClient";
import { MeetingRow } from "../meetings/MeetingRow";

/** The project's meetings, newest first; a row opens the meeting. */
export function ProjectMeetingsTab({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const query = useInfiniteList(keys.list("meeting", { project: projectId }), (cursor) =>
    commands.meetingList({
      search: null,
      project_id: projectId,
      organization_id: null,
      from: null,
      to: null,
      sort: "starts_desc",
      cursor,
      limit: PAGE_SIZE,
    }),
  );
  return (
    <Section title={t("plan.tabs.meetings")}>
      <VirtualRows
        query={query}
        renderRow={(m) => <MeetingRow meeting={m} />}
        rowLabel={(m) => m.title}
        onOpen={(m) => navigate(`/meetings/${m.id}`)}
        empty={<EmptyState text={t("empty.meetings")} />}
        rowHeight={ROW_HEIGHT_TWO_LINE}
        height={420}
      />
    </Section>
  );
}
