"""The Word building blocks moved to giamsat.core.wordml, shared with the evaluation report. These names stay
importable from here for tests/reporting, which other work of session 10 edits; the integrator may point those
imports at giamsat.core.wordml and delete this module."""

from giamsat.core.wordml import CELL_MARGINS_CM, HEADER_WIDTHS_CM, _para, _rows_xml, width_em

__all__ = ["CELL_MARGINS_CM", "HEADER_WIDTHS_CM", "_para", "_rows_xml", "width_em"]
