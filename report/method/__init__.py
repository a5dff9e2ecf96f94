"""The rating method: rules for lights and trends, the assessment of indicators and goals, the
explanations, districts, coverage, the previous period and the quarterly status; no document
library is imported here (tests/test_layout.py)."""
