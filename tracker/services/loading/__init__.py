"""Loading read files into the store: the writing half of the import.

:mod:`tracker.ingest` reads and validates (no database; the worker processes run it); this
package writes what it read: :mod:`.loader` (one file, bulk inserts, the originals),
:mod:`.current` (the current-version rule applied to the store, and the writers' locks),
:mod:`.notes` (the notes the loader adds: membership, current version, carry-forward) and
:mod:`.withdrawn` (re-importing a withdrawn file).
"""
