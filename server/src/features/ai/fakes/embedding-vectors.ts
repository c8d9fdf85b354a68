/**
 * The fakes' embeddings: deterministic, so a test can say which chunk a question lands on. Each word
 * is lower-cased, crudely stemmed and mapped through a small synonym table to a concept, and the
 * concepts are feature-hashed (signed) into `dims` buckets, then normalised. Two texts sharing
 * concepts are similar; texts sharing none are near 0. The synonyms are what let a paraphrase with
 * no word in common with a chunk ("reimbursement" for "refund") be found by the vector list only.
 */
const SYNONYMS: Record<string, string> = {
  reimburse: "refund",
  reimbursement: "refund",
  repay: "refund",
  repayment: "refund",
  moneyback: "refund",
  parcel: "package",
  shipment: "package",
  courier: "shipping",
  delivery: "shipping",
  deliver: "shipping",
  ship: "shipping",
  terminate: "cancel",
  unsubscribe: "cancel",
  passcode: "password",
  passphrase: "password",
  signin: "login",
  logon: "login",
  cost: "price",
  fee: "price",
  charge: "price",
  broken: "damage",
  damaged: "damage",
  defective: "damage",
  swap: "exchange",
  replace: "exchange",
  replacement: "exchange",
};

const STOP = new Set(
  "a an and are as at be by can do does for from how i in is it my of on or our the to we what when where which who will with you your".split(
    " ",
  ),
);

function concept(word: string): string {
  if (SYNONYMS[word]) return SYNONYMS[word];
  const stem = word.replace(/(ments?|ing|ed|es|s)$/, "");
  return SYNONYMS[stem] ?? (stem.length >= 3 ? stem : word);
}

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export const FAKE_EMBEDDING_DIMS = 256;

export function fakeEmbedding(text: string, dims = FAKE_EMBEDDING_DIMS): number[] {
  const v = new Array<number>(dims).fill(0);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const w of words) {
    if (STOP.has(w)) continue;
    const h = hash(concept(w));
    v[h % dims]! += h & 0x80000000 ? -1 : 1;
  }
  const norm = Math.hypot(...v);
  // An empty text still gets a unit vector (providers never return zeros).
  if (!norm) return v.map((_, i) => (i === 0 ? 1 : 0));
  return v.map((x) => Math.round((x / norm) * 1e6) / 1e6);
}
