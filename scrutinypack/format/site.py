"""site.yaml: the publication, its council, unit and years, look and accessibility statement."""

from __future__ import annotations

from .fields import BASIS, DATE, MARKDOWN, TEXT, UNIT, YEAR, Choice, Field, Kind, ListOf, Record, Shape

COMPLIANCE = Choice("choice", options=("fully", "partially", "not"))

FOOTER_LINK = Kind(
    "footer_links",
    "",
    "",
    (
        Field("label", TEXT, "The link's words.", required=True, example="Privacy"),
        Field(
            "url",
            Shape(
                "address or site path",
                fragment={
                    "type": "string",
                    "minLength": 1,
                    "pattern": "^(?:[Hh][Tt][Tt][Pp][Ss]?://[^/\\\\\\s].*|[Mm][Aa][Ii][Ll][Tt][Oo]:[^\\s@:/]+@[^\\s@]+\\.[^\\s@]+|(?![A-Za-z][A-Za-z0-9+.-]*:)(?!//)(?![^\\\\]*\\\\)(?!(?:.*/)?\\.\\.(?:/|$)).+)$",
                    "patternErrorMessage": "Write a web address starting https://, an email address starting "
                    "mailto:, or a path in this site such as /how-scrutiny-works/.",
                },
            ),
            "Where it leads: a web address starting https:// (or http://), an email address starting "
            "mailto:, or a path in this site such as /how-scrutiny-works/.",
            required=True,
            example="/how-scrutiny-works/",
        ),
    ),
)

BRAND = Kind(
    "brand",
    "",
    "",
    (
        Field(
            "colour",
            Shape(
                "colour #rrggbb",
                fragment={
                    "type": ["string", "null"],
                    "pattern": "^#[0-9A-Fa-f]{6}$",
                    "patternErrorMessage": "Write the colour as #rrggbb, e.g. #005ea5.",
                },
            ),
            "The brand colour, written #rrggbb, e.g. #005ea5. It must read well against white; the build "
            "says when it does not.",
            example="#005ea5",
        ),
        Field(
            "logo",
            Shape(
                "path in assets/",
                fragment={
                    "type": ["string", "null"],
                    "pattern": "^(?:assets/(?!(?:.*/)?\\.\\.(?:/|$))[^\\\\]*\\.(?:[Ss][Vv][Gg]|[Pp][Nn][Gg]))?$",
                    "patternErrorMessage": "The logo must be an SVG or PNG file in assets/, written as a path "
                    "from the content folder, e.g. assets/logo.svg.",
                },
            ),
            "The logo, shown in the header of every page and in the PDFs: an SVG or PNG file in the content"
            " folder's assets/, written as a path from the content folder, e.g. assets/logo.svg. It needs "
            "logo_alt.",
            example="assets/logo.svg",
        ),
        Field(
            "logo_print",
            Shape(
                "path in assets/",
                fragment={
                    "type": ["string", "null"],
                    "pattern": "^(?:assets/(?!(?:.*/)?\\.\\.(?:/|$))[^\\\\]*\\.(?:[Ss][Vv][Gg]|[Pp][Nn][Gg]))?$",
                    "patternErrorMessage": "The logo must be an SVG or PNG file in assets/, written as a path "
                    "from the content folder, e.g. assets/logo-dark.svg.",
                },
            ),
            "Optional: the logo for white paper, on the PDFs' covers and running headers, where the logo is "
            "light for the coloured header (a white logo would vanish on paper).",
            example="assets/logo-dark.svg",
            since="1.2",
        ),
        Field(
            "logo_alt",
            TEXT,
            "The logo's text alternative, read out by screen readers: usually the council's name.",
            example="Exampleshire County Council",
        ),
        Field(
            "footer_links",
            ListOf("list", kind=FOOTER_LINK),
            "Links shown at the foot of every page: a list of {label, url}.",
            example="[{label: Privacy, url: assets/privacy.pdf}]",
        ),
    ),
    rules={"dependencies": {"logo": ["logo_alt"]}},
)

