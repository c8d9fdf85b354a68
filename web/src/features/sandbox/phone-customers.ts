import type { ProviderType } from "@/lib/types";

// Varied, realistic names (several languages and regions), so two sandbox customers are not both
// "Dana" next to the demo's Dana Reyes.
const NAMES = [
  "Amara Okafor",
  "Lucía Fernández",
  "Kenji Watanabe",
  "Priya Raman",
  "Tomás Novák",
  "Fatima Zahra Benali",
  "Liam O'Connor",
  "Mei Lin Chen",
  "Jonas Becker",
  "Aisha Mensah",
  "Mateus Oliveira",
  "Sofia Rossi",
  "Yusuf Demir",
  "Hannah Kowalski",
  "Arjun Mehta",
  "Chloé Martin",
  "Ngozi Adeyemi",
  "Erik Lindqvist",
  "Camila Torres",
  "Hyun-woo Park",
  "Olivia Brooks",
  "Omar Haddad",
  "Ingrid Solberg",
  "Diego Ramírez",
  "Thandiwe Dlamini",
  "Nikolai Petrov",
  "Grace Nakamura",
  "Rafael Costa",
  "Zeynep Aydın",
  "Samuel Asante",
];

const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join("");

/** Ids shaped like each app's: a UK drama number (07700 900xxx) on WhatsApp, numeric ids elsewhere. */
const ids: Record<ProviderType, () => string> = {
  whatsapp: () => `447700900${digits(3)}`,
  telegram: () => `5${digits(9)}`,
  instagram: () => `65${digits(14)}`,
  x: () => `15${digits(16)}`,
};

export function randomCustomer(type: ProviderType, avoid?: string): { id: string; name: string } {
  const pool = NAMES.filter((n) => n !== avoid);
  return { id: ids[type](), name: pool[Math.floor(Math.random() * pool.length)]! };
}

const key = (channelId: string) => `sb.sandbox.customer.${channelId}`;

/** The customer last played on this channel (so a reload goes on with the same person), or a new one. */
export function loadCustomer(channelId: string, type: ProviderType): { id: string; name: string } {
  try {
    const saved = JSON.parse(localStorage.getItem(key(channelId)) ?? "null") as { id?: unknown; name?: unknown } | null;
    if (saved && typeof saved.id === "string" && typeof saved.name === "string")
      return { id: saved.id, name: saved.name };
  } catch {
    // unreadable: start with someone new
  }
  // Kept at once, not only when changed: a reload (or a server restart) goes on with this person.
  const fresh = randomCustomer(type);
  saveCustomer(channelId, fresh);
  return fresh;
}

export function saveCustomer(channelId: string, c: { id: string; name: string }) {
  try {
    localStorage.setItem(key(channelId), JSON.stringify(c));
  } catch {
    // storage full or blocked: the customer just won't survive a reload
  }
}
