"""CCM needs tracker: Article 7 reports, obligations, assistance needs, statistics and exports."""

import os

__version__ = "0.1.0"

# python-docx (the Word draft of indicators) brings lxml, and openpyxl then writes workbooks with
# lxml, which skips the tracker's own row writer (tracker/export/saving.py): saving 140,000 cells
# took 2.1 s instead of 1.1 s. openpyxl reads this once, when first imported; set beforehand
# it keeps the writer the exports were tuned for. An explicit OPENPYXL_LXML still wins.
os.environ.setdefault("OPENPYXL_LXML", "False")
