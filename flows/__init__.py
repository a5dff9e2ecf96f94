"""Prefect flows that wire the stages, and the `followup` command line."""
