"""The officers' workspaces: the pages of the desk, walk-in intake, processing, approval and
consultations. No models: every read goes through `dossiers` selectors and queries, every write
through `dossiers.services`. See docs/architecture.md."""
