/**
 * The dashboard's script (`/assets/reins.js`), served from the package. Pages work without it: it only adds
 * conveniences (local times, keyboard shortcuts). It never writes HTML: what it shows it sets as text.
 */
export const baseScript = `"use strict";
(function () {
  // Times are rendered in UTC on the server; show them in the reader's time zone too.
  for (const el of document.querySelectorAll("time[datetime]")) {
    const at = new Date(el.getAttribute("datetime"));
    if (!Number.isNaN(at.getTime())) el.title = at.toLocaleString();
  }
  // A key listed in data-key on a link or button activates it (the review queue's j/k/a/e/r).
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target && (target.closest("input, textarea, select, [contenteditable]"))) return;
    const el = document.querySelector('[data-key="' + CSS.escape(event.key) + '"]');
    if (el) { event.preventDefault(); el.focus(); el.click(); }
  });
})();
`;
