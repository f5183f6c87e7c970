import { Badge, Button, Group, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { commands } from "../../bindings";
import { formatDateTime } from "../../lib/format";
import { errorMessage, unwrap } from "../../lib/ipc";

export const publishStatusKey = ["publishStatus"] as const;

/** Settings → Sync → Calendar and address book: a one-way copy of meetings and task blocks to a CalDAV calendar
 *  and of organizations and contacts to a CardDAV address book, so phones and colleagues see them. It follows every
 *  sync; "Publish now" sends what changed at once. */
export function PublishSettings() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const status = useQuery({ queryKey: publishStatusKey, queryFn: () => unwrap(commands.publishStatus()) });
  const s = status.data;
  const saved = s?.settings ?? null;
  const [calendar, setCalendar] = useState("");
  const [contacts, setContacts] = useState("");
  const [user, setUser] = useState("");
  const [password, setPassword] = useState("");
  useEffect(() => {
    setCalendar(saved?.calendar_url ?? "");
    setContacts(saved?.contacts_url ?? "");
    setUser(saved?.user ?? "");
  }, [saved?.calendar_url, saved?.contacts_url, saved?.user]);

  const failed = (err: unknown) => notifications.show({ color: "red", message: errorMessage(t, err) });
  const refresh = () => client.invalidateQueries({ queryKey: publishStatusKey });
  const setup = useMutation({
    mutationFn: () =>
      unwrap(
        commands.publishSetup(
          { calendar_url: calendar.trim() || null, contacts_url: contacts.trim() || null, user: user.trim() },
          password,
        ),
      ),
    onSuccess: () => {
      setPassword("");
      notifications.show({ color: "teal", message: t("publish.saved") });
      void refresh();
    },
    onError: failed,
  });
  const run = useMutation({
    mutationFn: () => unwrap(commands.publishRun()),
    onSuccess: (r) => {
      const lines = [
        r.calendar && t("publish.calendarCounts", r.calendar),
        r.contacts && t("publish.contactsCounts", r.contacts),
      ].filter((l): l is string => !!l);
      notifications.show({
        color: "teal",
        title: t("publish.done"),
        message: (
          <Stack gap={0}>
            {lines.map((l) => (
              <Text key={l} size="sm">
                {l}
              </Text>
            ))}
          </Stack>
        ),
      });
    },
    onError: failed,
    onSettled: refresh,
  });
  const off = useMutation({
    mutationFn: () => unwrap(commands.publishOff()),
    onSuccess: () => void refresh(),
    onError: failed,
  });

  const ready = (calendar.trim() !== "" || contacts.trim() !== "") && user.trim() !== "" && password !== "";
  return (
    <Stack gap="sm" data-testid="settings-publish">
      <div>
        <Title order={5}>{t("publish.title")}</Title>
        <Text size="sm" c="dimmed">
          {t("publish.hint")}
        </Text>
      </div>
      <TextInput
        label={t("publish.calendarUrl")}
        placeholder="https://cloud.example.com/remote.php/dav/calendars/me/liaison-desk/"
        value={calendar}
        onChange={(e) => setCalendar(e.currentTarget.value)}
        data-testid="publish-calendar"
      />
      <TextInput
        label={t("publish.contactsUrl")}
        placeholder="https://cloud.example.com/remote.php/dav/addressbooks/users/me/liaison-desk/"
        value={contacts}
        onChange={(e) => setContacts(e.currentTarget.value)}
        data-testid="publish-contacts"
      />
      <Group grow align="flex-start">
        <TextInput
          label={t("sync.user")}
          value={user}
          onChange={(e) => setUser(e.currentTarget.value)}
          data-testid="publish-user"
        />
        <PasswordInput
          label={t("sync.password")}
          description={t("sync.keychain")}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          data-testid="publish-password"
        />
      </Group>
      <Group gap="sm">
        <Button
          variant="default"
          disabled={!ready}
          loading={setup.isPending}
          onClick={() => setup.mutate()}
          data-testid="publish-save"
        >
          {t("publish.save")}
        </Button>
        {saved && (
          <>
            <Button loading={run.isPending} onClick={() => run.mutate()} data-testid="publish-now">
              {t("publish.now")}
            </Button>
            <Button variant="subtle" color="gray" onClick={() => off.mutate()} data-testid="publish-off">
              {t("publish.off")}
            </Button>
          </>
        )}
      </Group>
      {s && saved && (
        <Group gap="sm" data-testid="publish-status">
          {saved.calendar_url && (
            <Badge variant="light">{t("publish.calendarItems", { count: s.calendar_items })}</Badge>
          )}
          {saved.contacts_url && (
            <Badge variant="light">{t("publish.contactsItems", { count: s.contacts_items })}</Badge>
          )}
          <Text size="sm" c={s.last_error ? "red" : "dimmed"}>
            {s.last_error
              ? t("publish.failed", { error: s.last_error })
              : s.last_published_at
                ? t("publish.last", { when: formatDateTime(s.last_published_at) })
                : t("publish.never")}
          </Text>
        </Group>
      )}
    </Stack>
  );
}
