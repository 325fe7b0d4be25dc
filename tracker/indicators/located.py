"""YAML values that remember their line, so that every problem can say ``FILE:LINE``.

PyYAML's ``safe_load`` gives plain values and forgets where they were. Here the document is
*composed* (safe: no tags that build objects) into nodes whose marks hold their line, and each
node becomes a :class:`Located`: the value (a scalar, a list of ``Located`` or a dict of them),
its line, the line of each mapping key, and a scalar's text as written (so that an action code
``5.10`` stays ``5.10`` rather than the float 5.1). A key written twice in one mapping, which
``safe_load`` would silently resolve to the last value, is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Located:
    """A YAML value and where it was written (1-based line)."""

    value: Any  # str | int | float | bool | None | list[Located] | dict[str, Located]
    line: int
    key_lines: dict[str, int] = field(default_factory=dict)
    text: str | None = None  # a scalar as written

    @property
    def is_mapping(self) -> bool:
        """True for a YAML mapping (``value`` is a dict of ``Located``)."""
        return isinstance(self.value, dict)

    @property
    def is_list(self) -> bool:
        """True for a YAML sequence (``value`` is a list of ``Located``)."""
        return isinstance(self.value, list)

    def key_line(self, key: str) -> int:
        """The line of ``key`` in this mapping (the mapping's own line when it is absent)."""
        return self.key_lines.get(key, self.line)

    def plain(self) -> Any:
        """The value with every ``Located`` unwrapped (plain lists, dicts and scalars)."""
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value


@dataclass(frozen=True)
class YamlProblem:
    """A problem found while reading the YAML itself (syntax, duplicate keys, odd keys)."""

    line: int
    message: str


def _loader_class() -> Any:
    import yaml

    # libyaml's loader when PyYAML has it: the same safe resolver, with marks, much faster.
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_located(text: str) -> tuple[Located | None, list[YamlProblem]]:
    """Compose ``text`` safely into :class:`Located` values; every problem with its line.

    A syntax error gives no value and one problem at the line the parser stopped on.
    """
    import yaml

    loader = _loader_class()(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = exc.problem or exc.context or "cannot be read"
        return None, [YamlProblem(line, f"YAML syntax error: {problem}")]
    except yaml.YAMLError as exc:
        return None, [YamlProblem(1, f"YAML syntax error: {exc}")]
    finally:
        loader.dispose()
    if node is None:
        return None, []
    problems: list[YamlProblem] = []
    return _convert(node, loader, problems), problems


def _convert(node: Any, loader: Any, problems: list[YamlProblem]) -> Located:
    import yaml

    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        values: dict[str, Located] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(YamlProblem(key_line, "a key must be plain text"))
                continue
            key = str(key_node.value)
            if key in values:
                problems.append(
                    YamlProblem(
                        key_line, f"key {key!r} is written twice (also on line {key_lines[key]})"
                    )
                )
                continue
            key_lines[key] = key_line
            values[key] = _convert(value_node, loader, problems)
        return Located(values, line, key_lines)
    if isinstance(node, yaml.SequenceNode):
        return Located([_convert(item, loader, problems) for item in node.value], line)
    try:
        value = loader.construct_object(node, deep=True)
    except yaml.YAMLError as exc:  # e.g. a malformed timestamp
        problems.append(YamlProblem(line, f"cannot read the value {node.value!r}: {exc}"))
        value = node.value
    return Located(value, line, text=str(node.value))
