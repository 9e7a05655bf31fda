"""Words shown for the content's codes, shared by every renderer: those of a choice are
declared with it (``format``)."""

from ..format.proposal import STATUS

STATUS_LABELS = dict(zip(STATUS.options, STATUS.labels))
