"""Assistance flows matched with declared needs (``spec/assistance.md`` §3–§4), as pure functions.

Inputs are plain rows of this package (:mod:`tracker.assistance.rows`): every flow with where it
was read, and the States of each article's numerator with where their need was read (the needs
statistics compute them). Nothing here touches the store: the read model turns stored flows into
these rows, and the commands render what these functions return.

- :mod:`~tracker.assistance.restate`: restated rows of one reporter counted once;
- :mod:`~tracker.assistance.match`: the window, counting flows, each State's status, deciding
  flows, donors and amounts per side, type and currency;
- :mod:`~tracker.assistance.rates`: the ``--rates`` file and conversion to USD;
- :mod:`~tracker.assistance.sentences`: the match sentences;
- :mod:`~tracker.assistance.listing` and :mod:`~tracker.assistance.output`: ``assistance list``
  and ``assistance match`` in text, JSON and CSV.
"""
