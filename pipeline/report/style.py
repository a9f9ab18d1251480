""":mod:`pipeline.report.style`: The site's one stylesheet (written to ``SITE/assets/report.css``).

System fonts only (no web fonts, no font files: the site loads nothing). :data:`FONT_STACK` is the one font
stack, the CSS variable ``--font`` every text uses: a Chinese face for each common system, so a page never
shows boxes where the system has any of them.
"""

#: The one font stack, in order of preference: the system UI face (Latin; its missing CJK falls through, per
#: character, to the faces after it), then a simplified-Chinese face for each system — sans (黑体) first, then
#: serif (宋体/明体) for a system with only those — then Latin faces and the generic family.
FONT_STACK = (
    "-apple-system", "BlinkMacSystemFont",
    # macOS
    "PingFang SC", "Hiragino Sans GB",
    # Windows
    "Microsoft YaHei",
    # Linux (Noto Sans CJK is Source Han Sans; fonts-noto-cjk, fonts-wqy-microhei, fonts-wqy-zenhei)
    "Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
    # Windows 黑体, then the serif faces: macOS 宋体, Windows 宋体, Linux fonts-arphic-uming
    "SimHei", "Songti SC", "SimSun", "AR PL UMing CN",
    "Helvetica Neue", "Arial", "sans-serif",
)
_UNQUOTED = {"-apple-system", "BlinkMacSystemFont", "sans-serif"}


def font_family(stack: tuple[str, ...] = FONT_STACK) -> str:
    """A font stack as a CSS ``font-family`` value: family names quoted, keywords as they are."""
    return ", ".join(name if name in _UNQUOTED else f'"{name}"' for name in stack)


