import {
  Badge,
  Group,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { commands, type Risk, type RiskInput, type RiskStatus } from "../../bindings";
import { DateField } from "../../components/DateField";
import { EntityPicker, loaders } from "../../components/EntityPicker";
import { FormModal, optionalDate, orNull, required, useFieldProps } from "../../components/FormModal";
import { isDeletedRef, refOption } from "../../components/RefName";
import { formatDate, todayIso } from "../../lib/format";
import { unwrap } from "../../lib/ipc";
import { useBoard } from "./api";
import { NO_BOARD_FILTER } from "./TaskPlanFields";

export const ONE_TO_FIVE = ["1", "2", "3", "4", "5"];
export const RISK_STATUSES: RiskStatus[] = ["open", "mitigating", "closed"];

/** A risk as its edit form sends it back, with `changes` applied (the links are kept unless given). */
export const riskInput = (r: Risk, changes: Partial<RiskInput> = {}): RiskInput => ({
  title: r.title,
  description: r.description,
  probability: r.probability,
  impact: r.impact,
  owner_contact_id: r.owner_contact_id,
  mitigation: r.mitigation,
  due_date: r.due_date,
  status: r.status,
  task_ids: null,
  ...changes,
});

type Scores = { probability: string; impact: string };
type ScoreProps = ReturnType<ReturnType<typeof useFieldProps<Scores>>>;

/** Probability and impact, 1–5 each, as two selects of a form. */
function ScoreSelects({ fp }: { fp: (name: keyof Scores) => ScoreProps }) {
  const { t } = useTranslation();
  return (
    <>
      <Select
        label={t("plan.risks.probability")}
        data={ONE_TO_FIVE}
        allowDeselect={false}
        {...fp("probability")}
      />
      <Select label={t("plan.risks.impact")} data={ONE_TO_FIVE} allowDeselect={false} {...fp("impact")} />
    </>
  );
}

type Values = {
  title: string;
  description: string;
  probability: string;
  impact: string;
  owner_contact_id: string | null;
  mitigation: string;
  due_date: string;
  status: RiskStatus;
  task_ids: string[];
};

/** Refreshes everything the plan shows (health reads risks). */
const usePlanRefresh = () => {
  const client = useQueryClient();
  return () =>
    Promise.all([["project"], ["dashboard"]].map((queryKey) => client.invalidateQueries({ queryKey })));
};

/** Every field of a risk, with its linked tasks and its review history. */
export function RiskForm({
  projectId,
  risk,
  onClose,
}: {
  projectId: string;
  risk: Risk;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const refresh = usePlanRefresh();
  const board = useBoard(projectId, NO_BOARD_FILTER);
  // Linked tasks deleted since stay choosable (marked), so saving keeps them.
  const live = (board.data ?? []).flatMap((c) => c.tasks).map((x) => ({ value: x.id, label: x.title }));
  const gone = risk.tasks
    .filter((x) => x.deleted)
    .map((x) => ({ value: x.id, label: t("ref.deleted", { name: x.title }) }));
  const form = useForm<Values>({
    initialValues: {
      title: risk.title,
      description: risk.description ?? "",
      probability: String(risk.probability),
      impact: String(risk.impact),
      owner_contact_id: risk.owner_contact_id,
      mitigation: risk.mitigation ?? "",
      due_date: risk.due_date ?? "",
      status: risk.status,
      task_ids: risk.tasks.map((x) => x.id),
    },
    validate: { title: required, due_date: optionalDate },
  });
  const fp = useFieldProps(form);
  const toInput = (v: Values): RiskInput => ({
    title: v.title.trim(),
    description: orNull(v.description),
    probability: Number(v.probability),
    impact: Number(v.impact),
    owner_contact_id: v.owner_contact_id,
    mitigation: orNull(v.mitigation),
    due_date: orNull(v.due_date),
    status: v.status,
    task_ids: v.task_ids,
  });
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("plan.risks.edit")}
      form={form}
      submit={(v) => unwrap(commands.riskUpdate(risk.id, toInput(v)))}
      onSaved={() => {
        void refresh();
        onClose();
      }}
    >
      <TextInput label={t("plan.risks.title")} withAsterisk data-autofocus {...fp("title")} />
      <Textarea label={t("fields.description")} autosize minRows={2} maxRows={6} {...fp("description")} />
      <SimpleGrid cols={3}>
        <ScoreSelects fp={fp} />
        <Select
          label={t("plan.risks.status")}
          data={RISK_STATUSES.map((s) => ({ value: s, label: t(`plan.risks.statusName.${s}`) }))}
          allowDeselect={false}
          {...fp("status")}
        />
      </SimpleGrid>
      <SimpleGrid cols={2}>
        <EntityPicker
          label={t("plan.risks.owner")}
          loader={loaders.contacts()}
          initial={refOption(
            t,
            risk.owner_contact_id,
            risk.owner_name,
            isDeletedRef(risk, "owner_contact_id"),
          )}
          {...fp("owner_contact_id")}
        />
        <DateField label={t("plan.risks.due")} {...fp("due_date")} />
      </SimpleGrid>
      <Textarea label={t("plan.risks.mitigation")} autosize minRows={2} maxRows={6} {...fp("mitigation")} />
      <MultiSelect
        label={t("plan.risks.tasks")}
        data={[...live, ...gone]}
        searchable
        clearable
        {...fp("task_ids")}
      />
      <ReviewHistory risk={risk} />
    </FormModal>
  );
}

