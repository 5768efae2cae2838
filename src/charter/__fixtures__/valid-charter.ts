/** A small, valid charter in YAML, with line numbers that the loader tests rely on. */
export const validCharterYaml = `name: triage
version: 2
trigger:
  event: ticket_created
input:
  type: object
  required: [ticketId]
  properties:
    ticketId: { type: string }
    body: { type: string }
decision:
  options: [route, close, escalate_to_human]
  fields:
    queue: { enum: [billing, tech, sales] }
  confidenceThreshold: 0.8
tools:
  allowed: [lookup, draft_reply]
  forbidden: [delete_account]
escalation:
  - reason: angry_customer
    when: The customer threatens to leave.
autonomy: draft
instructions: Triage the ticket.
policies:
  - name: one-draft
    tool: draft_reply
    maxCalls: 1
`;
