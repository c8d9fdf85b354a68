import { useCallback, useRef, useState } from "react";
import { Avatar } from "@/components/ui/avatar";
import { useAgents } from "@/features/agents/queries";
import { type CannedResponse, searchCanned, useCannedResponses } from "@/features/canned-responses/queries";
import type { AgentSummary, User } from "@/lib/types";
import { renderCanned, renderSegments, type VariableContext } from "../../../../../contracts/src/canned-variables";
import { toPlainText } from "../../../../../contracts/src/markdown";
import { TriggerMenu } from "./trigger-menu";
import { replaceTrigger, type Trigger } from "./triggers";
import { useTriggerMenu } from "./use-trigger-menu";

type Row = { kind: "canned"; item: CannedResponse } | { kind: "agent"; agent: AgentSummary };

const REPLY_TRIGGERS = ["/"] as const;
const NOTE_TRIGGERS = ["/", "@"] as const;

/** A canned body as the menu previews it: variables it cannot fill are marked, never hidden. */
function Preview({ body, ctx }: { body: string; ctx: VariableContext }) {
  // Keyed by where each segment starts in the body: stable for one body.
  let at = 0;
  // Previewed as the customer reads it: Markdown markers dropped (toPlainText keeps {{variables}} as typed).
  const parts = renderSegments(toPlainText(body), ctx).map((seg) => {
    const key = at;
    at += "text" in seg ? seg.text.length : seg.raw.length;
    return { key, seg };
  });
  return (
    <span className="line-clamp-2 text-[12px] text-muted-foreground">
      {parts.map(({ key, seg }) =>
        "text" in seg ? (
          <span key={key}>{seg.text}</span>
        ) : seg.value === null ? (
          <mark
            key={key}
            data-unknown-variable
            className="rounded bg-amber-500/20 px-0.5 text-amber-800 dark:text-amber-300"
          >
            {seg.raw}
          </mark>
        ) : (
          <span key={key} className="text-foreground/80">
            {seg.value}
          </span>
        ),
      )}
    </span>
  );
}

/**
 * The composer's "/" (canned responses, both modes) and "@" (teammates, private notes only) menus,
 * on one trigger mechanism. Inserting a canned reply fills its variables from the conversation's
 * contact and the agent; what cannot be filled stays visible and is listed under the composer.
 */
export function useComposerMenus({
  id,
  note,
  me,
  variables,
  setText,
}: {
  id: string;
  note: boolean;
  me: User;
  variables: VariableContext;
  /** Applies a new text and puts the caret at `caret`. */
  setText: (value: string, caret: number) => void;
}) {
  const canned = useCannedResponses();
  const agents = useAgents();
  const valueRef = useRef("");
  const [unknown, setUnknown] = useState<string[]>([]);
  /** Teammates picked in this note: sent as `mentions` while their "@Name" is still in the text. */
  const picked = useRef(new Map<string, string>());

  const items = useCallback(
    (t: Trigger): Row[] => {
      if (t.char === "/")
        return searchCanned(canned.data ?? [], t.query)
          .slice(0, 50)
          .map((item) => ({ kind: "canned", item }));
      const q = t.query.toLowerCase();
      return (agents.data ?? [])
        .filter((a) => !a.disabled && a.id !== me.id)
        .filter(
          (a) =>
            !q ||
            a.name
              .toLowerCase()
              .split(/\s+/)
              .some((w) => w.startsWith(q)) ||
            a.name.toLowerCase().startsWith(q) ||
            a.email.startsWith(q),
        )
        .slice(0, 20)
        .map((agent) => ({ kind: "agent", agent }));
    },
    [canned.data, agents.data, me.id],
  );

  const onPick = useCallback(
    (row: Row, t: Trigger) => {
      let insert: string;
      if (row.kind === "canned") {
        const r = renderCanned(row.item.body, variables);
        insert = r.text;
        setUnknown(r.unknown);
      } else {
        insert = `@${row.agent.name} `;
        picked.current.set(row.agent.id, row.agent.name);
      }
      const next = replaceTrigger(valueRef.current, t, insert);
      setText(next.value, next.caret);
    },
    [variables, setText],
  );

  const menu = useTriggerMenu<Row>({ chars: note ? NOTE_TRIGGERS : REPLY_TRIGGERS, items, onPick });

  const update = (value: string, caret: number) => {
    valueRef.current = value;
    menu.update(value, caret);
    // A marker disappears once the agent has replaced every unfilled variable it names.
    setUnknown((u) => (u.length && u.some((v) => !value.includes(v)) ? u.filter((v) => value.includes(v)) : u));
  };

  /** The ids to send with a note: picked teammates whose "@Name" is still in the text. */
  const mentions = (text: string) =>
    [...picked.current].filter(([, name]) => text.includes(`@${name}`)).map(([userId]) => userId);

  const reset = () => {
    picked.current.clear();
    setUnknown([]);
  };

  const listId = `${id}-menu`;
  const t = menu.trigger;
  const element = t ? (
    <TriggerMenu<Row>
      id={listId}
      label={t.char === "/" ? "Canned responses" : "Mention a teammate"}
      rows={menu.rows}
      active={menu.active}
      onHover={menu.setActive}
      onPick={menu.pick}
      rowKey={(r) => (r.kind === "canned" ? r.item.id : r.agent.id)}
      renderRow={(r) =>
        r.kind === "canned" ? (
          <span data-testid="canned-option" className="flex min-w-0 flex-col gap-0.5">
            <span className="flex items-center gap-2">
              <span className="font-mono text-[12px] font-medium text-primary">/{r.item.shortcut}</span>
              <span className="truncate font-medium">{r.item.title}</span>
              {r.item.scope === "shared" ? (
                <span className="ml-auto shrink-0 rounded bg-secondary px-1 text-[10px] text-muted-foreground">
                  Shared
                </span>
              ) : null}
            </span>
            <Preview body={r.item.body} ctx={variables} />
          </span>
        ) : (
          <span data-testid="mention-option" className="flex items-center gap-2">
            <Avatar name={r.agent.name} src={r.agent.avatarUrl} seed={r.agent.id} size="sm" className="size-5" />
            <span className="font-medium">{r.agent.name}</span>
            <span className="truncate text-[12px] text-muted-foreground">{r.agent.email}</span>
          </span>
        )
      }
      empty={
        t.char === "/"
          ? canned.isPending
            ? "Loading canned responses…"
            : canned.isError
              ? "Couldn't load canned responses."
              : (canned.data ?? []).length
                ? `No canned response matches “${t.query}”.`
                : "No canned responses yet: add some in Settings → Canned responses."
          : agents.isPending
            ? "Loading teammates…"
            : `No teammate matches “${t.query}”.`
      }
      footer={<>↑↓ to choose · Enter or Tab to insert · Esc to close</>}
    />
  ) : null;

  return {
    element,
    open: menu.open,
    activeId: menu.open && menu.rows.length ? `${listId}-${menu.active}` : undefined,
    listId: menu.open ? listId : undefined,
    onKeyDown: menu.onKeyDown,
    update,
    unknown,
    mentions,
    reset,
  };
}
