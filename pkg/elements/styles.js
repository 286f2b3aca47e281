// The stylesheet of <argocd-tls-report>: a constructable stylesheet shared by every instance
// (adoptedStyleSheets), so the element works under a CSP without 'unsafe-inline'. Colours are
// custom properties (`--argocd-tls-*`) with light and dark defaults.

export const sheet = new CSSStyleSheet();
sheet.replaceSync(`
:host {
  --_fg: var(--argocd-tls-fg, #18181b); --_bg: var(--argocd-tls-bg, #f7f7f8);
  --_panel: var(--argocd-tls-panel, #ffffff); --_muted: var(--argocd-tls-muted, #52525b);
  --_border: var(--argocd-tls-border, #d4d4d8); --_ok: var(--argocd-tls-ok, #15803d);
  --_warn: var(--argocd-tls-warn, #b45309); --_bad: var(--argocd-tls-bad, #b91c1c);
  --_info: var(--argocd-tls-info, #1d4ed8); --_plain: var(--argocd-tls-plain, #64748b);
  --_focus: var(--argocd-tls-focus, #2563eb);
  --_mono: var(--argocd-tls-mono, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace);
  display: block; color-scheme: light dark; color: var(--_fg); background: var(--_bg);
  font: var(--argocd-tls-font, 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
}
@media (prefers-color-scheme: dark) {
  :host {
    --_fg: var(--argocd-tls-fg, #ededf0); --_bg: var(--argocd-tls-bg, #111113);
    --_panel: var(--argocd-tls-panel, #1b1b1f); --_muted: var(--argocd-tls-muted, #a1a1aa);
    --_border: var(--argocd-tls-border, #3f3f46); --_ok: var(--argocd-tls-ok, #4ade80);
    --_warn: var(--argocd-tls-warn, #fbbf24); --_bad: var(--argocd-tls-bad, #f87171);
    --_info: var(--argocd-tls-info, #93b4ff); --_plain: var(--argocd-tls-plain, #94a3b8);
    --_focus: var(--argocd-tls-focus, #93b4ff);
  }
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.wrap { container: report / inline-size; padding: 12px; }
button { font: inherit; color: inherit; }
code, pre, .mono { font-family: var(--_mono); font-size: 12px; }
:focus-visible { outline: 2px solid var(--_focus); outline-offset: 2px; }

.summary { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 14px; margin: 0 0 10px; }
.summary h2 { font-size: 15px; margin: 0; font-weight: 650; }
.meta { color: var(--_muted); }
.chips { display: flex; flex-wrap: wrap; gap: 6px; margin-left: auto; }
.chip { display: inline-flex; align-items: center; gap: 4px; border: 1px solid var(--_border); border-radius: 999px;
        padding: 0 8px; background: var(--_panel); white-space: nowrap; font-size: 12px; }
.chip .n { font-weight: 650; font-variant-numeric: tabular-nums; }
.chip.error .n, .sev-error { color: var(--_bad); }
.chip.warning .n, .sev-warning { color: var(--_warn); }
.chip.info .n, .sev-info { color: var(--_info); }
.banner { border: 1px solid var(--_bad); background: color-mix(in srgb, var(--_bad) 10%, var(--_panel));
          border-radius: 6px; padding: 8px 10px; margin: 0 0 10px; overflow-wrap: anywhere; }
.banner strong { color: var(--_bad); }
.empty { color: var(--_muted); padding: 24px 0; text-align: center; }

.main { display: grid; grid-template-columns: minmax(0, 1fr); gap: 12px; align-items: start;
        grid-template-areas: "diagram" "ways" "details" "findings"; }
.main > figure { grid-area: diagram; }
.main > .ways { grid-area: ways; }
.main > .details { grid-area: details; }
.main > .findings { grid-area: findings; }
@container report (min-width: 900px) {
  .main { grid-template-columns: minmax(0, 1.5fr) minmax(340px, 1fr); grid-template-rows: auto auto 1fr;
          grid-template-areas: "diagram details" "ways details" "findings details"; }
  .details { position: sticky; top: 8px; max-height: calc(100vh - 16px); overflow: auto; }
}
.panel { background: var(--_panel); border: 1px solid var(--_border); border-radius: 8px; }
.ways { padding: 8px 10px; }
.ways h3 { margin: 0 0 6px; font-size: 14px; }
.way-in + .way-in { border-top: 1px solid var(--_border); margin-top: 8px; padding-top: 8px; }
.way-in svg.way { width: 100%; max-width: 760px; height: auto; display: block; }
.way-in .kind, .way-in .note { margin: 2px 0; font-size: 12px; }
.way-in .muted { color: var(--_muted); }
.way-in ul.clients { list-style: none; margin: 4px 0 0; padding: 0; display: grid; gap: 4px; }
.way-in .fix { margin: 2px 0 0; font-size: 12px; overflow-wrap: anywhere; }
figure { margin: 0; padding: 8px; }
svg.diagram { display: block; width: 100%; height: auto; overflow: visible; }

.node .box { fill: var(--_panel); stroke: var(--_border); stroke-width: 1.25; }
.node .name { fill: var(--_fg); font-size: 13px; font-weight: 600; }
.node .status { fill: var(--_muted); font-size: 11.5px; }
.node .glyph-bg { fill: var(--_ok); }
.node .glyph { fill: var(--_panel); font-size: 11px; font-weight: 700; }
.node.failed .box { stroke: var(--_bad); stroke-width: 2; fill: color-mix(in srgb, var(--_bad) 8%, var(--_panel)); }
.node.failed .glyph-bg { fill: var(--_bad); }
.node.failed .status { fill: var(--_bad); font-weight: 600; }
.node.absent .box { stroke-dasharray: 5 4; fill: transparent; }
.node.absent .glyph-bg { fill: var(--_muted); }
.node.absent .name, .node.absent .status { fill: var(--_muted); }
.node.absent { opacity: 0.7; }
.node, .edge { cursor: pointer; outline: none; }
.node .ring { fill: none; stroke: var(--_focus); stroke-width: 3; opacity: 0; }
.node:focus-visible .ring, .node.selected .ring { opacity: 1; }
.node.related .ring { opacity: 0.6; stroke-dasharray: 4 3; }
.node:hover .box { stroke: var(--_focus); }

.edge .hit { stroke: transparent; stroke-width: 14; fill: none; }
.edge .halo { stroke: var(--_focus); stroke-width: 8; fill: none; opacity: 0; stroke-linecap: round; }
.edge:focus-visible .halo, .edge.selected .halo { opacity: 0.35; }
.edge.related .halo { opacity: 0.22; }
.edge:hover .line { stroke-width: 2.6; }
.edge .line { fill: none; stroke-width: 1.8; }
.edge .head { stroke: none; }
.edge.verified .line { stroke: var(--_ok); }
.edge.verified .head { fill: var(--_ok); }
.edge.unverified .line { stroke: var(--_warn); stroke-dasharray: 7 4; }
.edge.unverified .head { fill: var(--_warn); }
.edge.plaintext .line { stroke: var(--_plain); stroke-dasharray: 0.1 4.5; stroke-linecap: round; stroke-width: 2.4; }
.edge.plaintext .head { fill: var(--_plain); }
.edge.fails .line { stroke: var(--_bad); stroke-width: 2.4; }
.edge.fails .head { fill: var(--_bad); }
.edge.unknown .line { stroke: var(--_muted); }
.edge.unknown .head { fill: var(--_muted); }
.edge .badge-bg { stroke: var(--_panel); stroke-width: 1.5; }
.edge.fails .badge-bg { fill: var(--_bad); }
.edge.unknown .badge-bg { fill: var(--_muted); }
.edge .badge { fill: var(--_panel); font-size: 10px; font-weight: 800; }

.legend { display: flex; flex-wrap: wrap; gap: 4px 22px; margin: 6px 4px 0; color: var(--_muted); font-size: 12px; }
.legend ul { display: flex; flex-wrap: wrap; gap: 4px 11px; margin: 0; padding: 0; list-style: none; }
.legend .lg { font-weight: 600; }
.legend li { display: inline-flex; align-items: center; gap: 6px; }
.legend svg { width: 30px; height: 12px; overflow: visible; }
.legend .glyph { font-size: 7px; }

.details { padding: 12px 14px; min-height: 120px; }
.details:focus { outline: none; }
.details .placeholder { color: var(--_muted); margin: 0; }
.details h3 { font-size: 14px; margin: 0 0 2px; overflow-wrap: anywhere; }
.details h4 { font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--_muted);
              margin: 14px 0 6px; font-weight: 600; }
.details h5 { font-size: 13px; margin: 10px 0 4px; }
.kind { color: var(--_muted); font-size: 12px; margin: 0 0 8px; }
.pill { display: inline-block; border-radius: 4px; padding: 0 6px; font-size: 11.5px; font-weight: 650;
        border: 1px solid currentColor; margin-left: 6px; vertical-align: 1px; }
.pill.ok { color: var(--_ok); } .pill.bad { color: var(--_bad); } .pill.warn { color: var(--_warn); }
.pill.muted { color: var(--_muted); }
dl.kv { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 3px 12px; margin: 0; }
dl.kv dt { color: var(--_muted); }
dl.kv dd { margin: 0; overflow-wrap: anywhere; }
dl.kv ul { margin: 0; padding: 0; list-style: none; }
pre.err { margin: 4px 0 0; padding: 6px 8px; white-space: pre-wrap; overflow-wrap: anywhere; border-radius: 6px;
          border-left: 3px solid var(--_bad); background: color-mix(in srgb, var(--_bad) 8%, var(--_panel)); }
.endpoint { border-top: 1px solid var(--_border); padding-top: 6px; margin-top: 8px; }
.endpoint:first-of-type { border-top: 0; margin-top: 0; padding-top: 0; }
.src { color: var(--_muted); }
details.chain { margin-top: 6px; }
details.chain > summary { cursor: pointer; color: var(--_fg); padding: 2px 0; }
details.chain > summary .mono { overflow-wrap: anywhere; }
details.chain argocd-tls-certificates { margin-top: 6px; --argocd-tls-fg: var(--_fg); --argocd-tls-bg: var(--_bg);
  --argocd-tls-muted: var(--_muted); --argocd-tls-border: var(--_border); --argocd-tls-ok: var(--_ok);
  --argocd-tls-bad: var(--_bad); --argocd-tls-focus: var(--_focus); --argocd-tls-mono: var(--_mono); }
details.chain argocd-tls-certificates::part(card) { padding: 8px 10px; border-radius: 6px; }
details.chain argocd-tls-certificates::part(title) { font-size: 13px; margin-bottom: 4px; }
details.chain argocd-tls-certificates::part(field) { font-size: 11.5px; }
.links { display: flex; flex-direction: column; gap: 2px; margin: 0; padding: 0; list-style: none; }
.link { all: unset; cursor: pointer; display: inline-flex; gap: 6px; align-items: baseline; border-radius: 4px;
        padding: 1px 4px; margin-left: -4px; overflow-wrap: anywhere; }
.link:hover { background: color-mix(in srgb, var(--_focus) 12%, transparent); }
.link:focus-visible { outline: 2px solid var(--_focus); }
.mark { font-weight: 800; width: 1.1em; text-align: center; flex: none; }
.link .src { white-space: nowrap; margin-left: auto; padding-left: 6px; }

.findings { padding: 10px 12px; }
.findings > h3 { font-size: 14px; margin: 0 0 4px; }
.findings .none { color: var(--_muted); margin: 4px 0; }
.group h4 { display: flex; align-items: center; gap: 6px; font-size: 13px; margin: 10px 0 4px; }
.group h4 .count { color: var(--_muted); font-weight: 400; }
.group ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
.finding { border: 1px solid var(--_border); border-left-width: 4px; border-radius: 6px; padding: 6px 10px;
           background: var(--_bg); }
.finding[data-severity="error"] { border-left-color: var(--_bad); }
.finding[data-severity="warning"] { border-left-color: var(--_warn); }
.finding[data-severity="info"] { border-left-color: var(--_info); }
.finding.selected { box-shadow: 0 0 0 2px var(--_focus); }
.fhead { all: unset; cursor: pointer; display: flex; gap: 8px; align-items: baseline; width: 100%; border-radius: 4px; }
.fhead:focus-visible { outline: 2px solid var(--_focus); outline-offset: 2px; }
.fhead .code { font-family: var(--_mono); font-size: 12px; font-weight: 700; flex: none; }
.fhead .title { font-weight: 600; overflow-wrap: anywhere; }
.finding .message { margin: 2px 0 4px; overflow-wrap: anywhere; }
.hint { display: flex; gap: 8px; align-items: flex-start; margin: 2px 0; }
.hint .label { color: var(--_muted); flex: none; }
.hint-text { flex: 1; min-width: 0; overflow-wrap: anywhere; }
.finding code, .details .message code { background: color-mix(in srgb, var(--_fg) 7%, transparent); border-radius: 3px;
  padding: 0 3px; overflow-wrap: anywhere; }
.copy { flex: none; border: 1px solid var(--_border); background: var(--_panel); border-radius: 4px;
        padding: 0 8px; cursor: pointer; font-size: 12px; }
.copy:hover { border-color: var(--_focus); }
.fmeta { display: flex; flex-wrap: wrap; gap: 4px 8px; align-items: baseline; color: var(--_muted); font-size: 12px; }
.subject { border: 1px solid var(--_border); border-radius: 4px; padding: 0 5px; background: var(--_panel);
           font-family: var(--_mono); font-size: 11.5px; overflow-wrap: anywhere; color: var(--_fg); }
button.subject { cursor: pointer; }
button.subject:hover { border-color: var(--_focus); }
.fmeta a { color: var(--_info); }
`);
