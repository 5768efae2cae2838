import { describe, expect, it } from "vitest";
import { handleTicket, scriptedDeskModelV4 } from "./ai-sdk-7.js";

describe("examples/integrations/ai-sdk-7", () => {
  it("refunds within the limit, is denied over it, and emails once a human approved the gate's request", async () => {
    const model = scriptedDeskModelV4();
    const { text, requests, ended, desk, audit } = await handleTicket(model, "Please refund O-1 and O-2.");
    model.assertConsumed();
    expect(text).toBe("Refunded O-1 and told Ana; O-2 is over the desk's limit.");
    expect(requests.map((r) => [r.toolCall.toolCallId, r.reason])).toEqual([
      [
        "t4",
        expect.stringMatching(
          /^"email_customer" communicates outside the organisation and always needs approval; Reins approval appr_[0-9a-f]{16}$/,
        ),
      ],
    ]);
    expect(ended.toolCalls.map((c) => [c.callId, c.status])).toEqual([
      ["t3", "denied"],
      ["t1", "executed"],
      ["t2", "executed"],
      ["t4", "executed"],
    ]);
    expect(desk.refunds).toEqual([{ orderId: "O-1", amount: 80 }]);
    expect(desk.emails).toEqual([{ to: "ana@example.com", body: "Your refund of 80 is on its way." }]);
    expect(audit).toMatchObject({ ok: true, runs: 1 });
  });
});
