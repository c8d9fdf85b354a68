import { describe, expect, it } from "vitest";
import { renderCanned, renderSegments } from "./canned-variables";

const ctx = {
  contact: {
    name: "Dana Reyes",
    email: "dana@example.com",
    phone: null,
    attributes: { plan: "Pro", seats: 12, empty: "" },
  },
  agent: { name: "Sam" },
};

describe("renderCanned", () => {
  it("fills contact, agent and custom-attribute variables", () => {
    expect(
      renderCanned(
        "Hi {{contact.name}} ({{ contact.email }}), {{agent.name}} here. Plan {{contact.plan}} x{{contact.seats}}",
        ctx,
      ),
    ).toEqual({
      text: "Hi Dana Reyes (dana@example.com), Sam here. Plan Pro x12",
      unknown: [],
    });
    expect(renderCanned("Hi {{contact.first_name}}", ctx).text).toBe("Hi Dana");
  });

  it("leaves unknown or empty variables visible, reported once, never blank", () => {
    expect(
      renderCanned(
        "Call {{contact.phone}} / {{contact.company}} / {{contact.empty}} / {{contact.phone}} / {{foo.bar}}",
        ctx,
      ),
    ).toEqual({
      text: "Call {{contact.phone}} / {{contact.company}} / {{contact.empty}} / {{contact.phone}} / {{foo.bar}}",
      unknown: ["{{contact.phone}}", "{{contact.company}}", "{{contact.empty}}", "{{foo.bar}}"],
    });
    expect(renderCanned("Hi {{contact.name}}", { contact: null, agent: null }).unknown).toEqual(["{{contact.name}}"]);
  });

  it("keeps text that only looks like a variable", () => {
    expect(renderCanned("{{ not a var }} {single} {{contact}}", ctx)).toEqual({
      text: "{{ not a var }} {single} {{contact}}",
      unknown: [],
    });
  });

  it("segments mark each variable with its value for highlighting", () => {
    expect(renderSegments("A {{agent.name}} {{contact.x}}", ctx)).toEqual([
      { text: "A " },
      { variable: "agent.name", raw: "{{agent.name}}", value: "Sam" },
      { text: " " },
      { variable: "contact.x", raw: "{{contact.x}}", value: null },
    ]);
  });
});
