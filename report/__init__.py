"""Report: the assessment (lights, trends, aggregation), charts and the Word document."""
