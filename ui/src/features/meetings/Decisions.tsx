import { useState, type KeyboardEvent } from "react";
import { ToCommitment } from "../commitments/CommitmentRow";
import { ActionIcon, Badge, Box, Button, Group, Stack, Text, TextInput, UnstyledButton } from "@mantine/core";
import { IconCheck, IconGavel, IconPlus, IconTrash, IconX } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { commands, type Decision, type Meeting } from "../../bindings";
import { Section } from "../../components/Detail";
import { EntityPicker, loaders } from "../../components/EntityPicker";
import { errorMessage, unwrap } from "../../lib/ipc";
import { useMeetingCache, useMinutesDelete } from "./minutes";
import { RefName, isDeletedRef, refOption } from "../../components/RefName";

/** Decisions taken in the meeting, each optionally concerning one department or organization. */
export function DecisionsSection({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const cache = useMeetingCache(meeting.id);
  const remove = useMinutesDelete(meeting.id);
  const [text, setText] = useState("");
  const [concerns, setConcerns] = useState<string | null>(null);
  // Re-mounts the picker after an add, so it shows empty again.
  const [pickerKey, setPickerKey] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const add = async () => {
    if (text.trim() === "") {
      setError(t("errors:rule.required"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const d = await unwrap(
        commands.decisionCreate(meeting.id, { text: text.trim(), organization_id: concerns }),
      );
      cache.patch((m) => ({ ...m, decisions: [...m.decisions.filter((x) => x.id !== d.id), d] }));
      setText("");
      setConcerns(null);
      setPickerKey((k) => k + 1);
      void cache.refresh();
    } catch (err) {
      setError(errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  };

  const replace = (d: Decision) =>
    cache.patch((m) => ({ ...m, decisions: m.decisions.map((x) => (x.id === d.id ? d : x)) }));

  return (
    <Section
      title={t("fields.decisions")}
      testId="decisions"
      actions={
        meeting.decisions.length > 0 && (
          <Text size="xs" c="dimmed">
            {meeting.decisions.length}
          </Text>
        )
      }
    >
      {meeting.decisions.length === 0 ? (
        <Text size="sm" c="dimmed" mb="xs" data-testid="decisions-empty">
          {t("empty.decisions")}
        </Text>
      ) : (
        <Stack gap={2} mb="xs" role="list" aria-label={t("fields.decisions")}>
          {meeting.decisions.map((d) => (
            <DecisionRow
              key={d.id}
              decision={d}
              onSaved={replace}
              onDelete={() =>
                void remove({
                  id: d.id,
                  name: d.text,
                  remove: commands.decisionDelete,
                  restore: commands.decisionRestore,
                  prune: (m) => ({ ...m, decisions: m.decisions.filter((x) => x.id !== d.id) }),
                })
              }
            />
          ))}
        </Stack>
      )}
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <TextInput
          style={{ flex: 1 }}
          size="sm"
          data-testid="decision-add-input"
          aria-label={t("decision.add")}
          placeholder={t("decision.addPlaceholder")}
          value={text}
          error={error}
          onChange={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void add();
            }
          }}
        />
        <Box w={220}>
          <EntityPicker
            key={pickerKey}
            hideLabel
            label={t("decision.concerns")}
            placeholder={t("decision.concernsPlaceholder")}
            loader={loaders.organizations()}
            value={concerns}
            onChange={setConcerns}
            data-testid="decision-add-concerns"
          />
        </Box>
        <Button
          variant="light"
          leftSection={<IconPlus size={14} />}
          loading={busy}
          onClick={() => void add()}
          data-testid="decision-add-submit"
        >
          {t("decision.addButton")}
        </Button>
      </Group>
    </Section>
  );
}

function DecisionRow({
  decision: d,
  onSaved,
  onDelete,
}: {
  decision: Decision;
  onSaved: (d: Decision) => void;
  onDelete: () => void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(d.text);
  const [concerns, setConcerns] = useState<string | null>(d.organization_id);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    if (text.trim() === "") {
      setError(t("errors:rule.required"));
      return;
    }
    setError(null);
    try {
      onSaved(await unwrap(commands.decisionUpdate(d.id, { text: text.trim(), organization_id: concerns })));
      setEditing(false);
    } catch (err) {
      setError(errorMessage(t, err));
    }
  };
  const keys = (e: KeyboardEvent) => {
    if (e.nativeEvent.isComposing) return;
    if (e.key === "Enter") {
      e.preventDefault();
      void save();
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      setEditing(false);
    }
  };
  return (
    <Box role="listitem" data-testid="decision-item" data-id={d.id} className="ld-minutes-row">
      {editing ? (
        <Group gap="xs" wrap="nowrap" align="flex-start" py={4}>
          <TextInput
            size="xs"
            style={{ flex: 1 }}
            autoFocus
            aria-label={t("decision.text")}
            data-testid="decision-edit-input"
            value={text}
            error={error}
            onChange={(e) => setText(e.currentTarget.value)}
            onKeyDown={keys}
          />
          <Box w={200}>
            <EntityPicker
              size="xs"
              hideLabel
              label={t("decision.concerns")}
              placeholder={t("decision.concernsPlaceholder")}
              loader={loaders.organizations()}
              initial={refOption(
                t,
                d.organization_id,
                d.organization_name,
                isDeletedRef(d, "organization_id"),
              )}
              value={concerns}
              onChange={setConcerns}
            />
          </Box>
          <ActionIcon
            variant="light"
            onClick={() => void save()}
            aria-label={t("actions.save")}
            data-testid="decision-edit-save"
          >
            <IconCheck size={16} />
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            color="gray"
            onClick={() => setEditing(false)}
            aria-label={t("actions.cancel")}
          >
            <IconX size={16} />
          </ActionIcon>
        </Group>
      ) : (
        <Group gap={8} wrap="nowrap" py={4} align="flex-start">
          <IconGavel size={14} aria-hidden style={{ marginTop: 4, flexShrink: 0, opacity: 0.6 }} />
          <UnstyledButton
            fz="sm"
            style={{ flex: 1, minWidth: 0, wordBreak: "break-word" }}
            title={t("agenda.clickToEdit")}
            onClick={() => {
              setText(d.text);
              setConcerns(d.organization_id);
              setEditing(true);
            }}
            data-testid="decision-text"
          >
            {d.text}
          </UnstyledButton>
          <Badge
            size="sm"
            variant="light"
            color={d.organization_id ? "indigo" : "gray"}
            style={{ flexShrink: 0 }}
            data-testid="decision-concerns"
          >
            {d.organization_name ? (
              <RefName name={d.organization_name} deleted={isDeletedRef(d, "organization_id")} size="xs" />
            ) : (
              t("decision.everyone")
            )}
          </Badge>
          <ToCommitment decisionId={d.id} />
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            onClick={onDelete}
            aria-label={t("actions.deleteNamed", { name: d.text })}
            data-testid="decision-delete"
          >
            <IconTrash size={14} />
          </ActionIcon>
        </Group>
      )}
    </Box>
  );
}
