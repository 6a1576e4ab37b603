"""The report as one self-contained HTML file: no scripts, fonts or images from anywhere, so it
opens offline and from a USB stick, and it is drawn for a classroom projector (large type, dark
on light, thick lines, nothing that depends on colour alone: the Politburo's option carries a ◆
as well as a colour).

Every piece of text that comes from a run record or a scenario file goes through :func:`e`
(HTML escaping, quotes included): student names and reasons are untrusted.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from game.classroom.report import DecisionStat, Group, MeterSeries, PlayerRow, Report

CSS = """
*{box-sizing:border-box}
body{font:20px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#111;
background:#fff;margin:0 auto;max-width:1150px;padding:24px 32px}
h1{font-size:2em;margin:.2em 0}h2{font-size:1.5em;border-bottom:3px solid #111;margin-top:1.6em}
h3{font-size:1.2em;margin:1.2em 0 .3em}h4{font-size:1em;margin:.8em 0 .2em}
nav a{margin-right:1.2em;color:#2b5c8a}
.meta{color:#333}.note{background:#fff3bf;border-left:8px solid #b8860b;padding:.5em .8em;margin:.5em 0}
.card{border:2px solid #444;border-radius:8px;padding:.6em 1em;margin:1em 0;page-break-inside:avoid}
.tag{display:inline-block;background:#111;color:#fff;border-radius:4px;padding:0 .4em;font-size:.75em;
vertical-align:middle}
.opt{display:grid;grid-template-columns:minmax(10em,24em) 1fr 5.5em;gap:.6em;align-items:center;margin:.25em 0}
.track{background:#e6e6e6;height:1.1em;border-radius:3px}.fill{background:#2b5c8a;height:100%;border-radius:3px}
.hist .fill{background:#a31515}.hist .lab{font-weight:700;color:#a31515}
.num{text-align:right;font-variant-numeric:tabular-nums}
blockquote{margin:.4em 0 .4em 1em;padding-left:.8em;border-left:5px solid #2b5c8a}
cite{font-style:normal;color:#333}
table{border-collapse:collapse;width:100%}th,td{padding:.3em .5em;border-bottom:1px solid #999;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
svg{width:100%;height:auto;background:#fff}svg.gauge{width:200px;height:24px;vertical-align:middle}
td.n{white-space:nowrap}.sv{display:inline-block;width:2.6em;text-align:right}
.legend span{margin-right:1.5em;white-space:nowrap}
.sw{display:inline-block;width:2em;height:.3em;vertical-align:middle;margin-right:.3em}
@media print{body{font-size:12pt;max-width:none}}
"""


def e(text: object) -> str:
    return escape(str(text), quote=True)


def _decision(n: int, d: DecisionStat) -> str:
    share = "" if d.percent_matched is None else f" · <b>{d.percent_matched}%</b> as the Politburo"
    parts = [f'<div class="card"><h3>{n}. {e(d.title)}'
             + (' <span class="tag">debate point</span>' if d.debate else "") + "</h3>",
             f'<div class="meta">{d.reached} decided{share} · split {d.split}%</div>']
    for o in d.options:
        cls = "opt hist" if o.historical else "opt"
        mark = "◆ " if o.historical else ""
        note = " (the Politburo's choice)" if o.historical else ""
        parts.append(f'<div class="{cls}"><span class="lab">{mark}{e(o.label)}{note}</span>'
                     f'<div class="track"><div class="fill" style="width:{o.percent}%"></div></div>'
                     f'<span class="num">{o.count} · {o.percent}%</span></div>')
    labels = {o.choice: o.label for o in d.options}
    for choice in dict.fromkeys(q.choice for q in d.quotes):
        parts.append(f'<h4>Why “{e(labels.get(choice, choice))}”?</h4>')
        parts += [f"<blockquote>“{e(q.text)}” <cite>— {e(q.player)}</cite></blockquote>"
                  for q in d.quotes if q.choice == choice]
    parts.append("</div>")
    return "\n".join(parts)


def _chart(m: MeterSeries, width: int = 1000, height: int = 360) -> str:
    """One meter: every player's line (thin, translucent), the class median (dashed) and the
    historical track (thick, with points), on the meter's own range."""
    left, right, top, bottom = 60, 20, 20, 40
    turns = max([len(m.history)] + [len(p.values) for p in m.players]) - 1
    span_x = max(turns, 1)
    span_y = max(m.max - m.min, 1)

    def x(t: int) -> float:
        return left + t / span_x * (width - left - right)

    def y(v: float) -> float:
        return top + (1 - (min(max(v, m.min), m.max) - m.min) / span_y) * (height - top - bottom)

    def path(values: Sequence[float | None]) -> str:
        return " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in enumerate(values) if v is not None)

    out = [f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{e(m.label)} over time: '
           f'each player against the historical track">']
    for k in range(5):
        v = m.min + span_y * k / 4
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#ccc"/>'
                   f'<text x="{left - 8}" y="{y(v) + 6:.1f}" text-anchor="end" font-size="18">{v:g}</text>')
    for t in range(turns + 1):
        out.append(f'<text x="{x(t):.1f}" y="{height - 12}" text-anchor="middle" font-size="18">{t}</text>')
    for p in m.players:
        out.append(f'<polyline points="{path(p.values)}" fill="none" stroke="#2b5c8a" stroke-width="3" '
                   f'stroke-opacity="0.35"><title>{e(p.player)}</title></polyline>')
    out.append(f'<polyline points="{path(m.median)}" fill="none" stroke="#2b5c8a" stroke-width="4" '
               'stroke-dasharray="10 6"><title>class median</title></polyline>')
    out.append(f'<polyline points="{path(m.history)}" fill="none" stroke="#a31515" stroke-width="6">'
               "<title>history</title></polyline>")
    out += [f'<circle cx="{x(t):.1f}" cy="{y(v):.1f}" r="7" fill="#a31515"/>' for t, v in enumerate(m.history)]
    out.append("</svg>")
    return "".join(out)


def _ending(p: PlayerRow) -> str:
    if not p.complete:
        return f"<i>unfinished after {p.decisions}</i>"
    return ("◆ " if p.ending_historical else "") + e(p.ending_title or p.ending)


def _gauge(value: int | None) -> str:
    """Where a player's decisions sit on the seesaw, as a marker on a -100..+100 line."""
    if value is None:
        return "–"
    x = 10 + (max(-100, min(100, value)) + 100) / 200 * 180
    return (f'<span class="sv">{value:+d}</span> '
            '<svg class="gauge" viewBox="0 0 200 24" width="200" height="24" aria-hidden="true">'
            '<line x1="10" x2="190" y1="12" y2="12" stroke="#555" stroke-width="3"/>'
            '<line x1="100" x2="100" y1="3" y2="21" stroke="#555" stroke-width="2"/>'
            f'<circle cx="{x:.1f}" cy="12" r="8" fill="#2b5c8a"/></svg>')


def _fig(value: object) -> str:
    return "–" if value is None else e(value)


def _group(n: int, g: Group) -> str:
    codes = f" · class {e(', '.join(g.class_codes))}" if g.class_codes else ""
    out = [f"<h1>{e(g.title)}</h1>",
           f'<p class="meta">{e(g.scenario_id)}, version {e(g.version)} · {g.runs} run(s), '
           f"{g.complete} finished{codes}</p>",
           f'<nav><a href="#decisions-{n}">Decisions</a><a href="#split-{n}">Where the class split</a>'
           f'<a href="#players-{n}">Players</a><a href="#meters-{n}">Meters</a></nav>']
    out += [f'<p class="note">{e(note)}</p>' for note in g.notes]
    out.append(f'<h2 id="decisions-{n}">Decisions</h2><p>◆ and red mark what the Politburo actually did. '
               "<i>Split</i> is the share of the class that did not take the most popular option.</p>")
    out += [_decision(n, d) for n, d in enumerate(g.decisions, start=1)]
    by_scene = {d.scene: d for d in g.decisions}
    out.append(f'<h2 id="split-{n}">Where the class split most</h2>')
    if not g.most_split:
        out.append("<p>No decision divided the class.</p>")
    out.append("<ol>")
    for scene in g.most_split:
        d = by_scene[scene]
        qs = "".join(f"<li>{e(q)}</li>" for q in d.debrief_questions)
        out.append(f"<li><b>{e(d.title)}</b>: {d.split}% did not take the most popular option."
                   + (f"<ul>{qs}</ul>" if qs else "") + "</li>")
    out.append("</ol>")
    left, right = g.seesaw
    out.append(f'<h2 id="players-{n}">Players</h2><p>◆ marks a historical ending. Divergence: 0 = exactly '
               "history's meters, 100 = the opposite end. Seesaw: from −100 (all "
               f"{e(left)}, left) to +100 (all {e(right)}, right).</p>")
    out.append('<table><tr><th>player</th><th>ending</th><th class="n">divergence</th>'
               '<th class="n">agreement</th><th class="n">seesaw</th></tr>')
    for p in g.players:
        agree = "–" if p.decided is None else f"{p.matched}/{p.decided}"
        out.append(f"<tr><td>{e(p.player)}</td><td>{_ending(p)}</td><td class=n>{_fig(p.divergence)}</td>"
                   f"<td class=n>{agree}</td><td class=n>{_gauge(p.seesaw)}</td></tr>")
    out.append(f'</table><h2 id="meters-{n}">Meters over time</h2>')
    out.append('<p class="legend"><span><i class="sw" style="background:#a31515"></i>history</span>'
               '<span><i class="sw" style="background:#2b5c8a"></i>class median (dashed)</span>'
               '<span><i class="sw" style="background:#2b5c8a;opacity:.35"></i>each player</span>'
               "<span>across: decisions made</span></p>")
    for m in g.meters:
        out.append(f"<h3>{e(m.label)}</h3>{_chart(m)}")
    return "\n".join(out)


def to_html(report: Report) -> str:
    title = "Class report" + (f": {report.groups[0].title}" if len(report.groups) == 1 else "")
    body = [f'<p class="note">{e(n)}</p>' for n in report.notes]
    body += [f"<section>{_group(n, g)}</section>" for n, g in enumerate(report.groups, start=1)]
    if report.skipped:
        items = "".join(f"<li><code>{e(s.path)}</code>: {e(s.reason)}</li>" for s in report.skipped)
        body.append(f"<h2>Skipped files</h2><ul>{items}</ul>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{e(title)}</title><style>{CSS}</style></head><body>\n"
            + "\n".join(body)
            + f'\n<p class="meta">Made by Politburo on {e(report.generated_at)}.</p></body></html>\n')
