"""axe-core (shipped inside the axe-playwright-python wheel) against WCAG 2.1 A and AA."""

from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

_axe = Axe()


def violations(page) -> list[str]:
    """'rule (impact): target, …' for every WCAG 2.1 AA violation on the page."""
    results = _axe.run(page, options=WCAG_21_AA)
    return [
        f"{v['id']} ({v['impact']}): " + ", ".join(str(n["target"]) for n in v["nodes"][:5])
        for v in results.response["violations"]
    ]


def serious_violations(page) -> list[str]:
    """The violations a test does not let pass: serious and critical ones."""
    return [v for v in violations(page) if "(serious)" in v or "(critical)" in v]
