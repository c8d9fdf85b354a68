import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Kbd } from "@/components/ui/kbd";

const groups: { title: string; items: [string[], string][] }[] = [
  {
    title: "Navigation",
    items: [
      [["J"], "Next conversation"],
      [["K"], "Previous conversation"],
      [["/"], "Search conversations"],
      [["@"], "Open my mentions"],
      [["?"], "Show keyboard shortcuts"],
    ],
  },
  {
    title: "Conversation",
    items: [
      [["R"], "Reply"],
      [["N"], "Write a private note"],
      [["E"], "Resolve / reopen"],
      [["W"], "Pending (waiting on the customer) / open"],
      [["A"], "Assign to me (or open the assignee menu)"],
      [["T"], "Take (you handle it now)"],
      [["H"], "Hand back to the AI agent"],
      [["F"], "Transfer to an agent or a team"],
      [["L"], "Labels"],
      [["S"], "Snooze"],
      [["P"], "Priority"],
      [["X"], "Select for a bulk action"],
      [["Shift", "Click"], "Select a range"],
      [["Esc"], "Clear the selection"],
    ],
  },
  {
    title: "Tickets",
    items: [
      [["J"], "Next ticket"],
      [["K"], "Previous ticket"],
      [["Enter"], "Open the ticket (or E)"],
      [["X"], "Select for a bulk edit"],
      [["B"], "Board / list"],
      [["/"], "Search tickets"],
      [["Esc"], "Clear the selection"],
    ],
  },
  {
    title: "Call campaigns",
    items: [
      [["N"], "New call campaign"],
      [["J"], "Next campaign"],
      [["K"], "Previous campaign"],
      [["Enter"], "Open the campaign"],
    ],
  },
  {
    title: "Composer",
    items: [
      [["Enter"], "Send"],
      [["Shift", "Enter"], "New line"],
      [["Esc"], "Leave the composer (or close its menu)"],
      [["/"], "Insert a canned response"],
      [["@"], "Mention a teammate (private notes)"],
      [["Ctrl/⌘", "B"], "Bold"],
      [["Ctrl/⌘", "I"], "Italic"],
      [["Ctrl/⌘", "K"], "Link"],
      [["Ctrl/⌘", "Shift", "X"], "Strikethrough"],
      [["Ctrl/⌘", "J"], "Copilot: suggest, summarise, rephrase"],
    ],
  },
];

export function ShortcutsDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title="Keyboard shortcuts"
        description="Shortcuts work in the inbox, on the tickets page and on call campaigns, except while you type."
        className="max-w-lg"
      >
        <div className="grid gap-5 sm:grid-cols-2">
          {groups.map((g) => (
            <section key={g.title} className={g.title === "Composer" ? "sm:col-span-2" : undefined}>
              <h3 className="mb-2 text-[11px] font-semibold tracking-wide text-muted-foreground uppercase">
                {g.title}
              </h3>
              <dl className="flex flex-col gap-1.5">
                {g.items.map(([keys, label]) => (
                  <div key={label} className="flex items-center justify-between gap-3 text-[13px]">
                    <dt>{label}</dt>
                    <dd className="flex shrink-0 gap-1">
                      {keys.map((k) => (
                        <Kbd key={k}>{k}</Kbd>
                      ))}
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
      </DialogContent>
    </Dialog>
  );
}
