"""`python build.py import`: catalog tables as agencies keep them (.xlsx, .csv, .docx) → one entry file per row.

A reader (from_xlsx, from_csv, from_docx) turns a file into Sheets of Cells with merges filled in;
table.py finds the header and the rows; entries.py writes the front matter; catalog_edit.py adds
what the table names and catalog.yaml lacks; command.py ties them together for the command line.
"""
