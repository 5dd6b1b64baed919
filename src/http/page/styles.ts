/** Widths in steps of 5%, as classes: the page's CSP allows no inline style attributes. */
const WIDTHS = Array.from({ length: 21 }, (_, i) => `.w${i * 5} { width: ${i * 5}%; }`).join('\n');

/** The triage page's stylesheet: light and dark, a table on desktop, cards on a phone. */
export const STYLES =
  WIDTHS +
  String.raw`
:root {
  --bg: #f4f5f7; --panel: #fff; --text: #171a1f; --muted: #5d6673; --faint: #8a929d; --border: #e1e4e9; --hover: #f0f3f8;
  --accent: #2450c8; --accent-text: #fff; --focus: #2450c8;
  --crit: #c4271f; --crit-bg: #fdeceb; --warn: #a85d00; --warn-bg: #fff3df; --info: #1d64b0; --info-bg: #e7f0fb;
  --ok: #1f7a45; --ok-bg: #e4f4ea; --ack: #5b3fc4; --ack-bg: #eeeafc; --muted-bg: #eef0f3;
  --vol: #b9c2cf; --neg: #e07b00; --crisis: #c4271f; --watch: #2450c8;
  --radius: 8px; --shadow: 0 1px 2px rgba(16, 24, 40, .06), 0 1px 3px rgba(16, 24, 40, .08);
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0e1115; --panel: #161a20; --text: #e7eaef; --muted: #a1a9b5; --faint: #747d89; --border: #272d36; --hover: #1d222a;
    --accent: #5b86f0; --focus: #7aa0ff; --crit: #ff6b61; --crit-bg: #3a1714; --warn: #f0a53a; --warn-bg: #35260c; --info: #6aa8f0; --info-bg: #13263d;
    --ok: #4cc27d; --ok-bg: #10291b; --ack: #a48cff; --ack-bg: #231b40; --muted-bg: #20252d; --vol: #48515e; --neg: #f0a53a; --crisis: #ff6b61; --watch: #7aa0ff;
    --shadow: none;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--text); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "PingFang SC", sans-serif; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.muted { color: var(--muted); }
.faint { color: var(--faint); }
.nowrap { white-space: nowrap; }

.topbar { position: sticky; top: 0; z-index: 10; display: flex; align-items: center; gap: 20px; padding: 0 20px; height: 52px; background: var(--panel); border-bottom: 1px solid var(--border); }
.logo { display: flex; align-items: center; gap: 8px; font-weight: 700; font-size: 16px; color: var(--text); letter-spacing: .2px; }
.logo:hover { text-decoration: none; }
.logo svg { width: 22px; height: 22px; }
.topbar nav { display: flex; gap: 4px; }
.topbar nav a { color: var(--muted); padding: 6px 10px; border-radius: 6px; font-weight: 500; }
.topbar nav a:hover { background: var(--hover); text-decoration: none; color: var(--text); }
.topbar nav a.active { color: var(--text); background: var(--hover); }
.topbar .spacer { flex: 1; }
/* The topbar's live indicator only: the escalation banner also has the class live. */
.topbar .live { display: flex; align-items: center; gap: 6px; color: var(--muted); font-size: 12.5px; white-space: nowrap; }
.topbar .live .dot { width: 8px; height: 8px; border-radius: 50%; background: var(--ok); box-shadow: 0 0 0 3px var(--ok-bg); }
.topbar .live.stale .dot { background: var(--warn); box-shadow: 0 0 0 3px var(--warn-bg); }
.topbar .live.down .dot { background: var(--crit); box-shadow: 0 0 0 3px var(--crit-bg); }

main { max-width: 1280px; margin: 0 auto; padding: 20px; }
h1 { font-size: 20px; margin: 0; font-weight: 650; }
h2 { font-size: 13px; margin: 0 0 12px; font-weight: 650; text-transform: uppercase; letter-spacing: .5px; color: var(--muted); }
.page-head { display: flex; align-items: baseline; gap: 12px; flex-wrap: wrap; margin-bottom: 16px; }
.page-head .counts { color: var(--muted); }

.btn { appearance: none; border: 1px solid var(--border); background: var(--panel); color: var(--text); border-radius: 6px; padding: 7px 12px; font: inherit; font-weight: 550; cursor: pointer; display: inline-flex; align-items: center; gap: 6px; min-height: 34px; white-space: nowrap; }
.btn:hover { background: var(--hover); }
.btn:disabled { opacity: .5; cursor: not-allowed; }
.btn.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-text); }
.btn.primary:hover { filter: brightness(1.08); }
.btn.danger { color: var(--crit); }
.btn.ghost { border-color: transparent; background: transparent; }
.btn.small { min-height: 28px; padding: 4px 9px; font-size: 13px; }

.filters { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; margin-bottom: 14px; }
.seg { display: inline-flex; flex-wrap: wrap; background: var(--panel); border: 1px solid var(--border); border-radius: 7px; padding: 2px; max-width: 100%; }
.seg button { border: 0; background: transparent; color: var(--muted); font: inherit; font-weight: 550; padding: 5px 11px; border-radius: 5px; cursor: pointer; }
.seg button[aria-pressed="true"] { background: var(--hover); color: var(--text); box-shadow: inset 0 0 0 1px var(--border); }
select, input[type=text], input[type=password], textarea { font: inherit; color: var(--text); background: var(--panel); border: 1px solid var(--border); border-radius: 6px; padding: 6px 9px; min-height: 34px; }
textarea { width: 100%; min-height: 90px; resize: vertical; }

.card { background: var(--panel); border: 1px solid var(--border); border-radius: var(--radius); box-shadow: var(--shadow); }
.card > .card-body { padding: 16px; }

table.incidents { width: 100%; border-collapse: collapse; }
table.incidents th { text-align: left; font-size: 12px; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: .4px; padding: 10px 14px; border-bottom: 1px solid var(--border); }
table.incidents td { padding: 12px 14px; border-bottom: 1px solid var(--border); vertical-align: top; }
table.incidents tr:last-child td { border-bottom: 0; }
table.incidents tbody tr { cursor: pointer; }
table.incidents tbody tr:hover { background: var(--hover); }
.inc-title { font-weight: 600; color: var(--text); }
.inc-sub { color: var(--muted); font-size: 12.5px; margin-top: 2px; }
.figure-mini { font-variant-numeric: tabular-nums; }
.figure-mini b { font-weight: 650; }
.empty { padding: 48px 20px; text-align: center; color: var(--muted); }
.empty strong { display: block; color: var(--text); font-size: 15px; margin-bottom: 4px; }

.badge { display: inline-flex; align-items: center; gap: 5px; border-radius: 999px; padding: 2px 9px; font-size: 12px; font-weight: 650; white-space: nowrap; line-height: 18px; }
.sev-critical { color: var(--crit); background: var(--crit-bg); }
.sev-warning { color: var(--warn); background: var(--warn-bg); }
.sev-info { color: var(--info); background: var(--info-bg); }
.st-open { color: var(--crit); background: transparent; box-shadow: inset 0 0 0 1px currentColor; }
.st-acknowledged { color: var(--ack); background: var(--ack-bg); }
.st-resolved { color: var(--ok); background: var(--ok-bg); }
.badge.silenced { color: var(--muted); background: var(--muted-bg); }
.badge .pulse { width: 7px; height: 7px; border-radius: 50%; background: currentColor; animation: pulse 1.6s ease-in-out infinite; }
@keyframes pulse { 0%, 100% { opacity: 1; } 50% { opacity: .3; } }
@media (prefers-reduced-motion: reduce) { .badge .pulse { animation: none; } }
.chip { display: inline-block; border-radius: 5px; padding: 1px 7px; font-size: 12px; background: var(--muted-bg); color: var(--text); margin: 0 4px 4px 0; }
.chip.term { background: var(--crit-bg); color: var(--crit); }
.chip.lang { font-family: ui-monospace, monospace; font-size: 11.5px; }

.back { display: inline-block; margin-bottom: 12px; color: var(--muted); }
.detail-head { display: flex; gap: 16px; align-items: flex-start; justify-content: space-between; flex-wrap: wrap; margin-bottom: 16px; }
.detail-head > div:first-child { flex: 1 1 320px; min-width: 0; }
.detail-head h1, .inc-title { overflow-wrap: anywhere; }
.detail-head h1 { font-size: 21px; line-height: 1.3; margin: 6px 0 6px; }
.detail-head .meta { color: var(--muted); display: flex; flex-wrap: wrap; gap: 4px 14px; }
.actions { display: flex; gap: 8px; flex-wrap: wrap; }
.escalation { margin-top: 10px; padding: 8px 12px; border-radius: 6px; font-weight: 550; display: block; width: fit-content; max-width: 100%; overflow-wrap: anywhere; }
.parent-note { margin-top: 6px; color: var(--muted); }
.related-sub { margin-top: 4px; font-size: 12.5px; color: var(--muted); overflow-wrap: anywhere; }
ul.related, ul.silence-list { list-style: none; margin: 0; padding: 0; display: grid; gap: 10px; }
ul.silence-list li { display: grid; grid-template-columns: 1fr auto; gap: 2px 12px; align-items: center; }
ul.silence-list li > div { grid-column: 1; overflow-wrap: anywhere; }
ul.silence-list li > button { grid-column: 2; grid-row: 1 / span 2; }
.card.silences { margin-top: 16px; }
.official-tag { display: inline-block; font-size: 12px; font-weight: 600; color: var(--ok); background: var(--ok-bg); border-radius: 5px; padding: 1px 7px; margin-bottom: 6px; }
.timeline .k-official::before { background: var(--ok); }
.kv dd { overflow-wrap: anywhere; min-width: 0; }
.escalation.live { background: var(--crit-bg); color: var(--crit); }
.escalation.stopped { background: var(--ack-bg); color: var(--ack); }
.escalation.done { background: var(--muted-bg); color: var(--muted); }

.grid { display: grid; grid-template-columns: minmax(0, 1fr) 340px; gap: 16px; align-items: start; }
.grid > div { display: grid; gap: 16px; min-width: 0; }

.figures { display: grid; gap: 12px; }
.figure .name { color: var(--muted); font-size: 12.5px; }
.figure .value { font-size: 24px; font-weight: 680; font-variant-numeric: tabular-nums; }
.figure .against { color: var(--muted); font-size: 12.5px; }
.bar { height: 6px; background: var(--muted-bg); border-radius: 3px; overflow: hidden; margin-top: 6px; }
.bar > span { display: block; height: 100%; background: var(--crit); border-radius: 3px; }
.kv { display: grid; grid-template-columns: max-content 1fr; gap: 6px 14px; font-size: 13px; }
.kv dt { color: var(--muted); }
.kv dd { margin: 0; }
.shares { display: flex; height: 8px; border-radius: 4px; overflow: hidden; background: var(--muted-bg); margin: 4px 0 6px; }
.shares span:nth-child(1) { background: #2450c8; } .shares span:nth-child(2) { background: #e07b00; } .shares span:nth-child(3) { background: #1f7a45; } .shares span:nth-child(4) { background: #8a5cd6; } .shares span:nth-child(n+5) { background: #8a929d; }

.chart-card .legend { display: flex; flex-wrap: wrap; gap: 6px 16px; font-size: 12.5px; color: var(--muted); margin-bottom: 8px; }
.legend i { display: inline-block; width: 14px; height: 3px; border-radius: 2px; vertical-align: middle; margin-right: 6px; }
.lg-vol { background: var(--vol); height: 8px !important; } .lg-neg { background: var(--neg); } .lg-crisis { background: var(--crisis); } .lg-watch { background: var(--watch); }
.lg-threshold, .lg-critical, .lg-baseline { height: 0 !important; border-top: 2px dashed var(--warn); border-radius: 0 !important; }
.lg-critical { border-top-color: var(--crit); } .lg-baseline { border-top: 2px dotted var(--muted); }
.chart { position: relative; width: 100%; }
.chart svg { display: block; width: 100%; overflow: visible; }
.chart svg text { fill: var(--muted); font-size: 11px; }
.chart .grid-line { stroke: var(--border); stroke-width: 1; }
.chart .area-vol { fill: var(--vol); opacity: .55; }
.chart .area-neg { fill: var(--neg); opacity: .18; }
.chart svg text.marker-label { font-size: 10.5px; font-weight: 600; }
.chart svg text.marker-label.opened, .chart svg text.marker-label.escalated { fill: var(--crit); }
.chart svg text.marker-label.acknowledged { fill: var(--ack); }
.chart svg text.marker-label.resolved { fill: var(--ok); }
.chart .line-neg { fill: none; stroke: var(--neg); stroke-width: 2; }
.chart .line-crisis { fill: none; stroke: var(--crisis); stroke-width: 2; }
.chart .line-watch { fill: none; stroke: var(--watch); stroke-width: 2; }
.chart .threshold { stroke: var(--warn); stroke-width: 1.5; stroke-dasharray: 6 4; }
.chart .threshold.critical { stroke: var(--crit); }
.chart .baseline { stroke: var(--muted); stroke-width: 1.5; stroke-dasharray: 2 3; }
.chart .marker { stroke-width: 1.5; stroke-dasharray: 3 3; }
.chart .marker.opened { stroke: var(--crit); } .chart .marker.escalated { stroke: var(--crit); } .chart .marker.acknowledged { stroke: var(--ack); } .chart .marker.resolved { stroke: var(--ok); }
.chart .cursor { stroke: var(--faint); stroke-width: 1; }
.chart .tip { position: absolute; pointer-events: none; background: var(--panel); border: 1px solid var(--border); box-shadow: 0 4px 14px rgba(0,0,0,.12); border-radius: 6px; padding: 6px 9px; font-size: 12px; white-space: nowrap; font-variant-numeric: tabular-nums; }

.posts { display: grid; gap: 0; }
.o-posts > .card-body { padding-bottom: 2px; }
.post { padding: 14px 16px; border-top: 1px solid var(--border); }
.post:first-child { border-top: 0; }
.post-head { display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: center; font-size: 12.5px; color: var(--muted); margin-bottom: 6px; }
.post-head .who { color: var(--text); font-weight: 600; }
.post-text { white-space: pre-wrap; overflow-wrap: anywhere; word-break: break-word; }
.post-text mark { background: var(--crit-bg); color: var(--crit); border-radius: 3px; padding: 0 2px; }
.post-foot { margin-top: 8px; display: flex; flex-wrap: wrap; align-items: center; gap: 4px 8px; font-size: 12.5px; color: var(--muted); }
.sent-neg { color: var(--crit); background: var(--crit-bg); } .sent-neu { color: var(--muted); background: var(--muted-bg); } .sent-pos { color: var(--ok); background: var(--ok-bg); }

.timeline { list-style: none; margin: 0; padding: 0; }
.timeline li { position: relative; padding: 0 0 14px 20px; }
.timeline li::before { content: ""; position: absolute; left: 4px; top: 6px; width: 8px; height: 8px; border-radius: 50%; background: var(--faint); }
.timeline li::after { content: ""; position: absolute; left: 7.5px; top: 16px; bottom: 0; width: 1px; background: var(--border); }
.timeline li:last-child::after { display: none; }
.timeline .k-opened::before, .timeline .k-escalated::before { background: var(--crit); }
.timeline .k-acknowledged::before { background: var(--ack); }
.timeline .k-resolved::before { background: var(--ok); }
.timeline .k-note::before { background: var(--accent); }
.timeline .when { font-size: 12px; color: var(--muted); }
.timeline .what { font-weight: 600; }
.timeline .text { overflow-wrap: anywhere; }

dialog { border: 1px solid var(--border); border-radius: 10px; padding: 0; background: var(--panel); color: var(--text); width: min(460px, calc(100vw - 24px)); box-shadow: 0 20px 50px rgba(0,0,0,.25); }
dialog::backdrop { background: rgba(15, 18, 24, .45); }
dialog form { padding: 18px; display: grid; gap: 12px; }
dialog h3 { margin: 0; font-size: 16px; }
dialog label { display: grid; gap: 4px; font-weight: 550; font-size: 13px; }
dialog label.inline { display: flex; gap: 8px; align-items: center; font-weight: 400; }
dialog .hint { color: var(--muted); font-size: 12.5px; font-weight: 400; }
dialog .row { display: flex; justify-content: flex-end; gap: 8px; }
dialog .error { color: var(--crit); font-size: 13px; min-height: 1em; }

.toasts { position: fixed; right: 16px; bottom: 16px; display: grid; gap: 8px; z-index: 50; max-width: min(420px, calc(100vw - 32px)); }
.toast { background: var(--text); color: var(--bg); border-radius: 8px; padding: 10px 14px; box-shadow: 0 8px 24px rgba(0,0,0,.2); }
.toast.error { background: var(--crit); color: #fff; }

.notice { padding: 10px 14px; border-radius: 8px; background: var(--warn-bg); color: var(--warn); margin-bottom: 14px; }

@media (max-width: 960px) {
  .grid { grid-template-columns: minmax(0, 1fr); }
  /* One column: why it fired comes right after the chart, the evidence after that. */
  .grid > div { display: contents; }
  .o-source { order: 1; } .o-chart { order: 1; } .o-why { order: 2; } .o-related { order: 2; } .o-official { order: 3; } .o-posts { order: 3; } .o-where { order: 4; } .o-timeline { order: 5; }
}
@media (max-width: 700px) {
  main { padding: 12px; }
  .topbar { gap: 10px; padding: 0 12px; }
  .topbar nav a { padding: 6px 7px; }
  .seg button { padding: 5px 8px; }
  .filters select { flex: 1 1 40%; min-width: 0; }
  .topbar .live .label { display: none; }
  .hide-phone { display: none; }
  table.incidents thead { display: none; }
  table.incidents, table.incidents tbody, table.incidents tr, table.incidents td { display: block; width: 100%; }
  table.incidents tr { padding: 12px 14px; border-bottom: 1px solid var(--border); display: grid; grid-template-columns: auto 1fr auto; gap: 6px 10px; }
  table.incidents tr:last-child { border-bottom: 0; }
  table.incidents td { padding: 0; border: 0; }
  table.incidents td.c-sev { grid-area: 1 / 1; }
  table.incidents td.c-status { grid-area: 1 / 2; }
  table.incidents td.c-age { grid-area: 1 / 3; text-align: right; }
  table.incidents td.c-title { grid-area: 2 / 1 / 3 / -1; }
  table.incidents td.c-fig { grid-area: 3 / 1 / 4 / -1; }
  table.incidents td.c-esc { display: none; }
  .detail-head h1 { font-size: 18px; }
  main.has-actions { padding-bottom: 76px; }
  .actions { position: fixed; left: 0; right: 0; bottom: 0; z-index: 5; background: var(--panel); border-top: 1px solid var(--border); padding: 10px 10px calc(10px + env(safe-area-inset-bottom)); flex-wrap: nowrap; gap: 6px; }
  .actions .btn { flex: 1 1 auto; min-width: 0; justify-content: center; padding: 7px 4px; font-size: 13.5px; }
}
`;
