"""The starter for a committee's recommendations from one of its meetings (1.2): it builds as
written, so the meeting must be one the committee's file has."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import schemas
from ..program import command
from . import yamltext
from .scaffold import (
    ScaffoldError,
    _committee_path,
    _committees,
    _create,
    _free,
    _meetings,
    _read,
    site_config,
)


def new_recommendations(
    content_dir: Path, committee: str | None, date: dt.date | None, to: str | None = None
) -> tuple[Path, str]:
    """recommendations/<committee>-<meeting>.yaml for ``committee``'s meeting on ``date`` (by
    default its latest); returns the file and the meeting's date."""
    site_config(content_dir)
    committees = _committees(content_dir)
    if committee is None and len(committees) != 1:
        raise ScaffoldError(
            "say which committee agreed them, e.g. --committee "
            f"{committees[0] if committees else 'budget-scrutiny'}"
            + (f" (this site has: {', '.join(committees)})" if committees else "")
        )
    committee = committee or committees[0]
    path = _committee_path(content_dir, committee)
    dates = _meetings(_read(path, content_dir), path)[1]
    day = date.isoformat() if date else max(dates, default="")
    if day not in dates:
        raise ScaffoldError(
            f"{committee} has no meeting on {day or 'any date'}: recommendations belong to "
            f"the meeting that agreed them (its meetings: {', '.join(dates) or 'none'}); "
            f"add one with '{command('new meeting')} --committee {committee}'"
        )
    out = _free(Path(content_dir) / "recommendations", f"{committee}-{day}", ".yaml", False)
    text = (
        schemas.modeline("recommendations")
        + f"""\
# Recommendations, started by 'scrutinypack new recommendations'. The executive must
# respond within two months of 'sent' (or by 'due', where given); the tracker shows a
# response not given by then as overdue.
committee: {committee}
meeting: {day}
to: {yamltext.text(to or "Cabinet")}      # who must respond
sent: {day}                # the date they were sent
# due: YYYY-MM-DD          # only where it is not two months after 'sent'
recommendations:
  - number: "1"
    text: Write the recommendation as agreed, in Markdown.
    # proposals: [SC002]   # the refs of the proposals it concerns
    # response:            # when the response comes
    #   date: YYYY-MM-DD
    #   decision: accepted # accepted | partly accepted | rejected | noted
    #   text: What the executive said.
    # updates:             # progress after the response, oldest first
    #   - date: YYYY-MM-DD
    #     status: in progress   # not started | in progress | implemented | not implemented
    #     text: What was done.
"""
    )
    _create(out, text, content_dir)
    return out, day
