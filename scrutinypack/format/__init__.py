"""The content format, declared: each kind of content file, its fields and their types.

This package imports nothing from the rest of scrutinypack, so every part may import it.
Adding a kind of file is one declaration module here and its entry in ``KINDS``.
"""

from __future__ import annotations

from .committee import COMMITTEE
from .fields import Kind
from .glossary import GLOSSARY
from .monitoring import MONITORING
from .proposal import PROPOSAL
from .recommendations import RECOMMENDATIONS
from .report import REPORT
from .site import SITE

#: Each kind of content file, by the name of its schema.
KINDS: dict[str, Kind] = {
    "site": SITE,
    "proposal": PROPOSAL,
    "committee": COMMITTEE,
    "report": REPORT,
    "glossary": GLOSSARY,
    "monitoring": MONITORING,
    "recommendations": RECOMMENDATIONS,
}
