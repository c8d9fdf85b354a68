import { describe, expect, it } from "vitest";
import { acceptAttribute } from "../../../../../contracts/src/capability-rules";
import { attachHint, type Capabilities, describeTypes, fileProblem } from "./capability-check";

const MB = 1024 * 1024;
const base = { templates: false, replyWindow: "none", typing: false, readReceipts: false, edits: false } as const;
const whatsapp: Capabilities = {
  ...base,
  label: "WhatsApp",
  text: { maxLength: 4096 },
  attachments: {
    types: [
      { type: "image/png", maxBytes: 5 * MB },
      { type: "video/mp4", maxBytes: 10 * MB },
      { type: "application/pdf", maxBytes: 10 * MB },
    ],
    maxPerMessage: 10,
  },
};
const telegram: Capabilities = {
  ...base,
  label: "Telegram",
  text: { maxLength: 40960 },
  attachments: { types: [{ type: "*/*", maxBytes: 10 * MB }], maxPerMessage: 10 },
};
const textOnly: Capabilities = { ...base, label: "SMS", text: { maxLength: 160 }, attachments: null };

describe("composer capability checks", () => {
  it("accepts what the channel sends, per type and size", () => {
    expect(fileProblem(whatsapp, { name: "a.png", type: "image/png", size: 4 * MB })).toBeNull();
    expect(fileProblem(whatsapp, { name: "a.png", type: "image/png", size: 6 * MB })).toBe(
      "a.png is larger than 5 MB, the most WhatsApp sends.",
    );
    expect(fileProblem(whatsapp, { name: "logs.zip", type: "application/zip", size: 10 })).toBe(
      "WhatsApp can't send logs.zip: it sends images, videos and PDFs.",
    );
    expect(fileProblem(telegram, { name: "logs.zip", type: "application/zip", size: 10 })).toBeNull();
    expect(fileProblem(textOnly, { name: "a.png", type: "image/png", size: 1 })).toBe("SMS can't send files.");
  });

  it("builds the file picker's accept list and the attach hint", () => {
    expect(acceptAttribute(whatsapp)).toBe("image/png,video/mp4,application/pdf");
    expect(acceptAttribute(telegram)).toBe("");
    expect(describeTypes(telegram)).toBe("any file");
    expect(attachHint(whatsapp)).toBe("Attach images, videos and PDFs (up to 10 MB, 10 per message)");
    expect(attachHint(textOnly)).toBe("SMS can't send files");
  });
});
