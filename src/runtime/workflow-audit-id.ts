/** The audit chain for workflow-level events (pause, flag, resume, autonomy certified or demoted). */
export const workflowAuditId = (charter: string) => `workflow:${charter}`;
