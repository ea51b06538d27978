"""The official slips (Mẫu 01–06) as PDF: filled in by the slips work."""
