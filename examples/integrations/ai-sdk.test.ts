import { describe, expect, it } from "vitest";
import { handleTicket, scriptedDeskModel } from "./ai-sdk.js";

describe("examples/integrations/ai-sdk", () => {
  it("refunds within the limit, is denied over it, and emails once a human approved", async () => {
    const model = scriptedDeskModel();
    const { text, ended, desk, audit } = await handleTicket(model, "Please refund O-1 and O-2.");
    model.assertConsumed();
    expect(text).toBe("Refunded O-1 and told Ana; O-2 is over the desk's limit.");
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
