"""The outputs' registry: one class per kind of output (plan.Output.kind), each saying which
kinds it makes and how it renders one, as Sphinx registers one builder per output format.

A new kind of output is a class here (registered with :func:`kind`) and its entries in the
plan (plan.py). The makers of one build share what is costly to make once: the HTML
renderer, with its compiled templates, and the feeds, which reuse its histories.
"""

from __future__ import annotations

from pathlib import Path

from ..pipeline import Result
from ..plan import PDF_KINDS, Output
from ..problems import ContentError
from ..render import calendar, feed, recommendations_data
from ..render import data as data_render
from ..render.data_monitoring import monitoring_csv
from ..render.html import TEMPLATES, HtmlRenderer, site_stylesheet, template_problem, web_environment

REGISTRY: dict[str, type[Maker]] = {}


def kind(cls: type[Maker]) -> type[Maker]:
    """Register ``cls`` as the maker of each of its ``kinds``; a kind is made by one class."""
    for name in cls.kinds:
        if name in REGISTRY:
            raise ValueError(f"two makers of {name!r} outputs: {REGISTRY[name].__name__} and {cls.__name__}")
        REGISTRY[name] = cls
    return cls


class Shared:
    """What every maker of one build renders with, made once."""

    def __init__(self, result: Result, outputs: list[Output]):
        self.result, self.site, self.content = result, result.site, result.content.root
        self.html = HtmlRenderer(
            result.site,
            web_environment(self.content),
            pdfs=frozenset(o.path for o in outputs if o.kind in PDF_KINDS),
        )
        self.feeds = feed.Feeds(result.site, self.html.histories)


class Maker:
    kinds: tuple[str, ...] = ()
    #: Made all together, in parallel and cached (render.pdf.render_pdfs), not one by one.
    together = False

    def __init__(self, shared: Shared):
        self.shared, self.site = shared, shared.site

    def render(self, output: Output) -> bytes:
        raise NotImplementedError(f"{type(self).__name__} makes its outputs all together")


@kind
class Page(Maker):
    """An HTML page, from its template (the content's own, sandboxed, where it has one)."""

    kinds = (
        "home",
        "proposals",
        "services",
        "committees",
        "reports",
        "checks",
        "search",
        "data",
        "proposal",
        "service",
        "committee",
        "meeting",
        "report",
        "glossary",
        "scrutiny",
        "accessibility",
        "publications",
        "changes",
        "recommendations",
        "monitoring",
    )

    def render(self, output: Output) -> bytes:
        return templated(self.shared.html.render, output, content=self.shared.content)


@kind
class ProposalsCsv(Maker):
    kinds = ("csv",)

    def render(self, output: Output) -> bytes:
        return data_render.proposals_csv(self.site)


@kind
class RecommendationsCsv(Maker):
    kinds = ("recommendations-csv",)

    def render(self, output: Output) -> bytes:
        return recommendations_data.recommendations_csv(self.site)


@kind
class MonitoringCsv(Maker):
    kinds = ("monitoring-csv",)

    def render(self, output: Output) -> bytes:
        return monitoring_csv(self.site)


@kind
class ProposalsJson(Maker):
    kinds = ("json",)

    def render(self, output: Output) -> bytes:
        return data_render.proposals_json(self.site)


@kind
class ProposalRecord(Maker):
    """One proposal's open-data record, by its ref."""

    kinds = ("record",)

    def render(self, output: Output) -> bytes:
        return data_render.proposal_record(self.site, output.key)


@kind
class DataPackage(Maker):
    kinds = ("datapackage",)

    def render(self, output: Output) -> bytes:
        return data_render.data_package(self.site)


@kind
class Calendar(Maker):
    """The meetings' calendar: the site's, or one committee's (its slug the key)."""

    kinds = ("calendar",)

    def render(self, output: Output) -> bytes:
        return calendar.meetings_calendar(self.site, output.key)


@kind
class Feed(Maker):
    """The site's Atom feed, or one service's (its name the key)."""

    kinds = ("feed",)

    def render(self, output: Output) -> bytes:
        feeds = self.shared.feeds
        return feeds.service_feed(output.key) if output.key else feeds.site_feed()


@kind
class Static(Maker):
    """templates/static/ as it is, but site.css, which carries the brand's colours."""

    kinds = ("static",)

    def render(self, output: Output) -> bytes:
        if output.key == "site.css":
            return site_stylesheet(self.site.config.brand)
        return (TEMPLATES / "static" / output.key).read_bytes()


@kind
class Pdf(Maker):
    kinds = PDF_KINDS
    together = True


def makers(result: Result, outputs: list[Output]) -> dict[str, Maker]:
    """A maker for each kind, sharing one renderer; ``outputs`` is the whole plan."""
    shared = Shared(result, outputs)
    made = {cls: cls(shared) for cls in dict.fromkeys(REGISTRY.values())}
    return {name: made[cls] for name, cls in REGISTRY.items()}


def templated(render, *args, content: Path, **kwargs):
    """``render(*args, **kwargs)``, where an error that comes from one of the content's own
    templates is the clerk's to fix: a ContentError naming the template and line."""
    try:
        return render(*args, **kwargs)
    except ContentError:
        raise
    except Exception as error:
        problem = template_problem(error, content)
        if problem is None:
            raise
        raise ContentError([problem]) from None
