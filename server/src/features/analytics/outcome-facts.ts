import type { Fact } from "./plan-events";

const score = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 5 ? v : null);

/**
 * What an outcome event (another feature's, recorded as it comes) changes on the fact row: an SLA
 * target's end, a survey sent, the latest CSAT rating, the latest quality score. "Latest" is by the
 * event's time, so an answer delivered late never replaces a newer one. Applied once, only when the
 * event is new (record-event.ts), so a redelivery counts nothing twice.
 */
export function outcomeOf(type: string, at: Date, detail: Record<string, unknown>): ((f: Fact) => void) | null {
  const newer = (prev: Date | null) => prev === null || at.getTime() >= prev.getTime();
  switch (type) {
    case "sla_hit":
    case "sla_missed": {
      const metric = typeof detail.metric === "string" ? detail.metric : null;
      if (!metric) return null;
      // Kept sorted (code-unit order, as the backfill's COLLATE "C"): a multiset, whatever the arrival order.
      return (f) => {
        if (type === "sla_hit") f.slaHit = [...f.slaHit, metric].sort();
        else f.slaMissed = [...f.slaMissed, metric].sort();
      };
    }
    case "csat_sent":
      return (f) => {
        f.csatSurveyed = true;
      };
    case "csat_answered": {
      const rating = detail.answer === "rating" ? score(detail.rating) : null;
      if (rating === null) return null;
      return (f) => {
        if (!newer(f.csatAt)) return;
        f.csatRating = rating;
        f.csatAt = at;
      };
    }
    case "quality_scored": {
      const overall = typeof detail.overall === "number" ? detail.overall : null;
      if (overall === null) return null;
      return (f) => {
        if (!newer(f.qualityAt)) return;
        f.qualityResolution = score(detail.resolution);
        f.qualitySentiment = score(detail.sentiment);
        f.qualityService = score(detail.service);
        f.qualityOverall = overall;
        f.qualityAt = at;
      };
    }
    default:
      return null;
  }
}
