/** The dashboard's style sheet, served from the package (`/assets/reins.css`): no CDN, works offline. */
export const baseStyle = `
:root { --fg: #1d2430; --muted: #5b6576; --line: #d9dee7; --bg: #f6f7f9; --card: #fff; --accent: #1f5fbf;
  --ok: #1d7a3a; --bad: #b3261e; --warn: #8a5a00; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: var(--bg); font-size: 15px; line-height: 1.45; }
header.top { display: flex; align-items: center; gap: 1.5rem; padding: 0.6rem 1.5rem; background: #18202c; color: #fff; }
header.top .brand { font-weight: 700; letter-spacing: 0.02em; color: #fff; text-decoration: none; }
header.top nav { display: flex; gap: 1rem; flex-wrap: wrap; }
header.top nav a { color: #cfd8e6; text-decoration: none; padding: 0.2rem 0; border-bottom: 2px solid transparent; }
header.top nav a[aria-current="page"], header.top nav a:hover { color: #fff; border-bottom-color: #6ea8ff; }
header.top .who { margin-left: auto; display: flex; align-items: center; gap: 0.6rem; color: #cfd8e6; font-size: 0.9em; }
header.top .who form { margin: 0; }
header.top .who button { background: transparent; color: #cfd8e6; border: 1px solid #4a5568; }
main { max-width: 1200px; margin: 0 auto; padding: 1.2rem 1.5rem 3rem; }
main.sign-in form { display: flex; gap: 0.5rem; align-items: end; }
main.sign-in { max-width: 34rem; margin-top: 4rem; background: var(--card); border: 1px solid var(--line); border-radius: 6px; }
h1 { font-size: 1.5rem; margin: 0.4rem 0 1rem; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 0.6rem; }
a { color: var(--accent); }
table { border-collapse: collapse; width: 100%; background: var(--card); border: 1px solid var(--line); }
th, td { text-align: left; padding: 0.4rem 0.6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef1f5; font-weight: 600; font-size: 0.9em; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.88em; }
pre { background: #f0f2f5; border: 1px solid var(--line); padding: 0.5rem 0.7rem; overflow-x: auto; white-space: pre-wrap;
  word-break: break-word; margin: 0.3rem 0; max-height: 24rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 0.8rem 1rem; margin: 0.8rem 0; }
.card > :first-child { margin-top: 0; }
.card > :last-child { margin-bottom: 0; }
.muted { color: var(--muted); }
.badge { display: inline-block; padding: 0.05rem 0.45rem; border-radius: 3px; font-size: 0.82em; font-weight: 600;
  background: #e6e9ef; color: var(--fg); }
.badge.ok { background: #dcf1e2; color: var(--ok); }
.badge.bad { background: #fbe0de; color: var(--bad); }
.badge.warn { background: #fcefd2; color: var(--warn); }
.filters { display: flex; gap: 0.8rem; align-items: end; flex-wrap: wrap; margin: 0.5rem 0 0.8rem; }
label { display: inline-flex; flex-direction: column; gap: 0.2rem; font-size: 0.9em; color: var(--muted); }
input, select, textarea, button { font: inherit; padding: 0.3rem 0.5rem; border: 1px solid #b8c0cc; border-radius: 4px; background: #fff; color: var(--fg); }
textarea { min-width: 20rem; min-height: 3rem; }
button { cursor: pointer; background: #eef1f5; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button.danger { background: var(--bad); border-color: var(--bad); color: #fff; }
.actions { display: flex; gap: 1rem; flex-wrap: wrap; align-items: end; margin-top: 0.6rem; }
.actions form { display: flex; gap: 0.5rem; align-items: end; margin: 0; }
.pager { display: flex; gap: 1rem; margin: 0.8rem 0; }
.notice { border-left: 4px solid var(--accent); background: #eaf1fc; padding: 0.5rem 0.8rem; margin: 0.8rem 0; }
.notice.bad { border-left-color: var(--bad); background: #fbe9e8; }
.notice.ok { border-left-color: var(--ok); background: #e6f4ea; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0.4rem 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
ol.trace { list-style: none; padding: 0; margin: 0; }
ol.trace li { border-bottom: 1px solid var(--line); padding: 0.35rem 0; }
footer { color: var(--muted); font-size: 0.85em; text-align: center; padding: 1rem; }
`;
