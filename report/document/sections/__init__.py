"""The report's sections, each a function (document, context) -> None, in reading order.

`SECTIONS` is the registry the document builder loops over; the sections live in the modules beside it.
"""

from __future__ import annotations

from report.document.builder import Section
from report.document.sections.analysis import analysis
from report.document.sections.annexes import data_quality_annex, method_annex, sources_annex
from report.document.sections.areas import areas
from report.document.sections.districts import districts
from report.document.sections.front import contents, title_page
from report.document.sections.grants import grants
from report.document.sections.reading import how_to_read
from report.document.sections.summary import summary

SECTIONS: list[Section] = [
    title_page, contents, summary, how_to_read, areas, districts, grants, analysis, method_annex,
    data_quality_annex, sources_annex,
]
