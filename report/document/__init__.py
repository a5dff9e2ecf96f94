"""The Word document: the builder, docx helpers, the table of contents, PDF, charts and the
sections (one module per family, registered in sections/__init__.py)."""