ACCESSIBILITY = Kind(
    "accessibility",
    "",
    "",
    (
        Field(
            "contact",
            Shape(
                "email or web address",
                fragment={
                    "type": ["string", "null"],
                    "pattern": "^(?:[Hh][Tt][Tt][Pp][Ss]?://[^/\\\\\\s].*|(?:[Mm][Aa][Ii][Ll][Tt][Oo]:)?[^\\s@:/]+@[^\\s@]+\\.[^\\s@]+)?$",
                    "patternErrorMessage": "Write an email address, or a web address starting https://.",
                },
            ),
            "Who to contact about the site's accessibility: an email address, or a web address starting "
            "https://.",
            example="access@example.org",
        ),
        Field(
            "phone", TEXT, "A telephone number for accessibility requests (optional).", example="01234 567890"
        ),
        Field("prepared", DATE, "When the statement was prepared, YYYY-MM-DD."),
        Field("reviewed", DATE, "When it was last reviewed, YYYY-MM-DD."),
        Field(
            "compliance",
            COMPLIANCE,
            "How far the site complies with WCAG 2.2 AA: fully, partially or not.",
            example="partially",
        ),
        Field(
            "known_issues",
            ListOf("list", of=MARKDOWN),
            "What is known not to be accessible, each item Markdown.",
            example="[Some older PDFs are not tagged.]",
        ),
        Field(
            "disproportionate_burden",
            ListOf("list", of=MARKDOWN),
            "What would be a disproportionate burden to fix, each item Markdown (optional).",
            example="[Scanned papers from before 2018.]",
        ),
        Field(
            "enforcement",
            MARKDOWN,
            "The enforcement procedure, in Markdown (optional; a default paragraph is used).",
        ),
    ),
)

SITE = Kind(
    "site",
    "site.yaml",
    "The publication: the council, its title, the unit of bare figures and the financial years. Only "
    "title is required.",
    (
        Field(
            "council",
            TEXT,
            "The council's name, e.g. Lancashire County Council.",
            example="Lancashire County Council",
        ),
        Field(
            "title",
            TEXT,
            "The publication's title, e.g. Budget option forms 2019/20 to 2022/23.",
            example="Budget option forms 2019/20 to 2022/23",
            required=True,
        ),
        Field(
            "unit",
            UNIT,
            "What a bare figure means everywhere, unless a record or table says otherwise: pounds, k (£000)"
            " or m (£m). Default: pounds.",
        ),
        Field(
            "profile_basis",
            BASIS,
            "discrete (each year's figure is that year's change) or cumulative (the running position).",
        ),
        Field(
            "years",
            ListOf("list", of=YEAR),
            "The financial years of the profile columns, in order, each written YYYY/YY: [2019/20, 2020/21].",
            example="[2019/20, 2020/21, 2021/22, 2022/23]",
        ),
        Field(
            "base_url",
            Shape(
                "web address",
                fragment={
                    "type": ["string", "null"],
                    "pattern": "^(?:[Hh][Tt][Tt][Pp][Ss]?://[^/\\\\\\s].*)?$",
                    "patternErrorMessage": "Write the web address the site is published at, starting "
                    "https://, e.g. https://example.org/scrutiny/.",
                },
            ),
            "The web address the site is published at, starting https:// (or http://), e.g. "
            "https://example.org/scrutiny/. Optional; used for absolute links in feeds, calendars, PDFs and"
            " the data package.",
            example="https://example.org/scrutiny/",
        ),
        Field(
            "licence",
            TEXT,
            "The licence the papers and data are published under, e.g. Open Government Licence v3.0. It is "
            "named in the data files.",
            example="Open Government Licence v3.0",
        ),
        Field(
            "contact",
            TEXT,
            "Who to contact about the papers, e.g. democratic.services@example.org.",
            example="democratic.services@example.org",
        ),
        Field(
            "description",
            MARKDOWN,
            "Markdown shown on the home page under the title: where the figures come from.",
        ),
        Field(
            "brand",
            Record("record", kind=BRAND),
            "The council's own look: its colour, logo and footer links.",
            since="1.1",
            example='{colour: "#005ea5", logo: assets/logo.svg, logo_alt: Exampleshire County Council}',
        ),
        Field(
            "accessibility",
            Record("record", kind=ACCESSIBILITY),
            "What the accessibility statement says: who to contact, when it was prepared and reviewed, "
            "how far the site complies and what is known not to.",
            since="1.1",
            example="{contact: access@example.org, prepared: 2018-09-01, compliance: partially}",
        ),
        Field(
            "as_of",
            DATE,
            "The date the site speaks for, YYYY-MM-DD: a response due before it and not given is overdue. "
            "Without it, the date of the build (so two builds on different days differ).",
            since="1.2",
            example="2019-11-30",
        ),
    ),
    title="site.yaml",
)
