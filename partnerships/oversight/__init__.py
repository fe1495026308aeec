"""Reads for the oversight pages: dashboard figures, the CSV export and a partnership's full record."""
