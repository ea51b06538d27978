"""What an import reports: counts per kind of record, and its progress while it runs."""

from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.utils.translation import gettext as _


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, action: str) -> None:
        setattr(self, action, getattr(self, action) + 1)


@dataclass
class ImportReport:
    agencies: Tally = dataclass_field(default_factory=Tally)
    fields: Tally = dataclass_field(default_factory=Tally)
    procedures: Tally = dataclass_field(default_factory=Tally)
    versions: Tally = dataclass_field(default_factory=Tally)
    templates_stored: int = 0
    dry_run: bool = False

    def lines(self) -> list[str]:
        """A short summary for people, one line per kind."""
        kinds = (
            (_("Cơ quan"), self.agencies),
            (_("Lĩnh vực"), self.fields),
            (_("Thủ tục"), self.procedures),
            (_("Phiên bản"), self.versions),
        )
        lines = [
            _("%(kind)s: %(created)d mới, %(updated)d cập nhật, %(unchanged)d không đổi")
            % {"kind": kind, **vars(tally)}
            for kind, tally in kinds
        ]
        lines.append(_("Tệp mẫu mới lưu: %(count)d") % {"count": self.templates_stored})
        if self.dry_run:
            lines.append(_("Chạy thử: không có gì được ghi."))
        return lines


class Progress:
    """Reports the two passes over the procedures: checking them, then writing them.

    A tqdm bar (anything with `reset` and `update`) restarts for each pass with its name; a
    callable is called `progress(done, total)` over both passes (total: twice the procedures).
    """

    def __init__(self, target, count: int):
        self.target, self.count, self.done = target, count, 0

    def stage(self, label: str) -> None:
        if hasattr(self.target, "reset"):
            self.target.reset(total=self.count)
            self.target.set_description(label)

    def step(self) -> None:
        self.done += 1
        if hasattr(self.target, "update"):
            self.target.update(1)
        elif self.target is not None:
            self.target(self.done, 2 * self.count)
