import { Anchor, Badge, Box, Group, List, SimpleGrid, Skeleton, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { IconGavel } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { commands, type Meeting, type Task } from "../../bindings";
import { Section } from "../../components/Detail";
import { QueryError } from "../../components/ListPage";
import { formatAgo, formatDate, formatDateTime, formatShortDate, todayIso } from "../../lib/format";
import { unwrap } from "../../lib/ipc";
import { keys } from "../../lib/queryClient";
import { taskStatusColor } from "../tasks/status";
import { RefName, isDeletedRef } from "../../components/RefName";

function Empty({ children, testId }: { children: string; testId?: string }) {
  return (
    <Text size="sm" c="dimmed" data-testid={testId}>
      {children}
    </Text>
  );
}

function BriefTask({ task, today }: { task: Task; today: string }) {
  const { t } = useTranslation();
  const overdue = task.due_date !== null && task.due_date < today;
  return (
    <Group gap="xs" wrap="nowrap" align="baseline" data-testid="brief-task">
      <Badge size="xs" variant="light" color={taskStatusColor[task.status]} style={{ flexShrink: 0 }}>
        {t(`taskStatus.${task.status}`)}
      </Badge>
      <Box style={{ flex: 1, minWidth: 0 }}>
        <Text size="sm" style={{ wordBreak: "break-word" }}>
          {task.title}
        </Text>
        {task.meeting_id && (
          <Anchor component={Link} to={`/meetings/${task.meeting_id}`} size="xs" c="dimmed">
            {task.meeting_title}
          </Anchor>
        )}
      </Box>
      {task.due_date && (
        <Text
          size="xs"
          c={overdue ? "red" : "dimmed"}
          title={formatDate(task.due_date)}
          style={{ whiteSpace: "nowrap" }}
        >
          {formatShortDate(task.due_date)}
          {overdue && ` · ${t("task.overdue")}`}
        </Text>
      )}
    </Group>
  );
}

/** What to read before the meeting: open items of the people coming, overdue work, last contacts, last decisions. */
export function BriefPanel({ meeting, active }: { meeting: Meeting; active: boolean }) {
  const { t } = useTranslation();
  const today = todayIso();
  const q = useQuery({
    queryKey: keys.brief(meeting.id, today),
    queryFn: () => unwrap(commands.meetingBrief(meeting.id, today)),
    enabled: active,
  });
  if (q.isPending)
    return (
      <SimpleGrid cols={{ base: 1, md: 2 }} aria-busy="true">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} h={140} radius="md" />
        ))}
      </SimpleGrid>
    );
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const b = q.data;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Section title={t("brief.attendees")} testId="brief-attendees">
        {b.attendees.length === 0 ? (
          <Empty>{t("brief.noAttendees")}</Empty>
        ) : (
          <Stack gap="sm">
            {b.attendees.map((a) => (
              <Box key={a.contact_id} data-testid="brief-attendee">
                <Anchor component={Link} to={`/contacts/${a.contact_id}`} size="sm" fw={600}>
                  <RefName name={a.name} deleted={a.deleted} />
                </Anchor>
                {a.open_items.length === 0 ? (
                  <Text size="xs" c="dimmed">
                    {t("brief.nothingOpen")}
                  </Text>
                ) : (
                  <Stack gap={4} mt={4}>
                    {a.open_items.map((task) => (
                      <BriefTask key={task.id} task={task} today={today} />
                    ))}
                  </Stack>
                )}
              </Box>
            ))}
          </Stack>
        )}
      </Section>
      <Section title={t("brief.overdue")} testId="brief-overdue">
        {b.overdue.length === 0 ? (
          <Empty>{meeting.project_id ? t("brief.noOverdue") : t("brief.noProject")}</Empty>
        ) : (
          <Stack gap={4}>
            {b.overdue.map((task) => (
              <BriefTask key={task.id} task={task} today={today} />
            ))}
          </Stack>
        )}
      </Section>
      <Section title={t("brief.organizations")} testId="brief-organizations">
        {b.organizations.length === 0 ? (
          <Empty>{t("brief.noOrganizations")}</Empty>
        ) : (
          <Stack gap="xs">
            {b.organizations.map((o) => (
              <Group
                key={o.organization_id}
                gap="xs"
                wrap="nowrap"
                justify="space-between"
                align="baseline"
                data-testid="brief-organization"
              >
                <Anchor component={Link} to={`/organizations/${o.organization_id}`} size="sm">
                  <RefName name={o.name} deleted={o.deleted} />
                </Anchor>
                {o.last_interaction ? (
                  <Text size="xs" c="dimmed" ta="right">
                    <time
                      dateTime={o.last_interaction}
                      title={formatDateTime(o.last_interaction)}
                      data-testid="brief-last-interaction"
                    >
                      {formatAgo(o.last_interaction)}
                    </time>
                    {o.last_meeting_title && ` · ${o.last_meeting_title}`}
                  </Text>
                ) : (
                  <Text size="xs" c="dimmed">
                    {t("brief.firstMeeting")}
                  </Text>
                )}
              </Group>
            ))}
          </Stack>
        )}
      </Section>
      <Section title={t("brief.previous")} testId="brief-previous">
        {!b.previous ? (
          <Empty>{t("brief.noPrevious")}</Empty>
        ) : (
          <Stack gap="xs">
            <Text size="sm">
              <Anchor component={Link} to={`/meetings/${b.previous.meeting_id}`} size="sm">
                {b.previous.title}
              </Anchor>{" "}
              <Text span size="xs" c="dimmed">
                {formatDateTime(b.previous.starts_at)}
              </Text>
            </Text>
            {b.previous.decisions.length === 0 ? (
              <Empty>{t("brief.noDecisions")}</Empty>
            ) : (
              <List size="sm" spacing={4} icon={<IconGavel size={14} aria-hidden />}>
                {b.previous.decisions.map((d) => (
                  <List.Item key={d.id} data-testid="brief-decision">
                    {d.text}
                    {d.organization_name && (
                      <Text span size="xs" c="dimmed">
                        {" · "}
                        <RefName
                          name={d.organization_name}
                          deleted={isDeletedRef(d, "organization_id")}
                          size="xs"
                        />
                      </Text>
                    )}
                  </List.Item>
                ))}
              </List>
            )}
          </Stack>
        )}
      </Section>
    </SimpleGrid>
  );
}
