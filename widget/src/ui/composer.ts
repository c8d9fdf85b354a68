import { h, icon, icons } from "./dom";

export interface ComposerHandlers {
  send(text: string): void;
  files(files: File[]): void;
  /** Called on every keystroke that changes the text (drives the typing indicator). */
  input(empty: boolean): void;
}

const ACCEPT =
  "image/*,audio/*,video/*,text/*,application/pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.rtf,.csv";

/** Textarea (Enter sends, Shift+Enter newline), attach button with hidden file input, send button. */
export function createComposer(on: ComposerHandlers) {
  const input = h("textarea", {
    rows: 1,
    placeholder: "Write a message…",
    "aria-label": "Message",
    "data-testid": "sb-input",
    maxlength: 5000,
  });
  const send = h(
    "button",
    { class: "cb send", type: "button", "aria-label": "Send message", "data-testid": "sb-send", disabled: true },
    icon(icons.send),
  );
  const file = h("input", {
    type: "file",
    multiple: true,
    accept: ACCEPT,
    hidden: true,
    tabindex: -1,
    "aria-hidden": "true",
    "data-testid": "sb-file-input",
  });
  const attach = h(
    "button",
    { class: "cb", type: "button", "aria-label": "Attach a file", title: "Attach a file", "data-testid": "sb-attach" },
    icon(icons.clip),
  );

  const grow = () => {
    input.style.height = "auto";
    input.style.height = `${Math.min(input.scrollHeight, 120)}px`;
    send.disabled = input.value.trim() === "";
  };
  const submit = () => {
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    grow();
    on.send(text);
    input.focus();
  };

  input.addEventListener("input", () => {
    grow();
    on.input(input.value.trim() === "");
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    }
  });
  send.addEventListener("click", submit);
  attach.addEventListener("click", () => file.click());
  file.addEventListener("change", () => {
    const files = [...(file.files ?? [])];
    file.value = "";
    if (files.length) on.files(files);
  });

  const el = h("div", { class: "comp" }, input, file, attach, send);
  return { el, input };
}
