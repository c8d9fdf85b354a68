import { h } from "./dom";

/** Optional "how can we reach you" card shown before the first message. Both fields optional. */
export function createPrechat(onSubmit: (name: string, email: string) => void, onSkip: () => void) {
  const name = h("input", { id: "sb-pc-name", type: "text", autocomplete: "name", maxlength: 100 });
  const email = h("input", { id: "sb-pc-email", type: "email", autocomplete: "email", maxlength: 200 });
  const form = h(
    "form",
    { class: "card", "data-testid": "sb-prechat", "aria-label": "Your contact details" },
    h("p", {}, "Before we start"),
    h("p", { class: "hint" }, "Leave your name and email so we can follow up if you leave. Both are optional."),
    h("label", { for: "sb-pc-name" }, "Name"),
    name,
    h("label", { for: "sb-pc-email" }, "Email"),
    email,
    h(
      "div",
      { class: "acts" },
      h("button", { class: "btn", type: "submit", "data-testid": "sb-prechat-submit" }, "Continue"),
      h("button", { class: "link", type: "button", "data-testid": "sb-prechat-skip", onclick: onSkip }, "Skip"),
    ),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!form.reportValidity()) return;
    const n = name.value.trim();
    const m = email.value.trim();
    if (n || m) onSubmit(n, m);
    else onSkip();
  });
  return form;
}
