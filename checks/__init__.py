"""Checks: Great Expectations suites per kind of file and the runner that turns results into issues."""
