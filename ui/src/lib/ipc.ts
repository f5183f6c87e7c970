import type { TFunction } from "i18next";
import { ERROR_CODES, type AppError } from "../bindings";

/** The shape every generated command resolves to (tauri-specta `typedError`). */
export type Result<T, E = AppError> = { status: "ok"; data: T } | { status: "error"; error: E };

export type ErrorCode = AppError["code"];

/** Thrown by `unwrap` so TanStack Query sees a failed command as a rejected promise with a typed payload. */
export class IpcError extends Error {
  readonly error: AppError;
  constructor(error: AppError) {
    super(`command failed: ${error.code}`);
    this.name = "IpcError";
    this.error = error;
  }
  get code(): ErrorCode {
    return this.error.code;
  }
}

/** Every code, generated from the backend's error type (see `AppError::codes` in Rust). */
const KNOWN_CODES: readonly ErrorCode[] = ERROR_CODES;

function isAppError(value: unknown): value is AppError {
  if (typeof value !== "object" || value === null || !("code" in value)) return false;
  const code = (value as { code: unknown }).code;
  return typeof code === "string" && (KNOWN_CODES as readonly string[]).includes(code);
}

/** Turns anything a command may reject with into an AppError (unknown shapes become `internal`). */
export function toAppError(err: unknown): AppError {
  if (err instanceof IpcError) return err.error;
  if (isAppError(err)) return err;
  const message = err instanceof Error ? err.message : typeof err === "string" ? err : JSON.stringify(err);
  return { code: "internal", detail: { message } };
}

/** Unwraps a tauri-specta Result into its data, or throws an IpcError carrying the AppError. */
export async function unwrap<T>(promise: Promise<Result<T, AppError>>): Promise<T> {
  let result: Result<T, AppError>;
  try {
    result = await promise;
  } catch (e) {
    throw new IpcError(toAppError(e));
  }
  if (result.status === "ok") return result.data;
  throw new IpcError(toAppError(result.error));
}

/** The localized message for an error's code. Never shows raw backend text as the main message. */
export function errorMessage(t: TFunction, err: unknown): string {
  const error = toAppError(err);
  return t(`errors:code.${error.code}`);
}

/** Maps validation errors to `{ fieldName: localized rule message }`, or null when the error is of another kind. */
export function fieldErrors(t: TFunction, err: unknown): Record<string, string> | null {
  const error = toAppError(err);
  if (error.code !== "validation") return null;
  const out: Record<string, string> = {};
  for (const f of error.detail.fields) {
    // "emails[1]" or "emails.1" → "emails": the form shows one message per input.
    const field = f.field.split(/[.[]/)[0] ?? f.field;
    if (!(field in out)) out[field] = t(`errors:rule.${f.rule}`);
  }
  return out;
}
