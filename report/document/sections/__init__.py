"""The report's sections in reading order. Each section is a function (context) -> Content: it
builds report-model blocks (model.py) and never writes a format itself. `SECTIONS` is the registry
the Word builder loops over (each wrapped by word_section, whose `.build` the web edition calls);
the sections live in the modules beside it.
"""

from __future__ import annotations

from report.document.builder import Section
from report.document.sections.actions import analysis_and_actions, measurability_annex
from report.document.sections.analysis import analysis
from report.document.sections.annexes import data_quality_annex, method_annex, sources_annex
from report.document.sections.areas import areas
from report.document.sections.districts import districts
from report.document.sections.front import contents, title_page
from report.document.sections.grants import grants
from report.document.sections.reading import how_to_read
from report.document.sections.summary import summary
from report.document.word import word_section

_ORDER = [title_page, contents, summary, how_to_read, areas, districts, grants, analysis, analysis_and_actions,
          method_annex, data_quality_annex, sources_annex, measurability_annex]
SECTIONS: list[Section] = [word_section(section) for section in _ORDER]
