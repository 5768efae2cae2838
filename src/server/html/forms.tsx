import { csrfField } from "../auth/csrf.js";

/** The hidden field every form carries: the session's CSRF token (see `csrfMiddleware`). */
export function CsrfInput({ token }: { token: string | undefined }) {
  return <input type="hidden" name={csrfField} value={token ?? ""} />;
}
