// Applies the saved theme before the first paint (kept external so a strict CSP needs no inline script).
(() => {
  try {
    const saved = localStorage.getItem("sb.theme");
    const dark = saved === "dark" || (saved !== "light" && matchMedia("(prefers-color-scheme: dark)").matches);
    document.documentElement.classList.toggle("dark", dark);
  } catch {}
})();
