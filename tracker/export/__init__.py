"""Workbooks for people outside the ISU: the donor workbook (``spec/donor-workbook.md``).

``data`` gathers every figure from the statistics and compliance services (one source of
truth), ``donors`` and ``sheets`` lay them out, ``styles`` holds the formatting, ``safety`` the
rule that report text is never a formula, and ``chart`` the Summary's native bar chart.
"""