CSS = """
:root {
  --font: @FONT@;
  --ink: #1f2933; --muted: #66727f; --line: #e3e7ec; --page: #f5f6f8; --card: #fff;
  --task: #eef3fa; --task-line: #c5d3e8; --tag: #3d5a80;
  --lead: #fde3e7; --lead-line: #d9465f;
  --support: #e1edff; --support-line: #3b78e7;
  --responsible: #efe6ff; --responsible-line: #8b5cf6;
  --quota: #ddf4e4; --quota-line: #15803d;
  --date: #fff0d4; --date-line: #d97706;
  --issue-line: #dc2626;
}
* { box-sizing: border-box; }
html { scroll-behavior: smooth; }
body { margin: 0; background: var(--page); color: var(--ink); font: 15px/1.6 var(--font); }
a { color: #2456b8; text-decoration: none; }
a:hover { text-decoration: underline; }
header.top { background: var(--card); border-bottom: 1px solid var(--line); padding: 14px 28px; }
header.top .crumbs { font-size: 13px; color: var(--muted); margin-bottom: 2px; }
header.top h1 { font-size: 22px; line-height: 1.4; margin: 2px 0 6px; font-weight: 600; }
main { max-width: 1440px; margin: 0 auto; padding: 20px 28px 40px; }
h2 { font-size: 17px; margin: 28px 0 10px; font-weight: 600; }
h3 { font-size: 15px; margin: 0 0 8px; font-weight: 600; }
.muted { color: var(--muted); }
footer { color: var(--muted); font-size: 12px; text-align: center; padding: 16px 28px 28px; }
.stale { margin: 0; padding: 10px 28px; background: #fff3cd; color: #664d03; border-bottom: 1px solid #e0c36a; }
[id] { scroll-margin-top: 30vh; }

.meta { display: flex; flex-wrap: wrap; gap: 4px 22px; margin: 0; font-size: 13px; color: var(--muted); }
.meta div { display: flex; gap: 6px; }
.meta dt { font-weight: 600; }
.meta dd { margin: 0; color: var(--ink); }
.stats { display: flex; flex-wrap: wrap; gap: 12px; margin: 0 0 8px; }
.stat { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 10px 16px; min-width: 110px; }
.stat b { display: block; font-size: 22px; line-height: 1.2; }
.stat span { font-size: 13px; color: var(--muted); }

.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 16px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 14px 18px; min-width: 0; }
.card .note { font-size: 12px; color: var(--muted); margin: 6px 0 0; }
svg.chart { display: block; max-width: 100%; height: auto; font-family: var(--font); }
svg.chart text { font-size: 12px; fill: var(--ink); }
svg.chart text.value, svg.chart text.axis { fill: var(--muted); }
svg.chart text.count { fill: #fff; font-weight: 600; font-size: 11px; }
svg.chart text.empty { fill: var(--muted); font-size: 13px; }
svg.chart line.grid { stroke: var(--line); }
svg.chart rect.blank { fill: #f3f5f7; }
svg.chart .bar:hover rect, svg.chart .dot:hover circle, svg.chart .cell:hover rect { opacity: .75; }

.table-wrap { overflow-x: auto; background: var(--card); border: 1px solid var(--line); border-radius: 10px; }
table.data { border-collapse: collapse; width: 100%; font-size: 13.5px; }
table.data th, table.data td { padding: 7px 10px; border-bottom: 1px solid #eef1f4; text-align: left; vertical-align: top; }
table.data th { background: #f8f9fb; font-weight: 600; color: #3b4652; white-space: nowrap; position: sticky; top: 0; z-index: 1; }
table.data tr:last-child td { border-bottom: 0; }
table.data tr:target td { background: #fff7d1; }
table.data td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.data td.nowrap { white-space: nowrap; }
table.data td.title { min-width: 12em; }
.failures td.code, .issues td.code { font-family: ui-monospace, Menlo, Consolas, monospace; color: var(--issue-line); }

.legend { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: center; font-size: 13px; margin: 4px 0 14px; }
.legend .hl { padding: 1px 6px; }
.legend .none { opacity: .45; }
.banner { background: #fff4e5; border: 1px solid #f5c27a; border-radius: 8px; padding: 8px 12px; margin: 0 0 12px; font-size: 13px; }

.doc-layout { display: grid; grid-template-columns: minmax(0, 1fr) minmax(380px, 42%); gap: 20px; align-items: start; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 16px; line-height: 2.05; tab-size: 4; background: var(--card);
        border: 1px solid var(--line); border-radius: 10px; padding: 22px 30px; margin: 0; font-family: var(--font); }
aside.side { container-type: inline-size; position: sticky; top: 12px; max-height: calc(100vh - 24px); overflow: auto;
             background: var(--card); border: 1px solid var(--line); border-radius: 10px; }
aside.side h2 { margin: 12px 14px 8px; }
aside.side table.data { font-size: 13px; }
aside.side table.data td.title { max-width: 18em; }
aside.side table.data { min-width: 0; }
@container (max-width: 760px) {
  aside.side table.tasks thead { display: none; }
  aside.side table.tasks, aside.side table.tasks tbody { display: block; }
  aside.side table.tasks tr { display: grid; grid-template-columns: 2.6em minmax(0, 1fr); padding: 8px 12px 8px 6px;
                   border-bottom: 1px solid #eef1f4; }
  aside.side table.tasks tr:target { background: #fff7d1; }
  aside.side table.tasks td { display: block; grid-column: 2; border: 0; padding: 1px 0; max-width: none; }
  aside.side table.tasks td:first-child { grid-column: 1; grid-row: 1 / span 6; text-align: center; }
  aside.side table.tasks td.title { font-weight: 600; margin-bottom: 3px; max-width: none; min-width: 0; }
  aside.side table.tasks td:empty { display: none; }
  aside.side table.tasks td:not(.title):not(:first-child)::before { content: attr(data-label); display: inline-block;
      min-width: 4.5em; color: var(--muted); font-size: 12px; }
}
aside.side details { border-top: 1px solid var(--line); }
aside.side summary { cursor: pointer; padding: 10px 14px; font-weight: 600; }
@media (max-width: 1020px) {
  .doc-layout { grid-template-columns: 1fr; }
  aside.side { position: static; max-height: none; }
  .cards { grid-template-columns: 1fr; }
  main, header.top { padding-left: 14px; padding-right: 14px; }
  .text { padding: 16px; }
}

/* highlights: displaCy-like spans, nested in the text */
.hl { border-radius: 3px; -webkit-box-decoration-break: clone; box-decoration-break: clone; }
.k-task { background: var(--task); box-shadow: inset 0 -1px 0 var(--task-line); padding: 3px 0; }
.ent { position: relative; padding: 1px 2px; border-bottom: 2px solid; }
.k-lead { background: var(--lead); border-color: var(--lead-line); }
.k-support { background: var(--support); border-color: var(--support-line); }
.k-responsible { background: var(--responsible); border-color: var(--responsible-line); }
.k-quota { background: var(--quota); border-color: var(--quota-line); font-weight: 600; }
.k-date { background: var(--date); border-color: var(--date-line); }
.k-issue { text-decoration: underline wavy var(--issue-line); text-underline-offset: 5px; }
.hl:target, .hl.cont:target { outline: 2px solid #f59e0b; outline-offset: 1px; }
.tag { display: inline-block; position: relative; min-width: 1.6em; margin: 0 4px 0 1px; padding: 2px 5px; border-radius: 9px;
       background: var(--tag); color: #fff; font-size: 11px; line-height: 1.2; text-align: center; vertical-align: 2px;
       user-select: none; }
.tag::before { content: attr(data-n); }
.tag:hover { text-decoration: none; background: #22324a; }
.ent[data-tip]:hover::after, .tag[data-tip]:hover::after {
  content: attr(data-tip); position: absolute; left: 0; bottom: calc(100% + 6px); z-index: 20; pointer-events: none;
  background: #1f2933; color: #fff; font-size: 12px; font-weight: normal; line-height: 1.5; padding: 4px 9px;
  border-radius: 6px; white-space: nowrap; box-shadow: 0 4px 14px rgba(0, 0, 0, .18); }
.ent:has(.ent:hover)::after { display: none; }
.chip { display: inline-block; margin: 1px 3px 1px 0; padding: 0 6px; border-radius: 4px; border-bottom: 2px solid;
        font-size: 12.5px; line-height: 1.7; color: var(--ink); white-space: nowrap; }
.chip:hover { text-decoration: none; filter: brightness(.95); }
""".replace("@FONT@", font_family())
