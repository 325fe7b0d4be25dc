"""The store's listings in the shapes people and programs read: text, JSON and CSV.

One module per listing (``states list``, ``reports list``, ``reports history``, ``plans show``),
each a set of pure functions from the services' plain values to text; the command line prints
them, and the web app's downloads use the same JSON and CSV (``docs/json-shapes.md``).
"""
