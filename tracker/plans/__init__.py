"""The action plans: plan files as data, their store, the comparison table and its renderings.

Modules: :mod:`~tracker.plans.schema` (data and validation), :mod:`~tracker.plans.files`
(reading YAML), :mod:`~tracker.plans.store` (the database), :mod:`~tracker.plans.windows`
(which plan governs a year), :mod:`~tracker.plans.compare` (the table, pure) and
:mod:`~tracker.plans.render` (text and workbook).
"""
