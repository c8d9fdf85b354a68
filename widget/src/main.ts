import type { Identity } from "./types";
import { Widget } from "./widget";

interface SwitchboardApi {
  open(): void;
  close(): void;
  identify(identity: Identity): void;
  shutdown(): void;
}

declare global {
  interface Window {
    Switchboard?: SwitchboardApi;
  }
}

function findScript(): HTMLScriptElement | null {
  const cur = document.currentScript;
  if (cur instanceof HTMLScriptElement && cur.dataset.channel) return cur;
  return document.querySelector<HTMLScriptElement>('script[data-channel][src*="widget.js"]');
}

function init(): void {
  if (window.Switchboard) return; // embedded twice
  const script = findScript();
  const channelId = script?.dataset.channel;
  if (!script || !channelId) {
    console.warn('[Switchboard] Chat widget: add data-channel="<channel id>" to the widget <script> tag.');
    return;
  }
  const base = new URL(script.src, location.href).origin;
  const d = script.dataset;
  const identity: Identity = {};
  if (d.userId) identity.userId = d.userId;
  if (d.userHash) identity.userHash = d.userHash;
  if (d.name) identity.name = d.name;
  if (d.email) identity.email = d.email;

  let widget: Widget | null = null;
  const start = () => {
    widget = new Widget(base, channelId, { ...identity });
    void widget.boot();
    return widget;
  };
  const whenReady = (fn: () => void) => {
    if (document.body) fn();
    else document.addEventListener("DOMContentLoaded", fn, { once: true });
  };

  window.Switchboard = {
    open: () => whenReady(() => (widget ?? start()).open()),
    close: () => widget?.close(),
    identify: (id: Identity) => {
      Object.assign(identity, id);
      whenReady(() => (widget ? widget.identify(id) : start()));
    },
    shutdown: () => {
      widget?.destroy(true);
      widget = null;
    },
  };
  whenReady(() => {
    widget ?? start();
  });
}

init();
