import type {
  RetrainingPriority,
  ReviewCorrection,
  ReviewErrorType,
  ReviewOutcome,
  ReviewRootCause,
} from "../../store/store.js";

/** A form's fields as posted: each name with its value, or its values when repeated. */
export type FormFields = Record<string, string | File | (string | File)[]>;

/** What the review form asks `recordReview` to record (its terms are checked there, with the correction). */
export interface ReviewFormInput {
  outcome: ReviewOutcome;
  errorType?: ReviewErrorType;
  rootCause?: ReviewRootCause;
  retrainingPriority?: RetrainingPriority;
  correction?: ReviewCorrection;
  note?: string;
}

/** One problem to show on the form, at the field it is about (`outcome`, `correction.fields.owner`, …). */
export interface FormIssue {
  path: string;
  message: string;
}

/** The form's names: a decision field's input is `field.<name>`, an action's `action.<i>.tool` and `action.<i>.input`. */
export const fieldPrefix = "field.";
/** Empty action rows the form offers. */
export const actionRows = 3;

function text(form: FormFields, name: string): string | undefined {
  const value = form[name];
  const one = Array.isArray(value) ? value[0] : value;
  if (typeof one !== "string") return undefined;
  const trimmed = one.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** A field's value read as JSON when it is JSON (`3`, `null`, `"x"`, `["a"]`), else as the text given (as the CLI's `--field`). */
export function fieldValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/**
 * Reads the posted review form into what `recordReview` takes. Nothing is judged here that `recordReview` judges
 * (the terms, the correction against the charter, by `checkCorrection`); only what the form's own shape can get
 * wrong: an action's input that is not JSON, or without its tool. Empty inputs are left out: a decision or field left
 * blank is not corrected. Up to 100 action rows are read (`action.0` … `action.99`).
 */
export function readReviewForm(
  form: FormFields,
): { ok: true; input: ReviewFormInput } | { ok: false; issues: FormIssue[] } {
  const issues: FormIssue[] = [];
  const correction: Record<string, unknown> = {};
  const decision = text(form, "decision");
  if (decision !== undefined) correction.decision = decision;
  const fields: Record<string, unknown> = {};
  for (const name of Object.keys(form)) {
    if (!name.startsWith(fieldPrefix)) continue;
    const raw = text(form, name);
    if (raw !== undefined) fields[name.slice(fieldPrefix.length)] = fieldValue(raw);
  }
  if (Object.keys(fields).length > 0) correction.fields = fields;
  const actions: unknown[] = [];
  const rows = [
    ...new Set(
      Object.keys(form).flatMap((name) => {
        const match = /^action\.(\d{1,2})\.(tool|input)$/.exec(name);
        return match === null ? [] : [Number(match[1])];
      }),
    ),
  ].sort((a, b) => a - b);
  for (const i of rows) {
    const tool = text(form, `action.${i}.tool`);
    const input = text(form, `action.${i}.input`);
    if (tool === undefined) {
      if (input !== undefined)
        issues.push({
          path: `correction.actions[${actions.length}].tool`,
          message: "name the tool this input is for",
        });
      continue;
    }
    let parsed: unknown = {};
    if (input !== undefined) {
      try {
        parsed = JSON.parse(input);
      } catch (error) {
        issues.push({
          path: `correction.actions[${actions.length}].input`,
          message: `is not JSON (${(error as Error).message}); give the tool's input as a JSON object`,
        });
      }
    }
    actions.push({ tool, input: parsed });
  }
  if (actions.length > 0) correction.actions = actions;
  if (issues.length > 0) return { ok: false, issues };
  const term = <T extends string>(name: string) => text(form, name) as T | undefined;
  const errorType = term<ReviewErrorType>("errorType");
  const rootCause = term<ReviewRootCause>("rootCause");
  const retrainingPriority = term<RetrainingPriority>("retrainingPriority");
  const note = text(form, "note");
  return {
    ok: true,
    input: {
      outcome: (text(form, "outcome") ?? "") as ReviewOutcome,
      ...(errorType === undefined ? {} : { errorType }),
      ...(rootCause === undefined ? {} : { rootCause }),
      ...(retrainingPriority === undefined ? {} : { retrainingPriority }),
      ...(Object.keys(correction).length === 0 ? {} : { correction: correction as ReviewCorrection }),
      ...(note === undefined ? {} : { note }),
    },
  };
}

/** The problems of a refused review, each at its field: a `ValidationError`'s issues, or a `UserError`'s path. */
export function formIssues(error: {
  message: string;
  path?: string | undefined;
  issues?: readonly { path?: string | undefined; message: string }[];
}): FormIssue[] {
  if (Array.isArray(error.issues))
    return error.issues.map((issue) => ({ path: issue.path ?? "correction", message: issue.message }));
  return [{ path: error.path ?? "form", message: error.message }];
}
