"""Getting Article 7 workbooks into the store: guard → read → validate → load."""
