"""Walking a declaration form's definition: its top-level fields in order, with their places."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """Where a field sits: its page and section (indexes and dicts), its own dict."""

    page_index: int
    page: dict
    section_index: int
    section: dict
    field_index: int
    field: dict

    @property
    def path(self) -> str:
        return f"pages[{self.page_index}].sections[{self.section_index}].fields[{self.field_index}]"


def fields_of(definition: dict):
    """Each top-level field of the form, in order, with its place."""
    for p, page in enumerate(definition.get("pages", ())):
        for s, section in enumerate(page.get("sections", ())):
            for f, field in enumerate(section.get("fields", ())):
                yield Place(p, page, s, section, f, field)


def page_keys(definition: dict, page_key: str) -> set[str]:
    """The keys of the top-level fields on the page `page_key`."""
    return {place.field["key"] for place in fields_of(definition) if place.page["key"] == page_key}
