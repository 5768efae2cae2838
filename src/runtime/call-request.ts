/** One call an agent proposes. */
export interface CallRequest {
  callId: string;
  toolName: string;
  input: unknown;
  confidence?: number;
  basedOn?: string[];
}
