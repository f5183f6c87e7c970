import { Anchor, Box, SegmentedControl, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { commands, type Attendance, type Attendee, type Meeting } from "../../bindings";
import { Section } from "../../components/Detail";
import { errorMessage, unwrap } from "../../lib/ipc";
import { useMeetingCache } from "./minutes";
import { RefName } from "../../components/RefName";

export const ATTENDANCE: Attendance[] = ["invited", "present", "absent", "excused"];

/** Who came: one segmented control per attendee, saved as soon as it is clicked. */
export function AttendanceSection({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const cache = useMeetingCache(meeting.id);
  const present = meeting.attendees.filter((a) => a.attendance === "present").length;

  const setOne = (contactId: string, attendance: Attendance) =>
    cache.patch((m) => ({
      ...m,
      attendees: m.attendees.map((a) => (a.contact_id === contactId ? { ...a, attendance } : a)),
    }));

  const change = async (a: Attendee, attendance: Attendance) => {
    await cache.hold();
    setOne(a.contact_id, attendance);
    try {
      await unwrap(commands.attendanceSet(meeting.id, a.contact_id, attendance));
    } catch (err) {
      setOne(a.contact_id, a.attendance);
      notifications.show({ color: "red", title: t("minutes.saveFailed"), message: errorMessage(t, err) });
    }
  };

  return (
    <Section
      title={t("attendance.title")}
      testId="attendance"
      actions={
        meeting.attendees.length > 0 && (
          <Text size="xs" c="dimmed" data-testid="attendance-count">
            {t("attendance.presentCount", { present, total: meeting.attendees.length })}
          </Text>
        )
      }
    >
      {meeting.attendees.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("empty.attendees")}
        </Text>
      ) : (
        <Stack gap="xs">
          {meeting.attendees.map((a) => (
            <Box key={a.contact_id} data-testid="attendee" data-id={a.contact_id}>
              <Text size="sm" lh={1.4} style={{ wordBreak: "break-word" }}>
                <Anchor component={Link} to={`/contacts/${a.contact_id}`} size="sm">
                  <RefName name={a.name} deleted={a.deleted} />
                </Anchor>
                {a.organization_name && (
                  <Text span size="xs" c="dimmed">
                    {" · "}
                    <RefName name={a.organization_name} deleted={a.organization_deleted} size="xs" />
                  </Text>
                )}
              </Text>
              <SegmentedControl
                mt={4}
                size="xs"
                fullWidth
                value={a.attendance}
                onChange={(v) => void change(a, v as Attendance)}
                aria-label={t("attendance.of", { name: a.name })}
                data-testid={`attendance-${a.contact_id}`}
                data-value={a.attendance}
                data={ATTENDANCE.map((v) => ({
                  value: v,
                  label: <span data-testid={`attendance-${a.contact_id}-${v}`}>{t(`attendance.${v}`)}</span>,
                }))}
              />
            </Box>
          ))}
        </Stack>
      )}
    </Section>
  );
}
