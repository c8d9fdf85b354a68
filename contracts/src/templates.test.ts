import { describe, expect, it } from "vitest";
import { fillTemplate, placeholders, templateParts } from "./templates";

describe("template placeholders (shared by the server and the console)", () => {
  it("lists positional and named placeholders once, in order of first appearance", () => {
    expect(placeholders("Hi {{1}}, your order {{2}} ships {{ 1 }} day")).toEqual(["1", "2"]);
    expect(placeholders("Dear {{customer.name}}, code {{code}}")).toEqual(["customer.name", "code"]);
    expect(placeholders("No parameters, {single} braces {{}}")).toEqual([]);
  });

  it("fills each placeholder with its parameter and leaves missing ones visible", () => {
    expect(fillTemplate("Hi {{1}}, order {{2}} for {{1}}", ["Ann", "#42"])).toBe("Hi Ann, order #42 for Ann");
    expect(fillTemplate("Hi {{name}}, {{code}}", ["Ann"])).toBe("Hi Ann, {{code}}");
  });

  it("splits a body into text and parameters for the preview", () => {
    expect(templateParts("Hi {{1}}!")).toEqual([{ text: "Hi " }, { param: "1", index: 0 }, { text: "!" }]);
  });
});
