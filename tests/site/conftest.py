"""The whole site's fixtures: one headless Chromium for a module of browser tests."""
from __future__ import annotations

import pytest

from ..support.browsers import ARGS, CHROMIUM


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed: "
                                   "run sh scripts/test.sh")
    with sync_api.sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        except sync_api.Error as error:
            pytest.skip(f"Chromium would not start: {error}")
        yield chromium
        chromium.close()
