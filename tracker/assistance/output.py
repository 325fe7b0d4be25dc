"""``tracker assistance match`` in text, JSON and CSV (``assistance.md`` §4), from a result.

All three render one :class:`~tracker.assistance.match.MatchResult`, so they always agree.
Text: the sentences of articles 3, 4 and 5, the table ``Article | States with needs |
Supported | Possibly supported | No reported support`` and the line of flows in the window;
``--explain`` adds, per State, its status, where its need was read and each deciding flow.
"""

from __future__ import annotations

from collections.abc import Sequence

from tracker.assistance.formats import to_json
from tracker.assistance.listing import SIDE_WORDS, amount_text, flow_json, type_text
from tracker.assistance.match import AmountLine, ArticleMatch, MatchResult, StateMatch, Status
from tracker.assistance.rows import money, plain, state_name
from tracker.assistance.sentences import flows_line, window
from tracker.export.safety import to_csv
from tracker.wording import text_table

TABLE_HEADER = (
    "Article",
    "States with needs",
    "Supported",
    "Possibly supported",
    "No reported support",
)
CSV_COLUMNS = (
    "article",
    "state",
    "status",
    "donor_count",
    "donors",
    "donor_report",
    "recipient_report",
    "other_source",
    "need_source",
    "flow_sources",
)


def state_json(match: StateMatch, *, explain: bool, result: MatchResult) -> dict[str, object]:
    """One entry of ``states``."""
    entry: dict[str, object] = {
        "state": match.state,
        "status": match.status.value,
        "donors": [d.as_json() for d in match.donors],
        "donor_count": match.donor_count,
        "amounts": [a.as_json() for a in match.amounts],
        "converted_usd": (
            None if match.converted is None else [c.as_json() for c in match.converted]
        ),
    }
    if explain:
        entry["need"] = None if match.need is None else dict(match.need.json)
        entry["flows"] = [flow_json(f, result.rates) for f in match.deciding]
    return entry


def article_json(article: ArticleMatch, *, explain: bool, result: MatchResult) -> dict[str, object]:
    """One entry of ``matches``."""
    return {
        "article": article.article,
        "areas": [a.value for a in article.areas],
        "numerator": article.numerator,
        "supported": len(article.with_status(Status.SUPPORTED)),
        "possibly_supported": len(article.with_status(Status.POSSIBLY_SUPPORTED)),
        "no_reported_support": len(article.with_status(Status.NO_REPORTED_SUPPORT)),
        "supported_states": article.with_status(Status.SUPPORTED),
        "possibly_supported_states": article.with_status(Status.POSSIBLY_SUPPORTED),
        "no_reported_support_states": article.with_status(Status.NO_REPORTED_SUPPORT),
        "sentences": list(article.sentences),
        "states": [state_json(s, explain=explain, result=result) for s in article.states],
    }


def as_json(result: MatchResult, *, explain: bool = False) -> dict[str, object]:
    """The whole JSON document (the spec's keys; ``style`` added)."""
    return {
        "as_of": result.as_of,
        "since": result.since,
        "current_only": result.current_only,
        "style": result.style.value,
        "rates": None if result.rates is None else result.rates.as_json(),
        "flows_in_window": dict(result.flows_in_window),
        "matches": [article_json(a, explain=explain, result=result) for a in result.articles],
    }


def render_json(result: MatchResult, *, explain: bool = False) -> str:
    """``--format json``."""
    return to_json(as_json(result, explain=explain))


def _amounts_cell(lines: Sequence[AmountLine]) -> str:
    """``disbursement 500000.00 EUR;commitment 80000.00 EUR`` (one side's lines)."""
    return ";".join(
        " ".join(
            part
            for part in (
                "type not stated" if a.flow_type is None else a.flow_type.value,
                plain(a.amount) or "",
                a.currency or "(currency not stated)",
            )
        )
        for a in lines
    )


