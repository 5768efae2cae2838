// reins/audit: the hash-chained audit log, its verification, its trace view and redaction. Everything exported is
// listed by name; how the chain is hashed is not part of it.

export type { AuditLog, AuditLogOptions } from "./audit-log.js";
export { createAuditLog } from "./audit-log.js";
export type { AuditProblem, AuditProblemKind } from "./check-chain.js";
export { formatTrace } from "./format-trace.js";
export type { RedactOptions, Redactor } from "./redact.js";
export { createRedactor, REDACTED, redactString } from "./redact.js";
export type { AuditVerification } from "./verify-audit.js";
export { verifyAudit } from "./verify-audit.js";
