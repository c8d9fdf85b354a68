/**
 * The callee's answers to the default flow ("lab partnership invitation") with the scripted brain
 * (no language model configured): consent, interest, lab name, city, tests, contact person and role,
 * WhatsApp number, no more questions, a follow-up slot. Shared by the sandbox call and call-campaign
 * tests and journeys, which all play the same conversation.
 */
export const LAB_CALLEE = [
  "yes, go ahead",
  "Yes, we would like to join",
  "It's Sunrise Diagnostics",
  "yes",
  "We are in Pune",
  "Blood tests, thyroid profile and X-ray",
  "Priya Sharma",
  "yes",
  "She is the lab manager",
  "98765 43210",
  "yes",
  "no, that's all",
  "Tomorrow at 11 am",
] as const;
