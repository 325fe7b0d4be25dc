"""Validating one catalogue file (``spec/indicators.md`` §1, §3, §5), every problem with its line.

:func:`parse_catalogue` reads the :class:`~tracker.indicators.located.Located` tree of one file
against the plan data (plan names, themes, actions) and returns the catalogue when it is valid,
and every problem found either way. The checks across files (duplicate ids, ``replaces``) are in
:mod:`tracker.indicators.catalogue`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from tracker.indicators.located import Located
from tracker.indicators.model import (
    Catalogue,
    CatalogueIssue,
    Indicator,
    ReportList,
    Severity,
    Unit,
)
from tracker.indicators.sentences import (
    LANGS,
    Template,
    check_template,
    parse_template,
)
from tracker.indicators.vocabulary import (
    Expression,
    closest,
    parse_expression,
    predicates_of,
    year_refs,
)
from tracker.plans.schema import THEMES, Plan

KEY_PATTERN = re.compile(r"[a-z]+")
PART_PATTERN = re.compile(r"[a-z0-9_]+")
MAX_LABEL = 40

TOP_KEYS = ("key", "plan", "indicators")
INDICATOR_KEYS = (
    "id",
    "plan",
    "actions",
    "theme",
    "label",
    "title",
    "verbatim",
    "note",
    "computable",
    "population",
    "condition",
    "unit",
    "sentence",
    "report_list",
    "replaces",
)
REQUIRED_KEYS = ("id", "actions", "theme", "label", "title")
# Required of a computable indicator, forbidden for one that is not (with report_list).
COMPUTED_KEYS = ("population", "condition", "unit", "sentence")
TEMPLATE_KEYS = ("text", "zero_denominator", "zero_numerator")


@dataclass
class _Out:
    """The issues of one file."""

    file: str
    issues: list[CatalogueIssue] = field(default_factory=list)

    def error(self, line: int | None, message: str) -> None:
        self.issues.append(CatalogueIssue(self.file, line, message))

    def warning(self, line: int | None, message: str) -> None:
        self.issues.append(CatalogueIssue(self.file, line, message, Severity.WARNING))

    @property
    def failed(self) -> bool:
        return any(i.severity is Severity.ERROR for i in self.issues)


def _keys_hint(key: str, allowed: Sequence[str]) -> str:
    near = closest(key, list(allowed))
    if near:
        return f"did you mean {', '.join(near)}?"
    return f"keys: {', '.join(allowed)}"


def _unknown_keys(node: Located, allowed: Sequence[str], where: str, out: _Out) -> None:
    for key in node.value:
        if key not in allowed:
            out.error(
                node.key_line(key), f"unknown key {key!r}{where} ({_keys_hint(key, allowed)})"
            )


def _text(node: Located | None, name: str, out: _Out, *, required: bool = True) -> str | None:
    """A non-empty text value (numbers are refused: quote them)."""
    if node is None or node.value is None:
        return None
    if not isinstance(node.value, str):
        out.error(node.line, f"{name} must be text, not {node.plain()!r} (put it in quotes)")
        return None
    text = " ".join(node.value.split())
    if required and not text:
        out.error(node.line, f"{name} is empty")
        return None
    return text or None


def _bool(node: Located | None, name: str, out: _Out) -> bool | None:
    if node is None or node.value is None:
        return None
    if not isinstance(node.value, bool):
        out.error(node.line, f"{name} must be true or false, not {node.plain()!r}")
        return None
    return bool(node.value)


@dataclass(frozen=True)
class PlanData:
    """What validation needs to know of the plans (from the plan files, never the database)."""

    plans: tuple[Plan, ...]

    def named(self, name: str) -> Plan | None:
        """The plan called ``name`` (exactly)."""
        return next((p for p in self.plans if p.name == name), None)

    def names(self) -> list[str]:
        """Every plan name."""
        return [p.name for p in self.plans]


def parse_catalogue(
    root: Located | None,
    file: str,
    sha256: str,
    plans: PlanData,
    layout_ids: Callable[[], Collection[str]],
) -> tuple[Catalogue | None, list[CatalogueIssue]]:
    """One catalogue file's content: the catalogue when it has no error, and every issue."""
    out = _Out(file)
    if root is None or not root.is_mapping:
        out.error(
            root.line if root is not None else 1,
            "a catalogue is a mapping with key:, plan: and indicators: (see docs/indicators.md)",
        )
        return None, out.issues
    _unknown_keys(root, TOP_KEYS, "", out)
    for name in TOP_KEYS:
        if name not in root.value:
            out.error(root.line, f"missing key {name!r} (a catalogue has {', '.join(TOP_KEYS)})")
    key = _catalogue_key(root.value.get("key"), out)
    plan = _plan(root.value.get("plan"), plans, out)
    items = root.value.get("indicators")
    indicators: list[Indicator] = []
    if items is not None:
        if not items.is_list or not items.value:
            out.error(items.line, "indicators must be a non-empty list of indicators (- id: …)")
        else:
            plan_node = root.value.get("plan")
            unknown = plan is None and plan_node is not None and plan_node.value is not None
            context = _Context(key, plan, file, out, layout_ids, unknown)
            for item in items.value:
                indicator = _indicator(item, context)
                if indicator is not None:
                    indicators.append(indicator)
    if key is None:
        return None, out.issues
    # With errors too: the valid entries still take part in the checks across files
    # (duplicate ids), and the loader refuses the whole set anyway.
    return Catalogue(key, plan.name if plan else None, file, sha256, tuple(indicators)), out.issues


