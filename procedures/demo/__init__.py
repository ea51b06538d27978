"""Demo data: the Cần Thơ catalog, its form templates and the demo accounts."""
