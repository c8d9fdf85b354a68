import { h, icon, icons } from "./dom";

/** The round bottom-right button with its unread badge. */
export function createLauncher(onClick: () => void) {
  const badge = h("span", { class: "badge", "data-testid": "sb-unread", "aria-hidden": "true", hidden: true });
  const el = h(
    "button",
    { class: "launcher", type: "button", "data-testid": "sb-launcher", "aria-expanded": "false", onclick: onClick },
    icon(icons.chat, "ic i1"),
    icon(icons.down, "ic i2"),
    badge,
  );
  return {
    el,
    update(open: boolean, unread: number, name: string) {
      el.setAttribute("aria-expanded", String(open));
      const count = unread > 0 ? ` (${unread} unread)` : "";
      el.setAttribute("aria-label", open ? `Close chat with ${name}` : `Open chat with ${name}${count}`);
      badge.hidden = open || unread <= 0;
      badge.textContent = unread > 99 ? "99+" : String(unread);
    },
  };
}
