import { useEffect, useRef, useState, type ReactNode } from "react";
import { Alert, Button, Group, Modal, Stack } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { registerPending } from "../lib/closeGuard";
import { errorMessage, fieldErrors } from "../lib/ipc";
import { parseDate } from "../lib/time";

/** Props that wire a Mantine input to the form, the test ids, and a translated error (errors hold i18n keys). */
export function useFieldProps<V extends Record<string, unknown>>(form: UseFormReturnType<V>) {
  const { t } = useTranslation();
  return (name: keyof V & string, opts: { type?: "checkbox" } = {}) => {
    const props = form.getInputProps(name, opts);
    const raw = form.errors[name];
    return {
      ...props,
      error: typeof raw === "string" ? t(raw) : raw,
      errorProps: { "data-testid": `field-error-${name}` },
      "data-testid": `field-${name}`,
    };
  };
}

/** Thrown by a `submit` the user stopped part-way (a follow-up question answered with Cancel): the dialog stays
 * open with what was typed, and shows no error. */
export class Abandoned extends Error {}

export const required = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? "errors:rule.required" : null;

interface FormModalProps<V extends Record<string, unknown>, R> {
  opened: boolean;
  onClose: () => void;
  title: string;
  form: UseFormReturnType<V>;
  /** Calls the command; throws IpcError on failure. */
  submit: (values: V) => Promise<R>;
  onSaved: (result: R) => void;
  children: ReactNode;
  size?: string | number;
  /** data-testid of the submit button ("form-submit" unless a form needs its own). */
  submitTestId?: string;
  /** Maps a backend field path to the form field that shows its error, when the two differ. */
  fieldOf?: (field: string) => string;
}

/**
 * A create/edit dialog. The backend is the source of truth: validation errors go under their fields (the dialog
 * stays open with what was typed), any other error shows its localized message above the buttons.
 */
export function FormModal<V extends Record<string, unknown>, R>({
  opened,
  onClose,
  title,
  form,
  submit,
  onSaved,
  children,
  size = "lg",
  submitTestId = "form-submit",
  fieldOf = (field) => field,
}: FormModalProps<V, R>) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  /** Submits; true when saved, false when the dialog stays open with errors. */
  const handle = async (values: V): Promise<boolean> => {
    setFormError(null);
    setBusy(true);
    try {
      const result = await submit(values);
      onSaved(result);
      return true;
    } catch (err) {
      if (err instanceof Abandoned) return false;
      const fields = fieldErrors(t, err);
      if (fields) {
        const keyed: Record<string, string> = {};
        let unplaced = 0;
        // Store i18n keys (not text) so a language switch re-translates them.
        for (const { field, rule } of ruleList(err)) {
          const name = fieldOf(field);
          const top = name.split(/[.[]/)[0] ?? name;
          const target = name in form.values ? name : top in form.values ? top : null;
          if (target === null) unplaced += 1;
          else keyed[target] ??= `errors:rule.${rule}`;
        }
        form.setErrors(keyed);
        if (unplaced > 0) setFormError(t("errors:code.validation"));
      } else {
        setFormError(errorMessage(t, err));
      }
      return false;
    } finally {
      setBusy(false);
    }
  };

  // While open with changes, closing the window asks whether to save them.
  const latest = useRef({ title, form, handle });
  useEffect(() => {
    latest.current = { title, form, handle };
  });
  useEffect(() => {
    if (!opened) return;
    return registerPending({
      kind: "ask",
      title: () => latest.current.title,
      dirty: () => latest.current.form.isDirty(),
      save: async () => {
        const { form: f, handle: h } = latest.current;
        if (f.validate().hasErrors) return false;
        return h(f.getValues());
      },
    });
  }, [opened]);

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      size={size}
      closeButtonProps={{ "aria-label": t("actions.close") }}
    >
      <form
        data-testid="entity-form"
        noValidate
        onSubmit={form.onSubmit((v) => void handle(v))}
        aria-label={title}
      >
        <Stack gap="sm">
          {children}
          {formError && (
            <Alert color="red" icon={<IconAlertTriangle size={18} />} data-testid="form-error" role="alert">
              {formError} {t("errors:hint.fixAndRetry")}
            </Alert>
          )}
          <Group justify="flex-end" mt="xs" className="ld-form-footer">
            <Button variant="default" data-testid="form-cancel" onClick={onClose}>
              {t("actions.cancel")}
            </Button>
            <Button type="submit" data-testid={submitTestId} loading={busy}>
              {t("actions.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ruleList(err: unknown): { field: string; rule: string }[] {
  const e = err as { error?: { code?: string; detail?: { fields?: { field: string; rule: string }[] } } };
  return e.error?.detail?.fields ?? [];
}

/** Optional calendar dates are typed as YYYY-MM-DD (fast from the keyboard, unambiguous in both languages) and must
 * be real dates: 2026-02-30 is refused, not rolled over to March. */
export const optionalDate = (value: unknown) =>
  typeof value === "string" && value.trim() !== "" && !parseDate(value) ? "errors:rule.invalid_date" : null;

/** "" → null for optional text inputs. */
export const orNull = (s: string | null | undefined): string | null => {
  const v = (s ?? "").trim();
  return v === "" ? null : v;
};

/** Splits "a@x.com, b@y.com" or one-per-line into a list. */
export const splitList = (s: string): string[] =>
  s
    .split(/[,;，；\n]+/)
    .map((x) => x.trim())
    .filter(Boolean);

export const numOrNull = (v: string | number | null | undefined): number | null => {
  if (v === "" || v === null || v === undefined) return null;
  const n = typeof v === "number" ? v : Number(v);
  return Number.isFinite(n) ? n : null;
};
