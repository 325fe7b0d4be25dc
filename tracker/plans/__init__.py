"""The action plans: plan files as data, their store, the comparison table and its renderings.

Modules: :mod:`~tracker.plans.schema` (data and validation), :mod:`~tracker.plans.files`
(reading YAML), :mod:`~tracker.plans.windows` (which plan governs a year),
:mod:`~tracker.plans.compare` (the table), :mod:`~tracker.plans.render` (text) and
:mod:`~tracker.plans.workbook` (the workbook); all pure. The plans in the database are
:mod:`tracker.services.plans`.
"""
