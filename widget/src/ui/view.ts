import { onColor } from "../format";
import type { WidgetState } from "../state";
import { css } from "../styles";
import { type ComposerHandlers, createComposer } from "./composer";
import { availabilityLine, awayNote } from "./availability";
import { h, icon, icons } from "./dom";
import { createLauncher } from "./launcher";
import { avatar, type ListDeps, MessageList } from "./messages";
import { createPrechat } from "./prechat";

export interface ViewHandlers extends ComposerHandlers, ListDeps {
  toggle(): void;
  close(): void;
  sound(): void;
  prechat(name: string, email: string): void;
  skipPrechat(): void;
}

// The host is the only node we add to the page. Inline !important beats any page stylesheet, `all: initial`
// stops inheritance, and nothing may give it a containing block that would trap our fixed-position children.
const HOST_STYLE: [string, string][] = [
  ["all", "initial"],
  ["position", "fixed"],
  ["z-index", "2147483000"],
  ["right", "0"],
  ["bottom", "0"],
  ["width", "0"],
  ["height", "0"],
  ["display", "block"],
  ["contain", "none"],
  ["transform", "none"],
];

/** Everything the visitor sees, inside an open shadow root (Playwright's CSS locators pierce it). */
export class View {
  readonly host = document.createElement("div");
  private readonly root = h("div", { class: "sb" });
  private readonly launcher;
  private readonly panel;
  private readonly list: MessageList;
  private readonly composer;
  private readonly headAvatar = h("span");
  private readonly title = h("div", { class: "title", id: "sb-title" });
  private readonly sub = h("div", { class: "sub" });
  private readonly soundBtn;
  private readonly notice = h("div", { class: "notice", role: "alert", "data-testid": "sb-notice", hidden: true });
  private readonly prechatEl: HTMLElement;
  private readonly awayText = h("span");
  private readonly awayEmail = h("input", {
    type: "email",
    autocomplete: "email",
    maxlength: 200,
    placeholder: "you@example.com",
    "aria-label": "Your email",
    "data-testid": "sb-away-email",
  });
  private readonly awayForm = h(
    "form",
    { class: "away-f" },
    this.awayEmail,
    h("button", { class: "btn", type: "submit" }, "Save"),
  );
  private readonly away = h(
    "div",
    { class: "away", "data-testid": "sb-away", hidden: true },
    this.awayText,
    this.awayForm,
  );

  constructor(on: ViewHandlers) {
    for (const [k, v] of HOST_STYLE) this.host.style.setProperty(k, v, "important");
    this.host.setAttribute("data-switchboard", "");
    const shadow = this.host.attachShadow({ mode: "open" });
    if ("adoptedStyleSheets" in shadow && typeof CSSStyleSheet.prototype.replaceSync === "function") {
      // Constructed sheets are not subject to the page's CSP style-src.
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      shadow.adoptedStyleSheets = [sheet];
    } else shadow.append(h("style", {}, css));

    this.launcher = createLauncher(on.toggle);
    this.list = new MessageList(on);
    this.composer = createComposer(on);
    this.prechatEl = createPrechat(on.prechat, on.skipPrechat);
    this.soundBtn = h("button", { class: "hb", type: "button", "data-testid": "sb-sound", onclick: on.sound });
    this.awayForm.addEventListener("submit", (e) => {
      e.preventDefault();
      const email = this.awayEmail.value.trim();
      if (email && this.awayForm.reportValidity()) on.prechat("", email);
    });
    const close = h(
      "button",
      { class: "hb", type: "button", "aria-label": "Close chat", "data-testid": "sb-close", onclick: on.close },
      icon(icons.close),
    );
    this.panel = h(
      "div",
      { class: "panel", role: "dialog", "aria-labelledby": "sb-title", "data-testid": "sb-panel", hidden: true },
      h(
        "div",
        { class: "head" },
        this.headAvatar,
        h("div", { class: "ht" }, this.title, this.sub),
        this.soundBtn,
        close,
      ),
      this.away,
      this.list.el,
      this.notice,
      this.composer.el,
      h("div", { class: "foot" }, "Powered by Switchboard"),
    );
    this.root.append(this.panel, this.launcher.el);
    this.root.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && !this.panel.hidden) {
        e.stopPropagation();
        on.close();
      }
    });
    shadow.append(this.root);
  }

  mount(): void {
    if (!this.host.isConnected) document.body.append(this.host);
  }

  destroy(): void {
    this.host.remove();
  }

  get focused(): boolean {
    return !!this.host.shadowRoot?.activeElement;
  }

  focusComposer(): void {
    this.composer.input.focus({ preventScroll: true });
    this.list.stick(true);
  }

  focusLauncher(): void {
    this.launcher.el.focus({ preventScroll: true });
  }

  /** Scroll to the bottom after the visitor sent something. */
  stick(): void {
    this.list.stick(true);
  }

  render(s: WidgetState, showPrechat: boolean): void {
    const ch = s.channel;
    if (!ch) return;
    this.root.style.setProperty("--a", ch.color);
    this.root.style.setProperty("--on", onColor(ch.color));
    this.root.classList.toggle("is-open", s.open);
    this.launcher.update(s.open, s.unread, ch.name);
    this.panel.hidden = !s.open;
    this.title.textContent = ch.name;
    this.headAvatar.replaceChildren(avatar(ch.name, null, { url: (u) => u, retry() {} }));
    this.sub.replaceChildren(...availabilityLine(ch.availability));
    const note = awayNote(ch.availability, s.visitor?.email);
    this.away.hidden = !note;
    this.awayText.textContent = note ?? "";
    // The pre-chat card already asks for the email; otherwise ask here, once, while no one is around.
    this.awayForm.hidden = !!s.visitor?.email || showPrechat;
    this.soundBtn.replaceChildren(icon(s.sound ? icons.soundOn : icons.soundOff));
    this.soundBtn.setAttribute("aria-pressed", String(s.sound));
    this.soundBtn.setAttribute("aria-label", s.sound ? "Mute notification sound" : "Turn on notification sound");
    this.soundBtn.title = s.sound ? "Sound on" : "Sound off";
    this.notice.hidden = !s.notice;
    this.notice.textContent = s.notice ?? "";
    if (!s.open) return; // the log is rebuilt when the panel opens
    this.list.render({
      messages: s.messages.list(),
      channelName: ch.name,
      welcome: ch.welcomeMessage,
      typing: s.typing,
      prechat: showPrechat ? this.prechatEl : null,
    });
  }
}
