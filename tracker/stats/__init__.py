"""The needs statistics ("X of Y"): pure rules, wording and rendering (``spec/statistics.md``).

The store is read by :mod:`tracker.services.stats`; nothing in this package touches it.
"""
