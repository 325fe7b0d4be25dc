"""Reading plan files (YAML): the shipped ones in ``tracker/plans/data/`` and extra folders.

Reading is separate from the store so that the plans can be validated, compared and tested
without a database. Every file of a folder is read before anything is reported, so one run
shows every problem of every file.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from tracker.plans.schema import Plan, PlanDataError, PlanIssue, check_plans, parse_plan

#: The plans shipped with the package, loaded by ``tracker db upgrade``.
SHIPPED_DIR = Path(__file__).with_name("data")

PLAN_SUFFIXES = (".yaml", ".yml")


def plan_files(directory: Path) -> list[Path]:
    """The plan files of ``directory`` (not its sub-folders), in sorted order."""
    return sorted(p for p in directory.iterdir() if p.is_file() and p.suffix in PLAN_SUFFIXES)


def read_plan_file(path: Path, display: str | None = None) -> tuple[Plan | None, list[PlanIssue]]:
    """One plan file, validated; ``display`` is the file name the issues show (default: path)."""
    import yaml

    file = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [PlanIssue(file, "(file)", f"cannot be read: {exc}")]
    try:
        # Safe loading, by libyaml when it is there (the plan data is read by every command
        # that computes indicators: the pure-Python loader takes ten times as long).
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "(file)"
        problem = getattr(exc, "problem", None) or str(exc)
        return None, [PlanIssue(file, where, f"is not valid YAML: {problem}")]
    return parse_plan(data, file)


def read_plans(paths: Iterable[Path], *, display_names: bool = False) -> tuple[Plan, ...]:
    """Several plan files, validated alone and together; raises with every issue found."""
    plans: list[Plan] = []
    issues: list[PlanIssue] = []
    for path in paths:
        plan, found = read_plan_file(path, path.name if display_names else None)
        issues.extend(found)
        if plan is not None:
            plans.append(plan)
    issues.extend(check_plans(plans))
    if issues:
        raise PlanDataError(issues)
    return tuple(sorted(plans, key=lambda p: (p.first_year, p.name)))


def read_plan_dir(directory: Path) -> tuple[Plan, ...]:
    """Every plan file of a folder (an error when there is none)."""
    if not directory.is_dir():
        raise PlanDataError([PlanIssue(str(directory), "(folder)", "no such folder")])
    files = plan_files(directory)
    if not files:
        raise PlanDataError(
            [PlanIssue(str(directory), "(folder)", "holds no plan file (*.yaml, *.yml)")]
        )
    return read_plans(files)


def shipped_plans() -> tuple[Plan, ...]:
    """The plans shipped in the package, in the order of their periods."""
    return read_plans(plan_files(SHIPPED_DIR), display_names=True)