def _catalogue_key(node: Located | None, out: _Out) -> str | None:
    text = _text(node, "key", out)
    if text is None or node is None:
        return None
    if not KEY_PATTERN.fullmatch(text):
        out.error(node.line, f"key {text!r} must be lower-case letters only, such as lausanne")
        return None
    return text


def _plan(node: Located | None, plans: PlanData, out: _Out) -> Plan | None:
    if node is None or node.value is None:
        return None
    name = _text(node, "plan", out)
    if name is None:
        return None
    plan = plans.named(name)
    if plan is None:
        out.error(node.line, unknown_plan_message(name, plans.names()))
    return plan


def unknown_plan_message(name: str, known: Sequence[str]) -> str:
    """``unknown plan 'Lausane Action Plan' (did you mean Lausanne Action Plan?)``."""
    by_fold = {k.casefold(): k for k in known}
    # Plan names share "Action Plan": only a really close name is suggested.
    near = [by_fold[m] for m in closest(name.casefold(), list(by_fold), cutoff=0.85)]
    if near:
        return f"unknown plan {name!r} (did you mean {', '.join(near)}?)"
    return f"unknown plan {name!r} (plans: {', '.join(known) or 'none'})"


@dataclass
class _Context:
    key: str | None
    plan: Plan | None
    file: str
    out: _Out
    layout_ids: Callable[[], Collection[str]]
    plan_unknown: bool = False  # the catalogue names a plan that does not exist (reported once)


def _indicator(node: Located, ctx: _Context) -> Indicator | None:
    out = ctx.out
    if not node.is_mapping:
        out.error(node.line, f"an indicator is a mapping (id:, theme:, …), not {node.plain()!r}")
        return None
    before = len([i for i in out.issues if i.severity is Severity.ERROR])
    fields: dict[str, Located] = node.value
    _unknown_keys(node, INDICATOR_KEYS, " in an indicator", out)
    ident = _id(fields.get("id"), ctx)
    written = fields.get("id")
    where = f" of {written.value}" if written and isinstance(written.value, str) else ""
    for key in REQUIRED_KEYS:
        if key not in fields:
            out.error(node.line, f"missing key {key!r}{where} (every indicator needs it)")
    _indicator_plan(fields.get("plan"), ctx)
    actions = _actions(fields.get("actions"), ctx)
    theme = _theme(fields.get("theme"), ctx)
    label = _text(fields.get("label"), "label", out)
    label_node = fields.get("label")
    if label is not None and label_node is not None and len(label) > MAX_LABEL:
        out.error(label_node.line, f"label is {len(label)} characters long, at most {MAX_LABEL}")
    title = _text(fields.get("title"), "title", out)
    verbatim = _bool(fields.get("verbatim"), "verbatim", out)
    if ctx.plan is None and verbatim is not None:
        out.error(
            node.key_line("verbatim"),
            "verbatim applies to an indicator of a plan (its title is the plan's text or not); "
            "remove it here",
        )
    if ctx.plan is not None and verbatim is None:
        verbatim = True
    note = _text(fields.get("note"), "note", out, required=False)
    given = fields.get("computable")
    computable = _bool(given, "computable", out)
    if computable is None and given is not None and given.value is not None:
        return None  # neither computable nor not: nothing more to check
    computable = True if computable is None else computable
    population, condition, unit, sentences, report_list = _computation(node, computable, ctx)
    replaces = _replaces(fields.get("replaces"), ident, out)
    errors = len([i for i in out.issues if i.severity is Severity.ERROR])
    if errors > before or None in (ident, actions, theme, label, title) or ctx.key is None:
        return None
    assert ident and actions is not None and theme and label and title
    return Indicator(
        id=ident,
        catalogue=ctx.key,
        plan=ctx.plan.name if ctx.plan else None,
        actions=actions,
        theme=theme,
        label=label,
        title=title,
        verbatim=verbatim,
        note=note,
        computable=computable,
        population=population,
        condition=condition,
        unit=unit,
        sentences=sentences,
        report_list=report_list,
        replaces=replaces,
        file=ctx.file,
        line=node.line,
    )


