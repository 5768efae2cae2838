/** The style of the evals, review, weekly and autonomy pages: charts, the review form, the queue. */
export const pagesStyle = `
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(540px, 1fr)); gap: 0.8rem; }
.chart-figure { margin: 0; }
svg.chart { max-width: 100%; height: auto; font-size: 12px; }
svg.chart .grid { stroke: #e3e7ee; stroke-width: 1; }
svg.chart .axis, svg.chart .label { fill: var(--muted); }
svg.chart .value { fill: var(--fg); font-variant-numeric: tabular-nums; }
svg.chart .track, svg.mini-bar .track { fill: #edf0f4; }
svg .bar.good { fill: #2f8f4e; } svg .bar.fair { fill: #c98a00; } svg .bar.poor { fill: #c0392b; }
svg.chart .threshold { stroke: var(--fg); stroke-width: 2; stroke-dasharray: 3 2; }
svg.line-chart .line { fill: none; stroke-width: 2; }
svg.line-chart .dot { stroke: #fff; stroke-width: 1; }
.s0 .line { stroke: #1f5fbf; } .s0 .dot, rect.s0 { fill: #1f5fbf; }
.s1 .line { stroke: #2f8f4e; } .s1 .dot, rect.s1 { fill: #2f8f4e; }
.s2 .line { stroke: #c98a00; } .s2 .dot, rect.s2 { fill: #c98a00; }
.s3 .line { stroke: #8e44ad; } .s3 .dot, rect.s3 { fill: #8e44ad; }
.s4 .line { stroke: #c0392b; } .s4 .dot, rect.s4 { fill: #c0392b; }
.s5 .line { stroke: #16a085; } .s5 .dot, rect.s5 { fill: #16a085; }
.s6 .line { stroke: #7f8c8d; } .s6 .dot, rect.s6 { fill: #7f8c8d; }
.s7 .line { stroke: #d35400; } .s7 .dot, rect.s7 { fill: #d35400; }
ul.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; padding: 0; margin: 0.3rem 0 0; font-size: 0.88em; }
ul.legend li { display: inline-flex; align-items: center; gap: 0.35rem; }
.mini { display: inline-flex; align-items: center; gap: 0.4rem; font-variant-numeric: tabular-nums; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 0.8rem; }
.queue tr.current { outline: 2px solid var(--accent); }
.review-layout { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1rem; }
@media (max-width: 900px) { .review-layout { grid-template-columns: 1fr; } }
form.review fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 0.8rem; padding: 0.5rem 0.8rem; }
form.review legend { font-weight: 600; padding: 0 0.3rem; }
form.review .row { display: flex; gap: 0.8rem; flex-wrap: wrap; margin: 0.3rem 0; }
form.review .choices { display: flex; gap: 0.8rem; flex-wrap: wrap; }
form.review .choices label { flex-direction: row; align-items: center; color: var(--fg); }
.issue { color: var(--bad); font-size: 0.88em; margin: 0.1rem 0 0; }
.invalid { border-color: var(--bad); }
kbd { border: 1px solid #b8c0cc; border-bottom-width: 2px; border-radius: 3px; padding: 0 0.3rem; font-size: 0.85em; background: #fff; }
button kbd { background: transparent; color: inherit; border-color: currentColor; }
.keys { color: var(--muted); font-size: 0.88em; }
ul.missing li { margin: 0.15rem 0; }
`;
