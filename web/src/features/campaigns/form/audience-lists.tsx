import type { Segment } from "@switchboard/contracts";
import { Link } from "wouter";
import { useSegments } from "@/features/contacts/segments/queries";
import { useFinishedImports } from "../queries";

const chip = (on: boolean) =>
  `rounded-full border px-2 py-0.5 text-xs ${on ? "border-primary bg-primary/10 text-primary" : "text-muted-foreground"}`;

const toggle = (ids: string[], id: string) => (ids.includes(id) ? ids.filter((i) => i !== id) : [...ids, id]);

/**
 * Saved segments and uploaded lists (contact imports) as audience choices, each with its own size.
 * There is no endpoint counting the union of an audience, so no total is shown: a contact in
 * several lists is sent to once, and the server reports the real count when the campaign starts.
 */
export function AudienceLists({
  segmentIds,
  importIds,
  onSegments,
  onImports,
}: {
  segmentIds: string[];
  importIds: string[];
  onSegments: (ids: string[]) => void;
  onImports: (ids: string[]) => void;
}) {
  const segments = useSegments();
  const imports = useFinishedImports(true);
  const count = (s: Segment) => (s.count === null ? "" : ` · ${s.count.toLocaleString()}`);
  return (
    <div className="space-y-2">
      <div>
        <div className="mb-1 text-xs font-medium text-muted-foreground">Segments</div>
        <fieldset className="flex flex-wrap gap-1.5 m-0 border-0 p-0" aria-label="Segments">
          {(segments.data ?? []).map((s) => (
            <button
              type="button"
              key={s.id}
              aria-pressed={segmentIds.includes(s.id)}
              onClick={() => onSegments(toggle(segmentIds, s.id))}
              className={chip(segmentIds.includes(s.id))}
            >
              {s.name}
              {count(s)}
            </button>
          ))}
          {segments.data && !segments.data.length ? (
            <span className="text-xs text-muted-foreground">
              No saved segments (
              <Link href="/contacts" className="underline">
                contacts
              </Link>
              )
            </span>
          ) : null}
        </fieldset>
      </div>
      <div>
        <div className="mb-1 text-xs font-medium text-muted-foreground">Uploaded lists</div>
        <fieldset className="flex flex-wrap gap-1.5 m-0 border-0 p-0" aria-label="Uploaded lists">
          {(imports.data ?? []).map((i) => {
            const n = i.createdRows + i.updatedRows;
            return (
              <button
                type="button"
                key={i.id}
                aria-pressed={importIds.includes(i.id)}
                onClick={() => onImports(toggle(importIds, i.id))}
                className={chip(importIds.includes(i.id))}
                title={`Imported ${new Date(i.createdAt).toLocaleString()}`}
              >
                {i.fileName} · {n.toLocaleString()}
              </button>
            );
          })}
          {imports.data && !imports.data.length ? (
            <span className="text-xs text-muted-foreground">No finished imports</span>
          ) : null}
        </fieldset>
      </div>
    </div>
  );
}
