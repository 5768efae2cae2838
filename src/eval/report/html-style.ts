/** The report page's stylesheet, inlined so that the page needs nothing but itself. */
export const reportCss = `
:root { --fg: #1a202c; --muted: #5a6474; --line: #e2e8f0; --card: #fff; --bg: #f6f7f9;
  --good: #2f855a; --fair: #c27c0e; --poor: #c53030; --track: #edf0f4; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header, main, footer { max-width: 1240px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 28px; padding-bottom: 8px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h1 .sub { color: var(--muted); font-weight: 400; }
h2 { font-size: 15px; margin: 0 0 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.meta { color: var(--muted); margin: 0 0 10px; }
.meta b { color: var(--fg); font-weight: 600; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px; margin: 16px 0; }
.grid { display: grid; gap: 16px; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); margin: 16px 0; }
.grid > .card { margin: 0; }
.chart { max-width: 100%; height: auto; display: block; }
.chart text { font: 13px system-ui, sans-serif; fill: var(--fg); }
.chart .axis { fill: var(--muted); font-size: 12px; }
.chart .value { font-weight: 600; }
.chart .track { fill: var(--track); }
.chart .grid { stroke: var(--line); }
.chart .threshold { stroke: var(--fg); stroke-width: 2; stroke-dasharray: 3 2; }
.bar.good, .mini-fill.good { fill: var(--good); background: var(--good); }
.bar.fair, .mini-fill.fair { fill: var(--fair); background: var(--fair); }
.bar.poor, .mini-fill.poor { fill: var(--poor); background: var(--poor); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { font-size: 12px; color: var(--muted); font-weight: 600; white-space: nowrap; }
tbody th { font-weight: 600; white-space: nowrap; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.mini { display: inline-flex; align-items: center; gap: 6px; font-variant-numeric: tabular-nums; white-space: nowrap; }
.mini-track { width: 48px; height: 7px; border-radius: 4px; background: var(--track); overflow: hidden; display: inline-block; }
.mini-fill { display: block; height: 100%; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; color: #fff; white-space: nowrap; }
.badge.pass { background: var(--good); }
.badge.fail { background: var(--poor); }
.impact-critical { background: #9b2c2c; }
.impact-high { background: #dd6b20; }
.impact-medium { background: #d69e2e; color: #1a202c; }
.impact-low { background: #a0aec0; color: #1a202c; }
.verdict { font-size: 13px; padding: 3px 12px; }
dl.facts { display: grid; grid-template-columns: auto 1fr; gap: 6px 16px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; font-variant-numeric: tabular-nums; }
.checks { list-style: none; margin: 0; padding: 0; }
.checks li { display: flex; gap: 10px; align-items: baseline; padding: 5px 0; border-bottom: 1px solid var(--line); }
.checks li:last-child { border-bottom: 0; }
.checks .muted, .muted { color: var(--muted); }
.sentences { margin: 0; padding-left: 18px; }
.sentences li { margin: 2px 0; }
.category { font-weight: 600; }
.case { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; white-space: nowrap; }
.empty { color: var(--good); margin: 0; }
details > summary { cursor: pointer; font-weight: 600; padding: 4px 0; }
details[open] > summary { margin-bottom: 10px; }
#results table { font-size: 13px; }
#results td, #results th { padding: 5px 7px; }
#results td.score, #results th.score { text-align: center; padding: 5px 3px; }
.ok { color: var(--good); }
.ko { color: var(--poor); font-weight: 700; }
tr.failed td:first-child { box-shadow: inset 3px 0 var(--poor); }
.call { display: block; font-size: 12px; }
.call i { color: var(--muted); font-style: normal; font-size: 12px; }
.transcripts a { white-space: nowrap; }
.transcript { margin: 8px 0; }
.transcript pre { white-space: pre-wrap; font-size: 12px; background: var(--bg); padding: 8px; overflow-x: auto; }
footer { color: var(--muted); font-size: 12px; padding-bottom: 32px; }
@media print { body { background: #fff; } details { display: block; } }
`;
