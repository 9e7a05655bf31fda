"""The checks page speaks to residents: what does not add up, by how much and in which
proposal, in words; the file, line and check code a clerk needs are folded away in a
<details> element under each finding."""

from __future__ import annotations

import re

from scrutinypack.build.builder import build

from ..support.content import PROPOSAL


def _findings(page: str) -> list[str]:
    return re.findall(r'<li class="finding finding-\w+">(.*?)</li>', page, re.S)


def _words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_finding_says_in_words_what_does_not_add_up_where_and_by_how_much(content, tmp_path):
    wrong_net = PROPOSAL.replace("net: 7.464", "net: 7.664")
    build(content({"proposals/sc001.yaml": wrong_net}), tmp_path / "site")
    (finding,) = _findings((tmp_path / "site/checks/index.html").read_text())
    shown = _words(re.sub(r"<details.*?</details>", "", finding, flags=re.S))
    assert shown == (
        "Does not add up Gross £8.064m − income £0.600m is £7.464m, but the net budget "
        "is printed as £7.664m, a difference of £0.200m. In SC001: Reduce waste"
    )
    clerks = re.search(r"<details[^>]*>(.*?)</details>", finding, re.S)[1]
    assert _words(clerks) == "For clerks: where in the files proposals/sc001.yaml:7 · check net-mismatch"


def test_a_proposal_page_folds_away_where_its_finding_is_in_the_files(content, tmp_path):
    build(
        content({"proposals/sc001.yaml": PROPOSAL.replace("total: -0.250", "total: -0.300")}),
        tmp_path / "site",
    )
    (finding,) = _findings((tmp_path / "site/proposals/sc001/index.html").read_text())
    assert "proposals/sc001.yaml" not in re.sub(r"<details.*?</details>", "", finding, flags=re.S)
    assert "<summary>For clerks: where in the files</summary>" in finding
