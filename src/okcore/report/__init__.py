"""The programme's report: a document built from a year's data, written out as HTML, PDF,
DOCX or ODT (docs/report.md).

:mod:`okcore.report.model` is the document (plain blocks in reading order) and the year's
data it is built from; :mod:`okcore.report.build` builds it; the renderers write it.
"""