def check_id(text: str, key: str | None) -> str | None:
    """What is wrong with an id (None when it is good) for a catalogue with ``key``."""
    parts = text.split(".")
    if len(parts) < 2 or not all(PART_PATTERN.fullmatch(p) for p in parts[1:]):
        return (
            f"bad id {text!r}: write KEY.part[.part…], parts of lower-case letters, digits "
            "and _ (such as lausanne.43a)"
        )
    if key is not None and parts[0] != key:
        rest = ".".join(parts[1:])
        return f"id {text!r} does not start with this catalogue's key: write {key}.{rest}"
    return None


def _id(node: Located | None, ctx: _Context) -> str | None:
    text = _text(node, "id", ctx.out)
    if text is None or node is None:
        return None
    problem = check_id(text, ctx.key)
    if problem:
        ctx.out.error(node.line, problem)
        return None
    return text


def _indicator_plan(node: Located | None, ctx: _Context) -> None:
    if node is None:
        return
    given = node.value
    expected = ctx.plan.name if ctx.plan else None
    if given != expected and not ctx.plan_unknown:
        shown = expected if expected is not None else "null"
        ctx.out.error(
            node.line,
            f"plan {node.plain()!r} differs from the catalogue's plan ({shown}): remove it or "
            "make it the same",
        )


def _actions(node: Located | None, ctx: _Context) -> tuple[str, ...] | None:
    if node is None:
        return None
    if not node.is_list:
        ctx.out.error(
            node.line,
            f"actions must be a list of action codes ([] when unknown), not {node.plain()!r}",
        )
        return None
    codes: list[str] = []
    for item in node.value:
        if isinstance(item.value, bool) or not isinstance(item.value, str | int | float):
            ctx.out.error(
                item.line, f"an action code is a number such as 43 or 5.2, not {item.plain()!r}"
            )
            continue
        codes.append(str(item.text or item.value).strip())
    if not codes:
        return ()
    plan = ctx.plan
    if plan is None and ctx.plan_unknown:
        return tuple(codes)
    if plan is None:
        ctx.out.error(
            node.line,
            "actions need a plan: an indicator of a catalogue without a plan takes actions: []",
        )
        return None
    known = [a.code for a in plan.actions]
    if known:
        for code, item in zip(codes, node.value, strict=True):
            if code not in known:
                ctx.out.error(
                    item.line,
                    f"unknown action {code!r} of the {plan.name} (its actions: {', '.join(known)})",
                )
    return tuple(codes)


def _theme(node: Located | None, ctx: _Context) -> str | None:
    text = _text(node, "theme", ctx.out)
    if text is None or node is None:
        return None
    plan = ctx.plan
    known = list(dict.fromkeys(s.theme for s in plan.sections)) if plan else list(THEMES)
    if text in known:
        return text
    near = closest(text, known)
    hint = f"did you mean {', '.join(near)}?" if near else f"themes: {', '.join(known)}"
    of = f" of the {plan.name}" if plan else ""
    ctx.out.error(node.line, f"unknown theme {text!r}{of} ({hint})")
    return None


def _computation(
    node: Located, computable: bool, ctx: _Context
) -> tuple[Expression | None, Expression | None, Unit | None, dict[str, Template], ReportList]:
    fields: dict[str, Located] = node.value
    out = ctx.out
    if not computable:
        for key in (*COMPUTED_KEYS, "report_list"):
            if key in fields:
                out.error(
                    node.key_line(key),
                    f"{key} is not allowed with computable: false (nothing is computed)",
                )
        return None, None, None, {}, ReportList.NONE
    for key in COMPUTED_KEYS:
        if key not in fields:
            out.error(node.line, f"missing key {key!r} (a computable indicator needs it)")
    population = _expression(fields.get("population"), "population", ctx)
    condition = _expression(fields.get("condition"), "condition", ctx)
    unit = _choice(fields.get("unit"), "unit", Unit, out)
    report_list = _choice(fields.get("report_list"), "report_list", ReportList, out)
    refs = sorted(str(r) for r in year_refs(population, condition))
    sentences = _sentences(fields.get("sentence"), refs, out)
    return population, condition, unit, sentences, report_list or ReportList.NONE


