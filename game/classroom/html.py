"""The report as one self-contained HTML file: no scripts, fonts or images from anywhere, so it
opens offline and from a USB stick, and it is drawn for a classroom projector (large type, dark
on light, thick lines, nothing that depends on colour alone: the Politburo's option carries a ◆
as well as a colour).

**The page opens with its summary** — how many played, the share who chose as the Politburo did
at each decision, the most divided decisions with their debrief questions, who is still playing —
then the decisions, how the class ended, and the meters.  It uses the projector's whole width
(the type grows with the window; the decision cards flow into two columns on a wide screen) and
has a print stylesheet for handouts.  Every chart is labelled: axis titles, values on the bars,
and the lines named where they end.

**Its size does not grow with the class** (issue 14): the meters are drawn as the class's spread
(lowest–highest and the middle half, around the median) instead of a line per player; endings,
divergence and the seesaw are distributions; at most :data:`QUOTES_SHOWN` reasons are quoted per
option (the rest are counted; every reason is in the Markdown and CSV reports, and every player
in the roster, ``--format roster``).  Only the decisions (the scenario's) and the skipped files
(capped) add length.

Every piece of text that comes from a run record or a scenario file goes through :func:`e`
(HTML escaping, quotes included): student names and reasons are untrusted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from html import escape

from game.classroom.report import IN_PROGRESS, DecisionStat, Group, MeterSeries, Report, spread
from game.classroom.text import counts_line, share_words, skipped_more_words
from game.safetext import visible

#: Reasons quoted per option; the rest are counted (the page must not grow with the class).
QUOTES_SHOWN = 3
RED, BLUE = "#a31515", "#2b5c8a"

CSS = """
*{box-sizing:border-box}
html{font-size:clamp(15px,calc(.75vw + 8px),26px)}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;line-height:1.4;color:#111;
background:#fff;margin:0;padding:1rem 2.5vw 2rem}
h1{font-size:2.1rem;margin:.2rem 0}h2{font-size:1.45rem;border-bottom:3px solid #111;margin:1.4em 0 .5em}
h3{font-size:1.1rem;margin:0 0 .3em}h4{font-size:1rem;margin:.7em 0 .2em}
nav{margin:.3em 0 .8em}nav a{margin-right:1.2em;color:#2b5c8a}
.meta{color:#333;margin:.2em 0}
.note{background:#fff3bf;border-left:8px solid #b8860b;padding:.4em .8em;margin:.4em 0}
.apart{background:#ffe3e3;border-left-color:#a31515;font-weight:600}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:1rem;margin:.8rem 0}
.stat{border:3px solid #111;border-radius:10px;padding:.5rem 1rem}
.stat .big{display:block;font-size:2.3rem;font-weight:700;line-height:1.1}.stat .big small{font-size:1.1rem}
.two{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:2rem;align-items:start}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,31rem),1fr));gap:1rem}
.card{border:2px solid #444;border-radius:8px;padding:.6em 1em;break-inside:avoid}
.tag{display:inline-block;background:#111;color:#fff;border-radius:4px;padding:0 .4em;font-size:.75em;
vertical-align:middle}
.row{display:grid;grid-template-columns:minmax(8em,3fr) minmax(5em,2fr) 6.5em;gap:.6em;align-items:center;
margin:.3em 0}
.row .lab{overflow-wrap:anywhere}
.track{background:#e6e6e6;height:1.15em;border-radius:3px;position:relative}
.fill{background:#2b5c8a;height:100%;border-radius:3px}
.hist .fill,.match .fill{background:#a31515}.hist .lab{font-weight:700;color:#a31515}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,36rem),1fr));gap:0 2rem}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.hidden{color:#555;font-style:italic}
blockquote{margin:.3em 0 .3em .6em;padding-left:.7em;border-left:5px solid #2b5c8a}
cite{font-style:normal;color:#333}.more{color:#333;font-style:italic;margin:.2em 0 .2em .6em}
ol.split>li{margin:.4em 0}ol.split ul{margin:.2em 0}
ul.playing{columns:18rem;margin:.3em 0}
figure{margin:.6rem 0 1.2rem;break-inside:avoid}figcaption{font-weight:700;margin-bottom:.2em}
svg{width:100%;height:auto;background:#fff;display:block}
.legend{margin:.2em 0 .6em}.legend span{margin-right:1.5em;white-space:nowrap}
.sw{display:inline-block;width:2em;height:.7em;vertical-align:middle;margin-right:.35em;border-radius:2px}
table{border-collapse:collapse}table.spread{width:100%}caption{text-align:left}
th,td{padding:.2em .6em;border-bottom:1px solid #999;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
code{overflow-wrap:anywhere}
@media (max-width:900px){.two{grid-template-columns:1fr}}
@media print{
html{font-size:10.5pt}body{padding:0}nav{display:none}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
h2{break-after:avoid}.card,.stat,figure,table{break-inside:avoid}
.cards{grid-template-columns:1fr 1fr;gap:.5rem}.stats{grid-template-columns:repeat(4,1fr)}
section.group{break-before:page}section.group:first-of-type{break-before:auto}
a{color:inherit;text-decoration:none}
@page{margin:1.4cm}
}
"""


def e(text: object) -> str:
    return escape(visible(str(text)), quote=True)


def _bar_row(label: str, percent: int, count_text: str, *, hist: bool = False, match: bool = False) -> str:
    cls = "row hist" if hist else "row match" if match else "row"
    return (f'<div class="{cls}"><span class="lab">{label}</span>'
            f'<div class="track"><div class="fill" style="width:{max(0, min(100, percent))}%"></div></div>'
            f'<span class="num">{count_text}</span></div>')


# -- the summary ------------------------------------------------------------------------------

def _stats(g: Group) -> str:
    decided = sum(d.decided for d in g.decisions if not d.history_hidden)
    matched = sum(d.matched for d in g.decisions if not d.history_hidden)
    finished = [p for p in g.players if p.complete]
    historical = sum(1 for p in finished if p.ending_historical)
    split = next((d for d in g.decisions if g.most_split and d.scene == g.most_split[0]), None)
    played = (f'<div class="stat">Played<span class="big">{g.runs}</span>{g.complete} finished'
              + (f", {g.in_progress} still playing" if g.in_progress else "")
              + (f", {g.unfinished} unfinished" if g.unfinished else "") + "</div>")
    share = ("–" if not decided else f"{round(100 * matched / decided)}%")
    cards = [played,
             f'<div class="stat">Chose as the Politburo did<span class="big">{share}</span>'
             f"of {decided} decisions that had a historical choice</div>"]
    if split is not None:
        cards.append(f'<div class="stat">Most divided<span class="big">{split.split}% <small>split</small></span>'
                     f"{e(split.title)}</div>")
    if finished and not any(p.ending_historical is None for p in finished):
        cards.append(f'<div class="stat">Reached the historical ending<span class="big">{historical}'
                     f"<small> of {len(finished)}</small></span>finished runs</div>")
    return '<div class="stats">' + "".join(cards) + "</div>"


def _as_politburo(g: Group) -> str:
    """The share who chose as the Politburo did, decision by decision: a labelled bar each."""
    rows = []
    for n, d in enumerate(g.decisions, start=1):
        label = f"{n}. {e(d.title)}"
        if d.history_hidden:
            rows.append(f'<div class="row"><span class="lab">{label}</span><span class="hidden">hidden until '
                        f'revealed</span><span class="num">{d.reached} decided</span></div>')
        elif d.percent_matched is None:
            rows.append(f'<div class="row"><span class="lab">{label}</span><span class="hidden">no historical '
                        f'choice here</span><span class="num">{d.reached} decided</span></div>')
        else:
            rows.append(_bar_row(label, d.percent_matched, f"<b>{d.percent_matched}%</b> · {d.matched} of {d.decided}",
                                 match=True))
    return ('<figure role="img" aria-label="Share of the class that chose as the Politburo did, per decision">'
            "<figcaption>Chose as the Politburo did, decision by decision</figcaption>"
            + "".join(rows) + "</figure>")


def _most_split(g: Group) -> str:
    by_scene = {d.scene: d for d in g.decisions}
    if not g.most_split:
        return "<h3>Where the class split most</h3><p>No decision divided the class.</p>"
    items = []
    for scene in g.most_split:
        d = by_scene[scene]
        qs = "".join(f"<li>{e(q)}</li>" for q in d.debrief_questions)
        items.append(f"<li><b>{e(d.title)}</b>: {d.split}% did not take the most popular option."
                     + (f"<ul>{qs}</ul>" if qs else "") + "</li>")
    return f'<h3>Where the class split most</h3><ol class="split">{"".join(items)}</ol>'


def _still_playing(g: Group) -> str:
    """Counts by decision, not names: the page does not grow with the class."""
    at = Counter(p.at_decision for p in g.players if p.status == IN_PROGRESS)
    if not at:
        return ""
    parts = [f"{count} at decision {n}" if n else f"{count} about to start"
             for n, count in sorted(at.items(), key=lambda kv: kv[0] or 0)]
    return (f"<p><b>Still playing: {g.in_progress}</b> ({', '.join(parts)}). Their decisions so far are "
            "counted below.</p>")


def _summary(n: int, g: Group) -> str:
    return (f'<h2 id="summary-{n}">Summary</h2>' + _stats(g) + _still_playing(g)
            + f'<div class="two"><div>{_as_politburo(g)}</div><div>{_most_split(g)}</div></div>')


# -- decisions ----------------------------------------------------------------------------------

def _decision(n: int, d: DecisionStat) -> str:
    share = share_words(d)
    parts = [f'<div class="card"><h3>{n}. {e(d.title)}'
             + (' <span class="tag">debate point</span>' if d.debate else "") + "</h3>",
             f'<p class="meta">{d.reached} decided' + (f" · {e(share)}" if share else "")
             + f" · split {d.split}%</p>"]
    for o in d.options:
        mark = "◆ " if o.historical else ""
        note = " (the Politburo's choice)" if o.historical else ""
        parts.append(_bar_row(f"{mark}{e(o.label)}{note}", o.percent, f"{o.count} · {o.percent}%", hist=o.historical))
    labels = {o.choice: o.label for o in d.options}
    for choice in dict.fromkeys(q.choice for q in d.quotes):
        quotes = [q for q in d.quotes if q.choice == choice]
        parts.append(f"<h4>Why “{e(labels.get(choice, choice))}”?</h4>")
        parts += [f"<blockquote>“{e(q.text)}” <cite>— {e(q.player)}</cite></blockquote>"
                  for q in quotes[:QUOTES_SHOWN]]
        more = len(quotes) - QUOTES_SHOWN + d.more_quotes.get(choice, 0)
        if more > 0:
            parts.append(f'<p class="more">and {more:,} more reason(s) for this option '
                         "(more of them are in the Markdown and CSV reports)</p>")
    parts.append("</div>")
    return "".join(parts)


# -- how the class ended ------------------------------------------------------------------------

def _endings(g: Group) -> str:
    finished = [p for p in g.players if p.complete]
    if not finished:
        return ""
    counts = Counter((p.ending_title or p.ending, p.ending_historical) for p in finished)
    rows = [_bar_row(("◆ " if hist else "") + e(title) + (" (historical)" if hist else ""),
                     round(100 * count / len(finished)), f"{count} · {round(100 * count / len(finished))}%",
                     hist=bool(hist))
            for (title, hist), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))]
    return ('<figure role="img" aria-label="How many finished runs reached each ending">'
            f"<figcaption>Endings ({len(finished)} finished runs)</figcaption>" + "".join(rows) + "</figure>")


def _spread_table(g: Group) -> str:
    """Divergence and the seesaw as the class's spread: lowest, quartiles, highest (one column each)."""
    div = spread(sorted(p.divergence for p in g.players if p.complete and p.divergence is not None))
    see = spread(sorted(p.seesaw for p in g.players if p.complete and p.seesaw is not None))
    left, right = g.seesaw
    columns, scales = [], []
    if div is not None:
        columns.append(("divergence", [str(round(v)) for v in div]))
        scales.append("<b>divergence</b>: 0 = history's meters exactly, 100 = as far as the scenario allows")
    if see is not None:
        columns.append(("seesaw", [f"{round(v):+d}" for v in see]))
        scales.append(f"<b>seesaw</b>: −100 = every decision towards {e(left)}, +100 = towards {e(right)}")
    if not columns:
        return ""
    head = "<tr><th></th>" + "".join(f'<th class="n">{name}</th>' for name, _ in columns) + "</tr>"
    rows = [f"<tr><th>{what}</th>" + "".join(f'<td class="n">{values[i]}</td>' for _, values in columns) + "</tr>"
            for i, what in enumerate(("lowest", "lower quarter", "median", "upper quarter", "highest"))]
    return ('<table class="spread"><caption class="meta">The class\'s spread (finished runs)</caption>'
            + head + "".join(rows) + f'</table><p class="meta">{"; ".join(scales)}.</p>')


# -- meters -------------------------------------------------------------------------------------

def _chart(m: MeterSeries, width: int = 1100, height: int = 380) -> str:
    """One meter over the decisions: the class's spread as bands (lowest–highest, and the middle
    half), its median (dashed), and the historical track (thick, with points), each labelled."""
    left, right, top, bottom = 78, 150, 16, 62
    turns = max([len(m.history), len(m.bands), len(m.median)]) - 1
    span_x = max(turns, 1)
    span_y = max(m.max - m.min, 1)

    def x(t: int) -> float:
        return left + t / span_x * (width - left - right)

    def y(v: float) -> float:
        return top + (1 - (min(max(v, m.min), m.max) - m.min) / span_y) * (height - top - bottom)

    def line(values: Sequence[float | None]) -> str:
        return " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in enumerate(values) if v is not None)

    def area(low: int, high: int) -> str:
        pts = [(t, b) for t, b in enumerate(m.bands) if b is not None]
        upper = [f"{x(t):.1f},{y(b[high]):.1f}" for t, b in pts]
        lower = [f"{x(t):.1f},{y(b[low]):.1f}" for t, b in reversed(pts)]
        return " ".join(upper + lower)

    label = e(m.label)
    out = [f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{label} after each decision: the class\'s '
           f'spread and median against the historical track">']
    for k in range(5):
        v = m.min + span_y * k / 4
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#ccc"/>'
                   f'<text x="{left - 8}" y="{y(v) + 6:.1f}" text-anchor="end" font-size="18">{v:g}</text>')
    for t in range(turns + 1):
        out.append(f'<text x="{x(t):.1f}" y="{height - 36}" text-anchor="middle" font-size="18">{t}</text>')
    out.append(f'<text x="{(left + width - right) / 2:.0f}" y="{height - 6}" text-anchor="middle" font-size="19">'
               "decisions made</text>")
    out.append(f'<text transform="translate(20,{(top + height - bottom) / 2:.0f}) rotate(-90)" text-anchor="middle" '
               f'font-size="19">{label} ({m.min}–{m.max})</text>')
    if any(b is not None for b in m.bands):
        out.append(f'<polygon points="{area(0, 4)}" fill="{BLUE}" fill-opacity="0.14"><title>lowest to highest'
                   "</title></polygon>")
        out.append(f'<polygon points="{area(1, 3)}" fill="{BLUE}" fill-opacity="0.3"><title>the middle half of the '
                   "class</title></polygon>")
    ends: list[tuple[float, str, str]] = []
    median = [v for v in m.median if v is not None]
    if median:
        out.append(f'<polyline points="{line(m.median)}" fill="none" stroke="{BLUE}" stroke-width="4" '
                   'stroke-dasharray="10 6"><title>class median</title></polyline>')
        ends.append((y(median[-1]), "class median", BLUE))
    if m.history:
        out.append(f'<polyline points="{line(m.history)}" fill="none" stroke="{RED}" stroke-width="6">'
                   "<title>history</title></polyline>")
        out += [f'<circle cx="{x(t):.1f}" cy="{y(v):.1f}" r="7" fill="{RED}"/>' for t, v in enumerate(m.history)]
        ends.append((y(m.history[-1]), f"history {m.history[-1]}", RED))
    ends.sort()
    for i in range(1, len(ends)):  # keep the two end labels apart
        if ends[i][0] - ends[i - 1][0] < 22:
            ends[i] = (ends[i - 1][0] + 22, ends[i][1], ends[i][2])
    out += [f'<text x="{x(turns) + 12:.1f}" y="{ty + 6:.1f}" font-size="19" font-weight="700" fill="{colour}">'
            f"{text}</text>" for ty, text, colour in ends]
    out.append("</svg>")
    return "".join(out)


_LEGEND = ('<p class="legend"><span><i class="sw" style="background:#a31515"></i>history (the Politburo\'s path)</span>'
           '<span><i class="sw" style="background:#2b5c8a;height:.25em"></i>class median (dashed)</span>'
           '<span><i class="sw" style="background:#2b5c8a;opacity:.3"></i>middle half of the class</span>'
           '<span><i class="sw" style="background:#2b5c8a;opacity:.14"></i>lowest to highest</span></p>')


def _group(n: int, g: Group) -> str:
    codes = f" · class {e(', '.join(g.class_codes))}" if g.class_codes else ""
    out = [f'<section class="group"><h1>{e(g.title)}</h1>',
           f'<p class="meta">{e(g.scenario_id)}, version {e(g.version)} · {e(counts_line(g))}{codes}</p>',
           f'<nav><a href="#summary-{n}">Summary</a><a href="#decisions-{n}">Decisions</a>'
           f'<a href="#ended-{n}">How the class ended</a><a href="#meters-{n}">Meters</a></nav>']
    if g.apart:
        out.append(f'<p class="note apart">{e(g.apart)}</p>')
    out.append(_summary(n, g))
    out += [f'<p class="note">{e(note)}</p>' for note in g.notes if note != g.apart and note not in g.apart]
    out.append(f'<h2 id="decisions-{n}">Decisions</h2><p>◆ and red mark what the Politburo actually did. '
               "<i>Split</i> is the share of the class that did not take the most popular option.</p>")
    out.append('<div class="cards">' + "".join(_decision(k, d) for k, d in enumerate(g.decisions, start=1))
               + "</div>")
    out.append(f'<h2 id="ended-{n}">How the class ended</h2>')
    out.append(f'<div class="two"><div>{_endings(g) or "<p>No run has finished yet.</p>"}</div>'
               f"<div>{_spread_table(g)}<p>Each student's ending, divergence, agreement and reasons are in the "
               "roster: <code>politburo report FOLDER --format roster -o roster.csv</code>.</p></div></div>")
    out.append(f'<h2 id="meters-{n}">Meters over time</h2>{_LEGEND}<div class="charts">')
    out += [f"<figure><figcaption>{e(m.label)}</figcaption>{_chart(m)}</figure>" for m in g.meters]
    out.append("</div>")
    out.append("</section>")
    return "\n".join(out)


def to_html(report: Report) -> str:
    title = "Class report" + (f": {report.groups[0].title}" if len(report.groups) == 1 else "")
    body = [f'<p class="note">{e(n)}</p>' for n in report.notes]
    if report.history_hidden:
        from game.classroom.text import HIDDEN_NOTE

        body.append(f'<p class="note">{e(HIDDEN_NOTE)}</p>')
    body += [_group(n, g) for n, g in enumerate(report.groups, start=1)]
    if report.skipped:
        items = "".join(f"<li><code>{e(s.path)}</code>: {e(s.reason)}</li>" for s in report.skipped)
        more = f"<li>{e(skipped_more_words(report))}</li>" if report.skipped_more else ""
        body.append(f"<h2>Skipped files ({report.skipped_total:,})</h2><ul>{items}{more}</ul>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{e(title)}</title><style>{CSS}</style></head><body>\n"
            + "\n".join(body)
            + f'\n<p class="meta">Made by Politburo on {e(report.generated_at)}.</p></body></html>\n')


def to_live_html(report: Report) -> str:
    """The teacher's live board (a fragment for the served ``/live`` page): per class, the counts,
    who is still playing and where, and each decision as it splits so far."""
    from game.classroom.text import HIDDEN_NOTE

    out = [f'<p class="note">{e(HIDDEN_NOTE)} Press h to show it.</p>'] if report.history_hidden else []
    for n, g in enumerate(report.groups, start=1):
        codes = f" · class {e(', '.join(g.class_codes))}" if g.class_codes else ""
        out.append(f'<h1>{e(g.title)}</h1><p class="meta">{e(counts_line(g))}{codes}</p>')
        if g.apart:
            out.append(f'<p class="note apart">{e(g.apart)}</p>')
        out.append(_stats(g))
        playing = [p for p in g.players if p.status == IN_PROGRESS]
        if playing:
            items = "".join(f"<li><b>{e(p.player)}</b>: decision {p.at_decision or '?'}"
                            + (f", {e(p.where)}" if p.where else "") + "</li>" for p in playing)
            out.append(f"<h2>Still playing ({len(playing)})</h2><ul class='playing'>{items}</ul>")
        out.append(f'<h2 id="decisions-{n}">Decisions</h2><div class="cards">'
                   + "".join(_decision(k, d) for k, d in enumerate(g.decisions, start=1)) + "</div>")
    if not report.groups:
        out.append("<p>No one has decided yet: the board fills in with the first decision.</p>")
    return "\n".join(out)
