import type { SlaCondition } from "@switchboard/contracts";
import { describe, expect, it } from "vitest";
import { type SlaSubject, selectPolicy } from "./select-policy";

const team = "5b0c3f3e-1c1a-4d4e-9a53-2f3e7a1b9c01";
const p = (id: string, conditions: SlaCondition[]) => ({ id, conditions });
const subject: SlaSubject = { priority: "high", channel: "telegram", teamId: team, tags: ["Billing", "vip"] };

describe("selectPolicy", () => {
  it("takes the first policy whose conditions all hold", () => {
    const policies = [
      p("urgent-only", [{ field: "priority", in: ["urgent"] }]),
      p("billing-on-whatsapp", [
        { field: "tag", in: ["billing"] },
        { field: "channel", in: ["whatsapp"] },
      ]),
      p("team", [{ field: "team", in: [team] }]),
      p("catch-all", []),
    ];
    expect(selectPolicy(policies, subject)?.id).toBe("team");
    expect(selectPolicy(policies, { ...subject, teamId: null })?.id).toBe("catch-all");
    expect(selectPolicy(policies, { ...subject, channel: "whatsapp" })?.id).toBe("billing-on-whatsapp");
    expect(selectPolicy(policies, { ...subject, priority: "urgent" })?.id).toBe("urgent-only");
  });

  it("matches tags case-insensitively and never matches a missing channel or team", () => {
    expect(selectPolicy([p("t", [{ field: "tag", in: ["BILLING"] }])], subject)?.id).toBe("t");
    expect(selectPolicy([p("c", [{ field: "channel", in: ["telegram"] }])], { ...subject, channel: null })).toBeNull();
    expect(selectPolicy([p("m", [{ field: "team", in: [team] }])], { ...subject, teamId: null })).toBeNull();
    expect(selectPolicy([], subject)).toBeNull();
  });
});

describe("contact-field conditions", () => {
  const vip = p("vip", [{ field: "contactField", key: "plan", op: "equals", values: ["Gold"] }]);
  const listed = p("listed", [{ field: "contactField", key: "tier", op: "in", values: ["1", "2"] }]);
  const known = p("known", [{ field: "contactField", key: "account", op: "exists", values: [] }]);
  const policies = [vip, listed, known, p("catch-all", [])];
  const pick = (contactFields: SlaSubject["contactFields"]) =>
    selectPolicy(policies, { ...subject, contactFields })?.id;

  it("compares values as text, case-insensitively, and falls through when they differ", () => {
    expect(pick({ plan: "gold" })).toBe("vip");
    expect(pick({ plan: "silver", tier: 2 })).toBe("listed");
    expect(pick({ plan: "silver", tier: 3, account: "A-1" })).toBe("known");
    expect(pick({ plan: "silver", tier: 3 })).toBe("catch-all");
  });

  it("never matches a missing contact, a missing field, or an empty value", () => {
    expect(pick(null)).toBe("catch-all");
    expect(pick(undefined)).toBe("catch-all");
    expect(pick({ account: "" })).toBe("catch-all");
    expect(pick({ account: null, plan: { nested: "gold" } })).toBe("catch-all");
  });
});
