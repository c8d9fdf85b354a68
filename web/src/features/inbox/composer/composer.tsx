import { Paperclip, SendHorizontal } from "lucide-react";
import {
  type ClipboardEvent,
  type KeyboardEvent,
  useCallback,
  useEffect,
  useLayoutEffect,
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
import { type ComposerMode, useInbox } from "../inbox-context";
import { acceptAttribute } from "../../../../../contracts/src/capability-rules";
import { attachHint, fileProblem } from "./capability-check";
import { ModeSwitch } from "./mode-switch";
import { effectiveWindow } from "./reply-window";
import { ReplyWindowNotice } from "./reply-window-notice";
import { TemplatePicker } from "./template-picker";
import { UploadChips } from "./upload-chips";
import { type Outgoing, useSendMessage } from "./use-send-message";
import { useChannelCapabilities } from "./use-capabilities";
import { useTypingEmitter } from "./use-typing-emitter";
import { useUploads } from "./use-uploads";

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
  }, [text]);

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
    send({ content: text.trim(), private: note, attachments: uploads.ready });
    setText("");
    uploads.clear();
    typing.stop();
    textareaRef.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
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
          "rounded-xl border shadow-xs transition-colors focus-within:ring-2",
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
              onChange={(e) => {
                setText(e.target.value);
                if (!note && e.target.value) typing.ping();
              }}
              onKeyDown={onKeyDown}
              onPaste={onPaste}
              onBlur={typing.stop}
              className="block max-h-[180px] min-h-[52px] w-full resize-none bg-transparent px-3 py-2 text-[13.5px] leading-relaxed outline-none placeholder:text-muted-foreground/80"
            />
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
              <span className="ml-auto hidden items-center gap-1 whitespace-nowrap text-[11px] text-muted-foreground @[30rem]:flex">
                <Kbd>Enter</Kbd> to send · <Kbd>Shift</Kbd>+<Kbd>Enter</Kbd> new line
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
