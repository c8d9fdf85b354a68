/**
 * The responder benchmark's knowledge base: 50 products × 10 help topics = 500 published articles of
 * three sections each (~1,500 chunks), shaped like a small shop's help centre, and questions a
 * customer would type about them (each names its product and topic, so the matcher is sure).
 */
const BRANDS = [
  "Aurora",
  "Zephyr",
  "Nimbus",
  "Solstice",
  "Vertex",
  "Harbor",
  "Cobalt",
  "Juniper",
  "Meridian",
  "Quartz",
];
const ITEMS = ["blender", "kettle", "vacuum", "router", "headphones"];
export const PRODUCTS = BRANDS.flatMap((b) => ITEMS.map((i) => `${b} ${i}`));

const FILLER =
  "Keep your order number at hand; you find it in the confirmation email and on your account page. " +
  "Our team answers on weekdays and most requests are settled the same day. " +
  "If anything is unclear, write to us in the chat and mention the product's serial number.";

interface Topic {
  title: (p: string) => string;
  sections: [string, string][];
  questions: ((p: string) => string)[];
}

const TOPICS: Topic[] = [
  {
    title: (p) => `Returning the ${p}`,
    sections: [
      ["Return window", "You can return it within 30 days of delivery, unused and in its original box."],
      ["Return label", "Print the prepaid return label from your order page and drop the parcel at a post office."],
      ["Refund timing", "Refunds reach the original payment method within 5 business days after the parcel arrives."],
    ],
    questions: [(p) => `How do I return the ${p}?`, (p) => `Can I still return my ${p} after two weeks?`],
  },
  {
    title: (p) => `Setting up the ${p}`,
    sections: [
      ["Unboxing", "Remove the protective film and keep the quick start card; the accessories are under the tray."],
      ["First start", "Plug it in, hold the power button for three seconds and wait for the light to turn white."],
      ["Pairing with the app", "Open the app, tap Add device and follow the steps; pairing takes about a minute."],
    ],
    questions: [(p) => `How do I set up my new ${p}?`, (p) => `How do I pair the ${p} with the app?`],
  },
  {
    title: (p) => `Warranty for the ${p}`,
    sections: [
      ["What is covered", "The warranty covers manufacturing defects for two years from the date of purchase."],
      ["What is not covered", "Damage from drops, water or unauthorised repairs is not covered by the warranty."],
      ["Making a claim", "Send us the order number and a short video of the fault; we arrange the pickup."],
    ],
    questions: [(p) => `What does the ${p} warranty cover?`, (p) => `How do I make a warranty claim for my ${p}?`],
  },
  {
    title: (p) => `Cleaning the ${p}`,
    sections: [
      ["Daily care", "Wipe it with a soft damp cloth after use; never use abrasive sponges or solvents."],
      ["Deep cleaning", "Once a month, take the removable parts off and wash them in warm soapy water."],
      ["Dishwasher", "Only the parts marked with the dishwasher symbol may go in the top rack."],
    ],
    questions: [(p) => `How should I clean the ${p}?`, (p) => `Can parts of the ${p} go in the dishwasher?`],
  },
  {
    title: (p) => `Delivery of the ${p}`,
    sections: [
      ["Delivery times", "Standard delivery takes 2 to 4 business days; express delivery arrives the next day."],
      ["Tracking", "A tracking link is emailed as soon as the parcel leaves our warehouse."],
      ["International delivery", "We ship to 40 countries; duties are shown at checkout before you pay."],
    ],
    questions: [(p) => `How long does delivery of the ${p} take?`, (p) => `Do you ship the ${p} internationally?`],
  },
  {
    title: (p) => `Troubleshooting the ${p}`,
    sections: [
      ["It does not turn on", "Check the socket with another device, then hold the power button for ten seconds."],
      ["Strange noises", "A rattling sound usually means a loose part: switch it off and reseat the attachments."],
      ["Error light", "A blinking red light asks for a reset: unplug it for one minute and plug it back in."],
    ],
    questions: [(p) => `My ${p} does not turn on, what can I do?`, (p) => `Why is my ${p} making strange noises?`],
  },
  {
    title: (p) => `Spare parts for the ${p}`,
    sections: [
      ["Ordering parts", "Spare parts are sold on the product page under Accessories and ship within two days."],
      ["Compatible parts", "Only parts with the same model number fit; older generations are not compatible."],
      ["Free replacements", "Parts that break within the warranty period are replaced free of charge."],
    ],
    questions: [(p) => `Where can I order spare parts for the ${p}?`, (p) => `Which spare parts fit my ${p}?`],
  },
  {
    title: (p) => `Updating the ${p} firmware`,
    sections: [
      ["Automatic updates", "Updates install overnight when the device is connected and idle."],
      ["Manual update", "In the app, open the device, choose Settings, then Firmware, then Update now."],
      ["Failed update", "If an update fails, restart the device; it returns to the previous version by itself."],
    ],
    questions: [
      (p) => `How do I update the firmware of the ${p}?`,
      (p) => `The ${p} firmware update failed, what now?`,
    ],
  },
  {
    title: (p) => `Paying for the ${p} in instalments`,
    sections: [
      ["Instalment plans", "Orders over 100 euros can be paid in three or six monthly instalments without fees."],
      ["Eligibility", "Instalments need a billing address in the EU and a card valid for the whole plan."],
      ["Early repayment", "You can pay the remaining instalments at any time from your account page."],
    ],
    questions: [(p) => `Can I pay for the ${p} in instalments?`, (p) => `How do I repay the ${p} instalments early?`],
  },
  {
    title: (p) => `Recycling the ${p}`,
    sections: [
      ["Take-back programme", "Send an old device back with the free label and we recycle it responsibly."],
      ["Batteries", "Remove batteries first and bring them to a battery collection point."],
      ["Trade-in credit", "Recycling an old device earns a 10 euro voucher for your next order."],
    ],
    questions: [(p) => `How do I recycle my old ${p}?`, (p) => `Do I get credit for recycling the ${p}?`],
  },
];

/** The 500 articles, as POST /api/knowledge/articles bodies. */
export function articles(): { title: string; body: string; status: "published" }[] {
  return PRODUCTS.flatMap((p) =>
    TOPICS.map((t) => ({
      title: t.title(p),
      status: "published" as const,
      body: t.sections.map(([h, text]) => `# ${h}\n\n${text} ${FILLER}`).join("\n\n"),
    })),
  );
}

/** Question i: a product and topic spread over the base; consecutive questions never repeat. */
export function question(i: number): string {
  const p = PRODUCTS[(i * 7) % PRODUCTS.length]!;
  const t = TOPICS[(i * 3) % TOPICS.length]!;
  return t.questions[Math.floor(i / TOPICS.length) % t.questions.length]!(p);
}
