"""The applicant's papers as the officers' pages show them: each component of the procedure
version with the files sent for it (application and supplements), and the files of none."""

from dossiers.models import FileKind

APPLICANT_KINDS = (FileKind.APPLICATION, FileKind.SUPPLEMENT)


def applicant_papers(dossier, files=None) -> dict:
    """{"components": [{"component", "files"}], "other_files": [...]} for `dossier`; `files`
    are its files if already read."""
    by_component = {}
    for f in dossier.files.all() if files is None else files:
        if f.kind in APPLICANT_KINDS:
            by_component.setdefault(f.component_id, []).append(f)
    return {
        "components": [
            {"component": c, "files": by_component.get(c.pk, [])}
            for c in dossier.version.components.all()
        ],
        "other_files": by_component.get(None, []),
    }
