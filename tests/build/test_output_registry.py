"""The outputs' registry (build/outputs.py): every kind of file the plan asks for has one
class that makes it, and a second maker of a kind is refused rather than silently winning."""

from __future__ import annotations

import pytest

from scrutinypack.build.outputs import REGISTRY, Maker, kind, makers
from scrutinypack.build.reading import read_site
from scrutinypack.plan import plan_site

from ..support.content import BROWSE


@pytest.fixture(scope="module")
def read():
    result = read_site(BROWSE)
    assert not result.blocking
    return result


def test_every_kind_the_plan_makes_has_a_maker_and_each_renders_bytes(read):
    planned = plan_site(read.site, pdf="all")
    assert {o.kind for o in planned} - set(REGISTRY) == set()
    made = makers(read, planned)
    rendered = {o.kind: made[o.kind].render(o) for o in planned if not made[o.kind].together}
    assert {k for k, data in rendered.items() if not isinstance(data, bytes) or not data} == set()
    assert {o.kind for o in planned if made[o.kind].together} == {"proposal-pdf", "pack", "publication-pdf"}


def test_a_second_maker_of_a_kind_is_refused():
    with pytest.raises(ValueError, match="two makers of 'feed' outputs: Feed and Again"):
        kind(type("Again", (Maker,), {"kinds": ("feed",)}))
    assert REGISTRY["feed"].__name__ == "Feed"
