"""The periodic report to the Provincial People's Committee: figures, Word report, Excel annex, Markdown."""
