"""The recommendations tracker in a real headless Chromium: its filters narrow the rows by
the words in their cells, and without JavaScript it is the whole list."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ..support.browsers import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed"),
]


def numbers(page) -> list[str]:
    return [
        text.split(".")[0]
        for text in page.locator(
            "#recommendations tbody tr:visible td:nth-child(1) > strong"
        ).all_inner_texts()
    ]


def test_the_tracker_filters_by_decision_and_progress_and_lists_the_overdue_first(visit):
    page = visit("recommendations/")
    assert numbers(page) == ["3", "1", "2"]  # 3 has had no response since 22 March 2018
    status = page.locator(".table-filter-status")
    page.locator(".table-filter select[data-column='3']").select_option("Rejected")
    assert numbers(page) == ["2"]
    expect(status).to_have_text("Showing 1 of 3 recommendations.", use_inner_text=True)
    page.locator(".table-filter select[data-column='3']").select_option("")
    page.locator(".table-filter select[data-column='5']").select_option("No update yet")
    assert numbers(page) == ["3", "2"]
    page.locator(".table-filter input").fill("fly-tipping")
    assert numbers(page) == ["2"]


def test_an_anchor_opens_the_tracker_at_its_recommendation(visit):
    page = visit("recommendations/#budget-scrutiny-2018-01-15-2")
    expect(page.locator("#budget-scrutiny-2018-01-15-2")).to_be_in_viewport()
    assert "Rejected" in page.locator("#budget-scrutiny-2018-01-15-2").inner_text()


def test_without_javascript_the_tracker_is_the_whole_list(visit):
    page = visit("recommendations/", js=False)
    assert numbers(page) == ["3", "1", "2"]
    expect(page.locator(".table-filter")).to_be_hidden()
    assert "294 days overdue on 10 January 2019" in page.locator("#budget-scrutiny-2018-01-15-3").inner_text()
