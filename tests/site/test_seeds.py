"""The seed papers kept in the repository are the ones the project was given."""

from __future__ import annotations

import pytest

from ..support.content import ROOT, SEEDS

SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="no ../shared/seeds beside this clone")
def test_kept_seed_papers_match_the_shared_ones_byte_for_byte():
    shared = sorted(p.name for p in SHARED_SEEDS.glob("*.txt"))
    assert shared == sorted(p.name for p in SEEDS.glob("*.txt"))
    for name in shared:
        assert (SEEDS / name).read_bytes() == (SHARED_SEEDS / name).read_bytes(), name
