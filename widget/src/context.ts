import type { VisitorContextBody } from "@switchboard/contracts";

/**
 * Where the visitor is and what their browser says about them, read from the page itself (no
 * lookups). The browser, OS and device are parsed on the server from the User-Agent header, so no
 * parser ships in the widget. The referrer is sent only when it is another site: within the site,
 * `document.referrer` is just the previous page.
 */
export function pageContext(): VisitorContextBody {
  const c: VisitorContextBody = { pageUrl: location.href.slice(0, 2000), pageTitle: document.title.slice(0, 300) };
  try {
    if (document.referrer && new URL(document.referrer).origin !== location.origin)
      c.referrer = document.referrer.slice(0, 2000);
  } catch {
    // not a URL: leave it out
  }
  if (navigator.language) c.language = navigator.language.slice(0, 35);
  try {
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (tz) c.timeZone = tz;
  } catch {
    // no Intl time zone support
  }
  return c;
}

/**
 * Calls `onChange` when the page's address or title changes: single-page apps move with the
 * History API, which fires no event we can listen to, so the address is also checked every 2 s
 * (a string compare; nothing is sent unless it changed).
 */
export function watchPage(onChange: () => void): () => void {
  let last = `${location.href}\n${document.title}`;
  const check = () => {
    const now = `${location.href}\n${document.title}`;
    if (now === last) return;
    last = now;
    onChange();
  };
  const t = window.setInterval(check, 2000);
  window.addEventListener("popstate", check);
  window.addEventListener("hashchange", check);
  return () => {
    clearInterval(t);
    window.removeEventListener("popstate", check);
    window.removeEventListener("hashchange", check);
  };
}
