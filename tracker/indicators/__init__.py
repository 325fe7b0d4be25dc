"""Indicators as data: "X of Y States parties …" from catalogue files (``spec/indicators.md``).

Pure modules, no database: :mod:`~tracker.indicators.located` (YAML values with their line
numbers), :mod:`~tracker.indicators.vocabulary` (the closed predicate table and the
``all``/``any``/``not`` expressions), :mod:`~tracker.indicators.sentences` (templates, number
words, name lists, dates in en/fr/es), :mod:`~tracker.indicators.model` (catalogues and
indicators as values), :mod:`~tracker.indicators.schema` (validating one file) and
:mod:`~tracker.indicators.catalogue` (loading them all, the checks across files, selections),
:mod:`~tracker.indicators.results` (what a computation gives), and the
outputs: :mod:`~tracker.indicators.output` (text, JSON, CSV), :mod:`~tracker.indicators.workbook`
(xlsx), :mod:`~tracker.indicators.report` (the Word draft) and :mod:`~tracker.indicators.charts`
(a pure chart description, drawn by matplotlib). The shipped catalogues are in ``catalogues/``.
"""