/** The risk's reviews, newest first: when, the scores assessed, and the note. */
export function ReviewHistory({ risk }: { risk: Risk }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4} data-testid="risk-reviews">
      <Text size="sm" fw={500}>
        {t("plan.risks.history")}
      </Text>
      {risk.reviews.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("plan.risks.noReviews")}
        </Text>
      ) : (
        <Table fz="sm" verticalSpacing={2}>
          <Table.Tbody>
            {[...risk.reviews].reverse().map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td w={150} style={{ whiteSpace: "nowrap" }}>
                  {formatDate(r.reviewed_on)}
                </Table.Td>
                <Table.Td w={110}>
                  <Badge variant="light" color="gray">
                    {r.probability}×{r.impact}={r.score}
                  </Badge>
                </Table.Td>
                <Table.Td>{r.note ?? ""}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

type ReviewValues = {
  reviewed_on: string;
  probability: string;
  impact: string;
  note: string;
  due_date: string;
};

/** The backend names the next review `next_due`; the form shows it as the due date field. */
const reviewFieldOf = (field: string) => (field === "next_due" ? "due_date" : field);

/**
 * Records a review: the day, the scores assessed (they become the risk's), a note, and when to look again (the
 * risk's due date, which the dashboard lists when it comes near).
 */
export function ReviewForm({ risk, onClose }: { risk: Risk; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = usePlanRefresh();
  const form = useForm<ReviewValues>({
    initialValues: {
      reviewed_on: todayIso(),
      probability: String(risk.probability),
      impact: String(risk.impact),
      note: "",
      due_date: risk.due_date ?? "",
    },
    validate: { reviewed_on: (v) => required(v) ?? optionalDate(v), due_date: optionalDate },
  });
  const fp = useFieldProps(form);
  const submit = (v: ReviewValues) =>
    unwrap(
      commands.riskReview(risk.id, {
        reviewed_on: v.reviewed_on.trim(),
        probability: Number(v.probability),
        impact: Number(v.impact),
        note: orNull(v.note),
        next_due: orNull(v.due_date),
      }),
    );
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t("plan.risks.reviewTitle", { title: risk.title })}
      form={form}
      submit={submit}
      submitTestId="risk-review-save"
      fieldOf={reviewFieldOf}
      onSaved={() => {
        void refresh();
        onClose();
      }}
    >
      <SimpleGrid cols={3}>
        <DateField label={t("plan.risks.reviewedOn")} withAsterisk {...fp("reviewed_on")} />
        <ScoreSelects fp={fp} />
      </SimpleGrid>
      <Textarea label={t("plan.risks.note")} autosize minRows={2} maxRows={6} {...fp("note")} />
      <Group grow>
        <DateField label={t("plan.risks.nextReview")} {...fp("due_date")} />
      </Group>
      <ReviewHistory risk={risk} />
    </FormModal>
  );
}
