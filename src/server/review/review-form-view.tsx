import {
  retrainingPriorities,
  reviewErrorTypes,
  reviewOutcomes,
  reviewRootCauses,
} from "../../review/review-terms.js";
import { CsrfInput } from "../html/forms.js";
import { actionRows, type FormFields, type FormIssue, fieldPrefix } from "./review-form.js";

export interface ReviewFormProps {
  action: string;
  csrfToken: string | undefined;
  /** The charter's decision options, decision fields and allowed tools. */
  options: readonly string[];
  fields: readonly string[];
  tools: readonly string[];
  /** What was posted, shown again when the review was refused. */
  values: FormFields;
  issues: readonly FormIssue[];
}

function value(values: FormFields, name: string): string {
  const v = values[name];
  const one = Array.isArray(v) ? v[0] : v;
  return typeof one === "string" ? one : "";
}

/** Issues at `path` or under it (`correction.fields.owner` is under `correction.fields`). */
function issuesAt(issues: readonly FormIssue[], path: string): FormIssue[] {
  return issues.filter((issue) => issue.path === path || issue.path.startsWith(`${path}.`));
}

function Issues({ issues }: { issues: readonly FormIssue[] }) {
  return (
    <>
      {issues.map((issue) => (
        <p class="issue" data-path={issue.path}>
          {issue.message}
        </p>
      ))}
    </>
  );
}

function Select(props: {
  name: string;
  /** The issues' path for this input, when it is not its name (`correction.decision` for `decision`). */
  path?: string;
  label: string;
  choices: readonly string[];
  values: FormFields;
  issues: readonly FormIssue[];
  empty: string;
}) {
  const chosen = value(props.values, props.name);
  const here = issuesAt(props.issues, props.path ?? props.name);
  return (
    <label>
      {props.label}
      <select name={props.name} class={here.length > 0 ? "invalid" : undefined}>
        <option value="">{props.empty}</option>
        {props.choices.map((choice) => (
          <option value={choice} selected={choice === chosen}>
            {choice}
          </option>
        ))}
      </select>
      <Issues issues={here} />
    </label>
  );
}

/**
 * The structured review of issue 14: outcome (the button pressed: approve, edit, reject, escalate), error type, the
 * exact correction (decision, fields, actions), root cause, retraining priority, a note. Each problem `recordReview`
 * finds is shown at its field. Keys `a`, `e`, `r` press the buttons (the bundled script; nothing inline).
 */
export function ReviewForm(props: ReviewFormProps) {
  const { values, issues } = props;
  const known = new Set([
    "outcome",
    "errorType",
    "rootCause",
    "retrainingPriority",
    "note",
    "correction.decision",
    ...props.fields.map((f) => `correction.fields.${f}`),
    ...Array.from({ length: actionRows }, (_, i) => `correction.actions[${i}]`),
  ]);
  const elsewhere = issues.filter(
    (issue) => ![...known].some((path) => issue.path === path || issue.path.startsWith(`${path}.`)),
  );
  const rows = Math.max(
    actionRows,
    ...Object.keys(values).flatMap((name) => {
      const match = /^action\.(\d{1,2})\./.exec(name);
      return match === null ? [] : [Number(match[1]) + 1];
    }),
  );
  return (
    <form class="review card" method="post" action={props.action} id="review-form">
      <CsrfInput token={props.csrfToken} />
      <h2>Your review</h2>
      {issues.length > 0 ? (
        <div class="notice bad" id="form-issues">
          <p>
            Nothing was recorded: {issues.length} problem{issues.length === 1 ? "" : "s"}, shown at their
            fields.
          </p>
          <Issues issues={[...issuesAt(issues, "outcome"), ...elsewhere]} />
        </div>
      ) : null}
      <fieldset>
        <legend>What went wrong</legend>
        <div class="row">
          <Select
            name="errorType"
            label="error type"
            choices={reviewErrorTypes}
            values={values}
            issues={issues}
            empty="(none)"
          />
          <Select
            name="rootCause"
            label="root cause"
            choices={reviewRootCauses}
            values={values}
            issues={issues}
            empty="(none)"
          />
          <Select
            name="retrainingPriority"
            label="retraining priority"
            choices={retrainingPriorities}
            values={values}
            issues={issues}
            empty="(none)"
          />
        </div>
      </fieldset>
      <fieldset id="correction">
        <legend>The exact correction (for an edit: what the run should have done)</legend>
        <div class="row">
          <Select
            name="decision"
            label="decision"
            choices={props.options}
            values={values}
            path="correction.decision"
            issues={issues}
            empty="(as the run decided)"
          />
        </div>
        <div class="row">
          {props.fields.map((field) => {
            const here = issuesAt(issues, `correction.fields.${field}`);
            return (
              <label>
                {`field ${field}`}
                <input
                  name={`${fieldPrefix}${field}`}
                  value={value(values, `${fieldPrefix}${field}`)}
                  placeholder="(as the run had it; JSON or text)"
                  class={here.length > 0 ? "invalid" : undefined}
                />
                <Issues issues={here} />
              </label>
            );
          })}
        </div>
        {Array.from({ length: rows }, (_, i) => {
          const here = issuesAt(issues, `correction.actions[${i}]`);
          return (
            <div class="row action-row">
              <label>
                {`action ${i + 1}: tool`}
                <select name={`action.${i}.tool`} class={here.length > 0 ? "invalid" : undefined}>
                  <option value="">(none)</option>
                  {props.tools.map((tool) => (
                    <option value={tool} selected={tool === value(values, `action.${i}.tool`)}>
                      {tool}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                input (JSON)
                <textarea name={`action.${i}.input`} rows={2}>
                  {value(values, `action.${i}.input`)}
                </textarea>
              </label>
              <Issues issues={here} />
            </div>
          );
        })}
      </fieldset>
      <label>
        note (kept redacted)
        <textarea name="note" rows={2}>
          {value(values, "note")}
        </textarea>
      </label>
      <div class="actions">
        {reviewOutcomes.map((outcome) => {
          const key = { approved: "a", edited: "e", rejected: "r", escalated: undefined }[outcome];
          const label = {
            approved: "Approve",
            edited: "Record the edit",
            rejected: "Reject",
            escalated: "Escalate",
          }[outcome];
          return (
            <button
              type="submit"
              name="outcome"
              value={outcome}
              class={outcome === "approved" ? "primary" : outcome === "rejected" ? "danger" : undefined}
              {...(key === undefined ? {} : { "data-key": key })}
            >
              {label}
              {key === undefined ? null : (
                <>
                  {" "}
                  <kbd>{key}</kbd>
                </>
              )}
            </button>
          );
        })}
      </div>
    </form>
  );
}
