"""Bring charters in from where they live today (spreadsheets, Markdown tables, Backstage) and
send them back out."""
