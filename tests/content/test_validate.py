"""Each rule of the content format gives a clear message with file and line."""

from scrutinypack.build.reading import read_site

from ..support.content import PROPOSAL, codes


def problems_for(content, files):
    """The problems of a site, leaving aside the statement's reminder (a site.yaml written
    here for another purpose has no accessibility: block)."""
    return [p for p in read_site(content(files)).problems if p.code != "accessibility-statement"]


def test_valid_content_has_no_problems(content):
    assert problems_for(content, {}) == []


def test_yaml_floats_are_read_as_written(content):
    site = read_site(content({})).site
    assert str(site.proposals[0].profile.years["2019/20"].value) == "-0.250"
    assert str(site.proposals[0].baseline.gross.value) == "8.064"


def test_missing_ref_and_title_are_named(content):
    found = [
        p
        for p in problems_for(content, {"proposals/sc001.yaml": "service: Waste\n"})
        if p.file == "proposals/sc001.yaml"
    ]
    assert sorted(codes(found)) == ["missing-field", "missing-field"]
    assert {p.message for p in found} == {"a proposal needs 'ref'", "a proposal needs 'title'"}
    assert all(p.file == "proposals/sc001.yaml" for p in found)


def test_unknown_field_suggests_the_nearest(content):
    found = problems_for(content, {"proposals/sc001.yaml": PROPOSAL + "totl: -0.250\n"})
    assert codes(found) == ["unknown-field"]
    assert "did you mean 'total'?" in found[0].message
    assert found[0].line == 12


def test_duplicate_refs_name_both_files(content):
    found = problems_for(content, {"proposals/sc002.yaml": PROPOSAL})
    assert codes(found) == ["duplicate-ref"]
    assert "proposals/sc001.yaml:1" in found[0].message


def test_invalid_financial_year_says_what_is_expected(content):
    found = problems_for(
        content, {"proposals/sc001.yaml": PROPOSAL.replace("start_year: 2019/20", "start_year: 2019/21")}
    )
    assert codes(found) == ["invalid-year"]
    assert "2019/20" in found[0].message and found[0].line == 6


def test_year_written_another_way_is_an_error(content):
    found = problems_for(content, {"site.yaml": "title: t\nunit: m\nyears: [2019-20]\n"})
    assert codes(found) == ["invalid-year"]
    assert "YYYY/YY" in found[0].message


def test_unknown_committee_reference(content):
    found = problems_for(content, {"proposals/sc001.yaml": PROPOSAL.replace("[budget]", "[budgte]")})
    assert codes(found) == ["unknown-committee"]
    assert "did you mean 'budget'?" in found[0].message


def test_unknown_proposal_in_an_agenda(content):
    found = problems_for(
        content,
        {
            "committees/budget.yaml": """\
        name: Budget
        meetings:
          - date: 2018-01-15
            agenda:
              - title: Forms
                proposals: [SC001, SC009]
        """
        },
    )
    assert codes(found) == ["unknown-proposal"]
    assert found[0].file == "committees/budget.yaml" and found[0].line == 6


def test_unknown_report_in_an_agenda(content):
    found = problems_for(
        content,
        {
            "committees/budget.yaml": """\
        name: Budget
        meetings:
          - date: 2018-01-15
            agenda:
              - title: MTFS
                report: mtfs-2014
        """
        },
    )
    assert codes(found) == ["unknown-report"]


def test_an_amount_that_is_not_one(content):
    found = problems_for(
        content, {"proposals/sc001.yaml": PROPOSAL.replace("total: -0.250", "total: about a quarter")}
    )
    assert codes(found) == ["invalid-amount"]
    assert found[0].line == 11


def test_savings_and_budget_change_together(content):
    found = problems_for(content, {"proposals/sc001.yaml": PROPOSAL + "savings: {2019/20: 0.250}\n"})
    assert "two-profiles" in codes(found)


def test_wrong_type(content):
    found = problems_for(content, {"proposals/sc001.yaml": PROPOSAL + "decisions: [a, b]\n"})
    assert codes(found) == ["wrong-type"]


def test_invalid_status_suggests(content):
    found = problems_for(
        content, {"proposals/sc001.yaml": PROPOSAL.replace("status: proposed", "status: aproved")}
    )
    assert codes(found) == ["invalid-value"] and "'approved'" in found[0].message


def test_file_name_must_be_a_slug(content):
    found = problems_for(content, {"proposals/SC 9.yaml": "ref: SC9\ntitle: x\n"})
    assert codes(found) == ["invalid-slug"] and "sc-9.yaml" in found[0].message


def test_invalid_meeting_date(content):
    found = problems_for(content, {"committees/budget.yaml": "name: B\nmeetings:\n  - date: 15/01/2018\n"})
    assert codes(found) == ["invalid-date"]


def test_missing_site_yaml(content):
    root = content({})
    (root / "site.yaml").unlink()
    found = read_site(root).problems
    assert codes(found) == ["no-site-yaml"]


def test_not_applicable_words_are_kept(content):
    site = read_site(content({"proposals/sc001.yaml": PROPOSAL + "fte: TBC\nfull_year: N/A\n"})).site
    assert site.proposals[0].fte_overall.text == "TBC"
    assert site.proposals[0].full_year.text == "N/A"


def test_no_becomes_text_not_false(content):
    site = read_site(
        content({"proposals/sc001.yaml": PROPOSAL + "consultation: {required: No, note: No}\n"})
    ).site
    assert site.proposals[0].consultation.required is False
    assert site.proposals[0].consultation.note == "No"


def test_agenda_selectors(content):
    site = read_site(
        content(
            {
                "committees/budget.yaml": """\
        name: Budget
        meetings:
          - date: 2018-01-15
            agenda:
              - {title: By service, proposals: {service: Waste}}
              - {title: This committee, proposals: {committee: this}}
        """
            }
        )
    ).site
    agenda = site.committees[0].meetings[0].agenda
    assert [p.ref for p in agenda[0].proposals] == ["SC001"]
    assert [p.ref for p in agenda[1].proposals] == ["SC001"]


def test_two_services_that_would_share_a_page_are_an_error(content):
    other = PROPOSAL.replace("ref: SC001", "ref: SC002").replace("service: Waste", "service: 'Waste!'")
    problems = read_site(content({"proposals/sc002.yaml": other})).problems
    assert codes(problems) == ["service-clash"]
    assert "services/waste/" in problems[0].message and problems[0].file == "proposals/sc002.yaml"
