import { renderWithMapping, templateDefinitionSchema } from "@switchboard/contracts";
import { describe, expect, it } from "vitest";
import { componentsFromDefinition, contentFromComponents, sendComponents } from "./wire";

const named = templateDefinitionSchema.parse({
  name: "lab_invite",
  language: "en_US",
  category: "MARKETING",
  parameterFormat: "NAMED",
  header: { format: "IMAGE" },
  body: { text: "Hi {{first_name}}, {{lab}} joins for free.", examples: { first_name: "Dana", lab: "City Lab" } },
  buttons: [{ type: "URL", text: "Join", url: "https://labs.example.com/j/{{1}}", example: "abc" }],
});

describe("template wire format", () => {
  it("builds Meta's create components with named examples and the header handle", () => {
    expect(componentsFromDefinition(named, "4::h")).toEqual([
      { type: "HEADER", format: "IMAGE", example: { header_handle: ["4::h"] } },
      {
        type: "BODY",
        text: "Hi {{first_name}}, {{lab}} joins for free.",
        example: {
          body_text_named_params: [
            { param_name: "first_name", example: "Dana" },
            { param_name: "lab", example: "City Lab" },
          ],
        },
      },
      {
        type: "BUTTONS",
        buttons: [{ type: "URL", text: "Join", url: "https://labs.example.com/j/{{1}}", example: ["abc"] }],
      },
    ]);
  });

  it("renders for a contact and sends header media by id, named parameters and the URL suffix", () => {
    const content = contentFromComponents(componentsFromDefinition(named));
    const r = renderWithMapping(
      content,
      { name: "Dana Reyes", phone: null, email: null, attributes: { lab: "North Lab", code: "x9" } },
      {
        body: { first_name: { field: "first_name" }, lab: { field: "attributes.lab" } },
        buttons: { "0": { field: "attributes.code" } },
      },
    );
    expect(r.body).toBe("Hi Dana, North Lab joins for free.");
    expect(sendComponents({ parameterFormat: "NAMED", headerFormat: "IMAGE", headerMediaId: "987" }, r)).toEqual([
      { type: "header", parameters: [{ type: "image", image: { id: "987" } }] },
      {
        type: "body",
        parameters: [
          { type: "text", text: "Dana", parameter_name: "first_name" },
          { type: "text", text: "North Lab", parameter_name: "lab" },
        ],
      },
      { type: "button", sub_type: "url", index: "0", parameters: [{ type: "text", text: "x9" }] },
    ]);
  });

  it("reads authentication templates, whose text Meta writes", () => {
    const auth = templateDefinitionSchema.parse({
      name: "login_code",
      language: "en_US",
      category: "AUTHENTICATION",
      authentication: { codeExpirationMinutes: 10 },
    });
    expect(contentFromComponents(componentsFromDefinition(auth))).toMatchObject({
      body: "*{{1}}* is your verification code. For your security, do not share this code.",
      footer: "This code expires in 10 minutes.",
      buttons: [{ type: "OTHER", text: "Copy code" }],
    });
  });
});
