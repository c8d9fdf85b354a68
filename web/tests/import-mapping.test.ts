import { describe, expect, it } from "vitest";
import { guessMapping, toMapping } from "@/features/contacts/import/mapping";

const fields = [
  { key: "plan", label: "Plan", type: "choice" as const, options: ["Basic", "Pro"], createdAt: "" },
  { key: "orders", label: "Orders", type: "number" as const, options: [], createdAt: "" },
];

describe("the import wizard's first mapping", () => {
  it("recognises common headers in several languages, custom fields by key or label, each target once", () => {
    const guess = guessMapping(
      [
        "Nombre",
        "Teléfono",
        "Correo",
        "WhatsApp",
        "Etiquetas",
        "Marketing opt-in",
        "Consent date",
        "plan",
        "Orders",
        "Notes",
      ],
      fields,
    );
    expect(guess).toEqual({
      Nombre: "name",
      Teléfono: "phone",
      Correo: "email",
      WhatsApp: "ignore",
      Etiquetas: "tags",
      "Marketing opt-in": "consent",
      "Consent date": "consentAt",
      plan: "field:plan",
      Orders: "field:orders",
      Notes: "ignore",
    });
  });

  it("gives the API's mapping only once a phone column is chosen", () => {
    expect(toMapping({ Name: "name", Email: "email" })).toBeNull();
    expect(toMapping({ Name: "name", Mobile: "phone", Plan: "field:plan", Other: "ignore" })).toEqual({
      name: "Name",
      phone: "Mobile",
      fields: { plan: "Plan" },
    });
  });
});
