import { Paperclip, SendHorizontal, TriangleAlert } from "lucide-react";
import {
  type ClipboardEvent,
  type KeyboardEvent,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { Button } from "@/components/ui/button";
import { Kbd } from "@/components/ui/kbd";
import { Spinner } from "@/components/ui/spinner";
import { Tooltip } from "@/components/ui/tooltip";
import type { ChannelType, ReplyWindow, User } from "@/lib/types";
import { useNow } from "@/lib/use-now";
import { cn } from "@/lib/utils";
import { useContact } from "@/features/contacts/queries";
import { type ComposerMode, useInbox } from "../inbox-context";
import { useConversation } from "../queries";
import { acceptAttribute } from "../../../../../contracts/src/capability-rules";
import { attachHint, fileProblem } from "./capability-check";
import { useComposerMenus } from "./composer-menus";
import { CopilotMenu, CopilotPanel, isCopilotKey } from "./copilot-panel";
import { applyFormat, type Edit, type Format, formatForKey, insertText } from "./format";
import { FormatToolbar } from "./format-toolbar";
import { ModeSwitch } from "./mode-switch";
import { effectiveWindow } from "./reply-window";
import { ReplyWindowNotice } from "./reply-window-notice";
import { TemplatePicker } from "./template-picker";
import { UploadChips } from "./upload-chips";
import { type Outgoing, useSendMessage } from "./use-send-message";
import { useChannelCapabilities } from "./use-capabilities";
import { useTypingEmitter } from "./use-typing-emitter";
import { useUploads } from "./use-uploads";
import { useCopilot } from "./use-copilot";

/** Unsent text per conversation, kept while switching between conversations. */
const drafts = new Map<string, { text: string; mode: ComposerMode }>();

export function Composer({
  conversationId,
  channelId,
  channelType = null,
  me,
  replyWindow,
}: {
  conversationId: string;
  channelId: string | null;
  channelType?: ChannelType | null;
  me: User;
  replyWindow: ReplyWindow | null;
}) {
  const { commands } = useInbox();
  const [text, setText] = useState(() => drafts.get(conversationId)?.text ?? "");
  const [mode, setMode] = useState<ComposerMode>(() => drafts.get(conversationId)?.mode ?? "reply");
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const note = mode === "note";
  // What the channel can send; a private note never leaves Switchboard, so it takes any file.
  const caps = useChannelCapabilities(channelType);
  const limits = note ? null : caps;
  const uploads = useUploads((file) => (limits ? fileProblem(limits, file) : null));
  const typing = useTypingEmitter(conversationId);
  // The AI copilot's drafts land in the composer for editing; they are never sent by themselves.
  const copilot = useCopilot(conversationId);
  const lastCopilot = useRef<Parameters<typeof copilot.run>[0] | null>(null);
  const runCopilot = (body: Parameters<typeof copilot.run>[0]) => {
    lastCopilot.current = body;
    copilot.run(body);
  };
  const insertCopilotText = (value: string, m: ComposerMode) => {
    setMode(m);
    setTextAt(value, value.length);
    copilot.close();
    textareaRef.current?.focus();
  };
  // Where the caret goes after a programmatic edit (a format, an emoji, a canned reply), applied once rendered.
  const pendingSelection = useRef<[number, number] | null>(null);
  const setTextAt = useCallback((value: string, selStart: number, selEnd = selStart) => {
    pendingSelection.current = [selStart, selEnd];
    setText(value);
  }, []);

  // Canned-response variables come from this conversation's contact (custom attributes from its detail) and me.
  const conversation = useConversation(conversationId).data;
  const contactDetail = useContact(conversation?.contact.id ?? null).data;
  const variables = useMemo(
    () => ({
      contact: conversation
        ? { ...conversation.contact, ...(contactDetail ? { attributes: contactDetail.attributes } : {}) }
        : null,
      agent: { name: me.name },
    }),
    [conversation, contactDetail, me.name],
  );
  const menus = useComposerMenus({
    id: `composer-${conversationId}`,
    note,
    me,
    variables,
    setText: setTextAt,
  });

  const restore = useCallback((out: Outgoing) => {
    if (out.template) return;
    setText((cur) => (cur.trim() ? cur : out.content));
    setMode(out.private ? "note" : "reply");
  }, []);
  const { send, sending } = useSendMessage(conversationId, me, restore);

  useEffect(() => {
    drafts.set(conversationId, { text, mode });
  }, [conversationId, text, mode]);

  useEffect(() => {
    commands.current.focusComposer = (m) => {
      setMode(m);
      textareaRef.current?.focus();
    };
    return () => {
      commands.current.focusComposer = undefined;
    };
  }, [commands]);

  // Grow with the text up to ~8 lines.
  // biome-ignore lint/correctness/useExhaustiveDependencies: text changes the height
  useLayoutEffect(() => {
    const el = textareaRef.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 180)}px`;
    const sel = pendingSelection.current;
    if (sel) {
      pendingSelection.current = null;
      el.focus();
      el.setSelectionRange(sel[0], sel[1]);
      menus.update(el.value, sel[1]);
    }
  }, [text]);

  const currentEdit = (): Edit => {
    const el = textareaRef.current;
    return { value: text, selStart: el?.selectionStart ?? text.length, selEnd: el?.selectionEnd ?? text.length };
  };
  const format = (f: Format) => {
    const next = applyFormat(currentEdit(), f);
    setTextAt(next.value, next.selStart, next.selEnd);
  };
  const insertEmoji = (emoji: string) => {
    const next = insertText(currentEdit(), emoji);
    setTextAt(next.value, next.selStart);
  };

  const now = useNow(30_000);
  const rw = effectiveWindow(replyWindow, now);
  const windowClosed = !note && rw?.open === false;
  const picker = windowClosed && !!rw?.templatesOnly && !!channelId;
  // The same rules the server enforces (422), shown before sending: files attached in note mode, long text.
  const tooMany = limits?.attachments && uploads.ready.length > limits.attachments.maxPerMessage;
  const problem = !limits
    ? null
    : text.trim().length > limits.text.maxLength
      ? `${limits.label} messages can be at most ${limits.text.maxLength.toLocaleString()} characters (this one has ${text.trim().length.toLocaleString()}).`
      : tooMany
        ? `${limits.label} sends at most ${limits.attachments?.maxPerMessage} files per message.`
        : (uploads.ready
            .map((a) => fileProblem(limits, { name: a.fileName, type: a.contentType, size: a.size }))
            .find(Boolean) ?? null);
  const canAttach = note || !caps || !!caps.attachments;
  const canSend = (text.trim().length > 0 || uploads.ready.length > 0) && !uploads.busy && !windowClosed && !problem;

  const submit = () => {
    if (!canSend) return;
    const mentions = note ? menus.mentions(text) : [];
    send({ content: text.trim(), private: note, attachments: uploads.ready, ...(mentions.length ? { mentions } : {}) });
    menus.reset();
    setText("");
    uploads.clear();
    typing.stop();
    textareaRef.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (menus.onKeyDown(e)) return;
    if (isCopilotKey(e)) {
      e.preventDefault();
      runCopilot({ action: "suggest" });
      return;
    }
    const f = formatForKey(e);
    if (f) {
      e.preventDefault();
      format(f);
      return;
    }
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    } else if (e.key === "Escape") {
      e.currentTarget.blur();
    }
  };

  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    if (e.clipboardData.files.length > 0) {
      e.preventDefault();
      uploads.add(e.clipboardData.files);
    }
  };

  return (
    <div className="shrink-0 px-4 pb-4">
      <div
        className={cn(
          "relative rounded-xl border shadow-xs transition-colors focus-within:ring-2",
          note
            ? "border-note-border bg-note/60 focus-within:ring-amber-400/30 dark:bg-note/40"
            : "bg-background focus-within:border-ring focus-within:ring-ring/20 dark:bg-input/10",
        )}
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e) => {
          e.preventDefault();
          if (e.dataTransfer.files.length) uploads.add(e.dataTransfer.files);
        }}
      >
        <ModeSwitch mode={mode} onChange={setMode} />
        {note ? null : <ReplyWindowNotice window={rw} now={now} />}
        {picker ? (
          <TemplatePicker
            channelId={channelId}
            sending={sending}
            onSend={(template, preview) => send({ content: preview, private: false, attachments: [], template })}
          />
        ) : (
          <>
            {menus.element}
            <CopilotPanel
              state={copilot.state}
              onUse={insertCopilotText}
              onRetry={() => lastCopilot.current && copilot.run(lastCopilot.current)}
              onClose={copilot.close}
            />
            <UploadChips uploads={uploads.uploads} onRemove={uploads.remove} />
            <label htmlFor={`composer-${conversationId}`} className="sr-only">
              {note ? "Private note" : "Reply"}
            </label>
            <textarea
              id={`composer-${conversationId}`}
              ref={textareaRef}
              data-testid="composer-input"
              data-mode={mode}
              rows={2}
              value={text}
              placeholder={note ? "Write a private note for your team…" : "Write a reply…  (R)"}
              role="combobox"
              aria-expanded={menus.open}
              aria-controls={menus.listId}
              aria-activedescendant={menus.activeId}
              aria-autocomplete="list"
              onChange={(e) => {
                setText(e.target.value);
                menus.update(e.target.value, e.target.selectionStart);
                if (!note && e.target.value) typing.ping();
              }}
              onSelect={(e) => menus.update(e.currentTarget.value, e.currentTarget.selectionStart)}
              onKeyDown={onKeyDown}
              onPaste={onPaste}
              onBlur={typing.stop}
              className="block max-h-[180px] min-h-[52px] w-full resize-none bg-transparent px-3 py-2 text-[13.5px] leading-relaxed outline-none placeholder:text-muted-foreground/80"
            />
            {menus.unknown.length ? (
              <p
                data-testid="composer-unknown-variables"
                className="mx-3 mb-1.5 flex flex-wrap items-center gap-1 rounded-md bg-amber-500/10 px-2 py-1 text-[12px] text-amber-800 dark:text-amber-300"
              >
                <TriangleAlert className="size-3.5" /> Not filled in, replace before sending:
                {menus.unknown.map((v) => (
                  <mark key={v} className="rounded bg-amber-500/25 px-1 font-mono text-[11.5px] text-inherit">
                    {v}
                  </mark>
                ))}
              </p>
            ) : null}
            {problem ? (
              <p
                role="alert"
                data-testid="composer-problem"
                className="mx-3 mb-1.5 rounded-md bg-amber-500/10 px-2 py-1 text-[12px] text-amber-800 dark:text-amber-300"
              >
                {problem}
              </p>
            ) : null}
            <div className="@container flex items-center gap-1 px-2 pb-2">
              <input
                ref={fileRef}
                type="file"
                multiple
                accept={limits ? acceptAttribute(limits) || undefined : undefined}
                hidden
                onChange={(e) => {
                  if (e.target.files?.length) uploads.add(e.target.files);
                  e.target.value = "";
                }}
              />
              {canAttach ? (
                <Tooltip content={limits ? attachHint(limits) : "Attach files (10 MB max)"}>
                  <Button
                    variant="ghost"
                    size="icon-sm"
                    aria-label="Attach files"
                    data-testid="composer-attach"
                    onClick={() => fileRef.current?.click()}
                  >
                    <Paperclip />
                  </Button>
                </Tooltip>
              ) : (
                <span data-testid="composer-no-files" className="px-1 text-[11px] text-muted-foreground">
                  {caps?.label} can't send files
                </span>
              )}
              <CopilotMenu draft={text} onRun={runCopilot} />
              <FormatToolbar
                onFormat={format}
                onEmoji={insertEmoji}
                plainOnly={!note && (channelType === "instagram" || channelType === "x") ? caps?.label : null}
              />
              <span className="flex-1" />
              <span className="hidden items-center gap-1 text-[11px] whitespace-nowrap text-muted-foreground @[36rem]:flex">
                <Kbd>/</Kbd> replies
                {note ? (
                  <>
                    {" "}
                    · <Kbd>@</Kbd> mention
                  </>
                ) : null}{" "}
                · <Kbd>Enter</Kbd> to send
              </span>
              <Button
                data-testid="composer-send"
                variant={note ? "note" : "default"}
                size="sm"
                className="ml-auto @[30rem]:ml-2"
                onClick={submit}
                disabled={!canSend}
                aria-busy={sending}
              >
                {sending || uploads.busy ? <Spinner className="size-3.5" /> : <SendHorizontal />}
                {note ? "Add note" : "Send"}
              </Button>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