def render_csv(result: MatchResult) -> str:
    """``--format csv``: a row per (article, State); with rates a ``converted_usd`` column."""
    header: tuple[str, ...] = CSV_COLUMNS + (("converted_usd",) if result.rates else ())
    rows = []
    for article in result.articles:
        for s in article.states:
            by_side = {
                side: _amounts_cell([a for a in s.amounts if a.side.value == side])
                for side in ("donor_report", "recipient_report", "other_source")
            }
            row: list[object] = [
                article.article,
                s.state,
                s.status.value,
                s.donor_count,
                ";".join(d.name for d in s.donors),
                by_side["donor_report"],
                by_side["recipient_report"],
                by_side["other_source"],
                None if s.need is None else s.need.cited,
                ";".join(f.provenance.cited for f in s.deciding),
            ]
            if result.rates is not None:
                row.append(
                    ";".join(
                        f"{c.side.value} "
                        f"{'type not stated' if c.flow_type is None else c.flow_type.value} "
                        f"{plain(c.amount)}"
                        for c in s.converted or ()
                    )
                )
            rows.append(row)
    return to_csv(header, rows)


def render_table(result: MatchResult) -> list[str]:
    """The table under the sentences (figures in digits)."""
    rows = [TABLE_HEADER] + [
        (
            str(a.article),
            str(a.numerator),
            str(len(a.with_status(Status.SUPPORTED))),
            str(len(a.with_status(Status.POSSIBLY_SUPPORTED))),
            str(len(a.with_status(Status.NO_REPORTED_SUPPORT))),
        )
        for a in result.articles
    ]
    return text_table(rows)


def amount_lines(match: StateMatch) -> list[str]:
    """Per side, ``500,000 EUR disbursement`` lines, then ``= 540,000 USD (converted)``."""
    lines = []
    for side, words in SIDE_WORDS.items():
        mine = [a for a in match.amounts if a.side is side]
        for a in mine:
            kind = "type not stated" if a.flow_type is None else a.flow_type.value
            currency = a.currency or "(currency not stated)"
            lines.append(f"{words}: {money(a.amount)} {currency} {kind}")
        for c in match.converted or ():
            if c.side is side:
                kind = "type not stated" if c.flow_type is None else c.flow_type.value
                lines.append(f"{words}: {kind} = {money(c.amount)} USD (converted)")
    return lines


def render_explain(result: MatchResult) -> list[str]:
    """``--explain``: per article and State, the status, the need's cell, the deciding flows."""
    lines = [
        f"Provenance (reports up to {result.as_of}; needs and flows in "
        f"{window(result.since, result.as_of)})"
    ]
    for article in result.articles:
        lines.append("")
        lines.append(f"Article {article.article} ({article.numerator} with needs):")
        if not article.states:
            lines.append("  (none)")
        for s in article.states:
            lines.append(f"  {s.state} {state_name(s.state)}: {s.status.words}")
            need = s.need.described if s.need is not None else "(not given)"
            lines.append(f"    need: {need}")
            if s.donors:
                names = ", ".join(d.name for d in s.donors)
                lines.append(f"    donors ({s.donor_count}): {names}")
            for flow in s.deciding:
                amount = amount_text(flow) or "no amount stated"
                lines.append(
                    f"    flow: {flow.provenance.cited}, {SIDE_WORDS[flow.side]}, {flow.year}, "
                    f"{flow.area.value.replace('_', ' ')}, {type_text(flow)}, {amount}"
                )
            lines.extend(f"    {line}" for line in amount_lines(s))
    return lines


def render_text(result: MatchResult, *, explain: bool = False) -> str:
    """``--format text``: sentences, the table, the flows line (and ``--explain``)."""
    lines = [sentence for a in result.articles for sentence in a.sentences]
    lines.append("")
    lines.extend(render_table(result))
    lines.append("")
    lines.append(flows_line(result.flows_in_window, result.since, result.as_of))
    if result.rates is not None:
        lines.append(
            f"Amounts in USD converted at {result.rates.file} (SHA-256 {result.rates.sha256[:12]})."
        )
    if explain:
        lines.append("")
        lines.extend(render_explain(result))
    return "\n".join(lines) + "\n"