def _expression(node: Located | None, where: str, ctx: _Context) -> Expression | None:
    if node is None:
        return None
    expression, problems = parse_expression(node, where)
    for problem in problems:
        (ctx.out.warning if problem.warning else ctx.out.error)(problem.line, problem.message)
    if expression is not None:
        for predicate in predicates_of(expression):
            if predicate.name != "layout":
                continue
            known = ctx.layout_ids()
            for layout_id in predicate.get("ids"):
                if layout_id not in known:
                    ctx.out.warning(
                        node.line,
                        f"unknown layout id {layout_id!r} in {where} (layouts: "
                        f"{', '.join(sorted(known))}): no report is read with it yet",
                    )
    return expression


def _choice(node: Located | None, name: str, enum_class: Any, out: _Out) -> Any:
    if node is None or node.value is None:
        return None
    values = [m.value for m in enum_class]
    if node.value in values:
        return enum_class(node.value)
    near = closest(str(node.value), values)
    hint = f"did you mean {', '.join(near)}?" if near else f"use {' or '.join(values)}"
    out.error(node.line, f"{name} must be {' or '.join(values)}, not {node.plain()!r} ({hint})")
    return None


def _sentences(node: Located | None, refs: Sequence[str], out: _Out) -> dict[str, Template]:
    if node is None:
        return {}
    if not node.is_mapping:
        out.error(node.line, "sentence must be a mapping of languages: {en: …, fr: …, es: …}")
        return {}
    templates: dict[str, Template] = {}
    for lang, value in node.value.items():
        if lang not in LANGS:
            out.error(
                node.key_line(lang),
                f"unknown language {lang!r} in sentence (languages: {', '.join(LANGS)})",
            )
            continue
        template = _template(value, f"sentence.{lang}", refs, out)
        if template is not None:
            templates[lang] = template
    if "en" not in node.value:
        out.error(node.line, "sentence needs an English text (en:); fr: and es: are optional")
    return templates


def _template(node: Located, where: str, refs: Sequence[str], out: _Out) -> Template | None:
    if isinstance(node.value, str):
        parts = {"text": node}
    elif node.is_mapping:
        _unknown_keys(node, TEMPLATE_KEYS, f" in {where}", out)
        parts = {k: v for k, v in node.value.items() if k in TEMPLATE_KEYS}
        if "text" not in parts:
            out.error(
                node.line, f"{where} needs text: (and may have zero_denominator:, zero_numerator:)"
            )
            return None
    else:
        out.error(node.line, f"{where} must be a text or {{text: …, zero_denominator: …}}")
        return None
    parsed = {}
    ok = True
    for key, value in parts.items():
        name = where if key == "text" else f"{where}.{key}"
        if not isinstance(value.value, str) or not value.value.strip():
            out.error(value.line, f"{name} must be a non-empty text")
            ok = False
            continue
        result, problems = parse_template(value.value, name)
        for problem in problems:
            out.error(value.line, problem)
        ok = ok and not problems
        parsed[key] = result
    if not ok:
        return None
    template = Template(
        parsed["text"], parsed.get("zero_denominator"), parsed.get("zero_numerator")
    )
    for problem in check_template(template, where, refs):
        out.error(_line_of(problem, where, parts, node), problem)
    return template


def _line_of(message: str, where: str, parts: dict[str, Located], node: Located) -> int:
    """The line of the variant a template check names (``sentence.en.zero_numerator``)."""
    for key in ("zero_denominator", "zero_numerator"):
        if f"{where}.{key} " in message and key in parts:
            return parts[key].line
    return parts["text"].line if "text" in parts else node.line


def _replaces(node: Located | None, ident: str | None, out: _Out) -> str | None:
    text = _text(node, "replaces", out)
    if text is None or node is None:
        return None
    problem = check_id(text, None)
    if problem:
        out.error(node.line, f"replaces: {problem}")
        return None
    if text == ident:
        out.error(node.line, f"{ident} replaces itself (a replaces cycle)")
        return None
    return text
