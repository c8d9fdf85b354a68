import type { KnowledgeGapsReport } from "@switchboard/contracts";
import { PenLine } from "lucide-react";
import { Link } from "wouter";
import { Button } from "@/components/ui/button";
import type { Drill } from "./queries";

const th = "px-2 py-1.5 text-left text-[11px] font-medium uppercase tracking-wide text-muted-foreground";
const td = "px-2 py-1.5 text-right tabular-nums";

/** The knowledge editor, a new article titled with the question (knowledge-page.tsx reads `title`). */
export const writeArticleHref = (question: string) =>
  `/knowledge/articles/new?${new URLSearchParams({ title: question.split("\n")[0]!.slice(0, 300) })}`;

/**
 * Unanswered questions, grouped: the newest question of each group, how often, why (no close
 * knowledge, not in the knowledge, answer marked wrong), last seen. A row opens its conversations;
 * "Write an article" opens the editor with the question as the title.
 */
export function GapsTable({ data, open }: { data: KnowledgeGapsReport; open: (d: Drill) => void }) {
  const rows = data.rows.slice(0, 10);
  return (
    <div className="flex flex-col gap-2">
      <table className="w-full table-fixed text-[13px]" data-testid="table-knowledge-gaps">
        <thead>
          <tr className="border-b">
            <th className={th}>Question</th>
            <th className={`${th} w-16 text-right`}>Asked</th>
            <th className={`${th} w-44`}>Why</th>
            <th className={`${th} w-28`}>Last seen</th>
            <th className={`${th} w-36`}>
              <span className="sr-only">Action</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.bucket} className="border-b last:border-0 hover:bg-accent/60">
              <td className="truncate px-2 py-1.5">
                <button
                  type="button"
                  className="max-w-full truncate text-left font-medium hover:underline"
                  title={r.question}
                  onClick={() => open({ chart: "knowledge-gaps", bucket: r.bucket, title: r.question })}
                >
                  {r.question}
                </button>
              </td>
              <td className={td}>{r.count}</td>
              <td className="truncate px-2 py-1.5 text-[12px] text-muted-foreground">{why(r)}</td>
              <td className="px-2 py-1.5 text-[12px] text-muted-foreground">
                {new Date(r.lastSeenAt).toLocaleDateString([], { month: "short", day: "numeric" })}
              </td>
              <td className="px-2 py-1 text-right">
                <Button asChild variant="outline" size="sm">
                  <Link href={writeArticleHref(r.question)}>
                    <PenLine /> Write an article
                  </Link>
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.rows.length > rows.length ? (
        <p className="text-[12px] text-muted-foreground">
          The 10 largest of {data.rows.length} groups; the CSV has them all.
        </p>
      ) : null}
    </div>
  );
}

function why(r: KnowledgeGapsReport["rows"][number]): string {
  const parts: string[] = [];
  if (r.lowConfidence) parts.push(`${r.lowConfidence} no close match`);
  if (r.notInKnowledge) parts.push(`${r.notInKnowledge} not in knowledge`);
  if (r.markedWrong) parts.push(`${r.markedWrong} marked wrong`);
  return parts.join(", ");
}
