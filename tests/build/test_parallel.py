"""A build rendered by several processes, each taking share after share of the pages, writes
the same files with the same bytes as one process does (issue 29)."""

import multiprocessing

import pytest

from scrutinypack.build import builder

from ..support.content import ROOT


def files(folder):
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork here")
def test_shares_rendered_in_parallel_give_the_same_site(tmp_path, monkeypatch):
    content = ROOT / "examples" / "hampshire"
    builder.build(content, tmp_path / "one" / "site", jobs=1)
    monkeypatch.setattr(builder, "PARALLEL_FROM", 1)  # this small site too, in shares
    report = builder.build(content, tmp_path / "two" / "site", jobs=2)
    one, two = files(tmp_path / "one" / "site"), files(tmp_path / "two" / "site")
    assert report.rendered > 2 * builder.SHARES_PER_JOB  # more shares than processes: each takes several
    assert one.keys() == two.keys() and one == two
