import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { Visibility } from "@/lib/types";

/** What each choice means, in one line (shown under the select). */
export const visibilityHints: Record<Visibility, string> = {
  all: "Every conversation in the inbox, whoever it is assigned to.",
  teams: "Conversations of their teams, of the channels their teams serve, and any assigned to them.",
  assigned: "Only conversations assigned to them; the unassigned queue stays hidden.",
};

export function VisibilitySelect({
  id,
  value,
  onChange,
  disabled,
}: {
  id: string;
  value: Visibility;
  onChange: (v: Visibility) => void;
  disabled?: boolean;
}) {
  return (
    <Select value={value} onValueChange={(v) => onChange(v as Visibility)} disabled={disabled}>
      <SelectTrigger id={id} aria-describedby={`${id}-hint`}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        <SelectItem value="all">All conversations</SelectItem>
        <SelectItem value="teams">Their teams' conversations</SelectItem>
        <SelectItem value="assigned">Only conversations assigned to them</SelectItem>
      </SelectContent>
    </Select>
  );
}
