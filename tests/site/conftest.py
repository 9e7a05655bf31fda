"""The whole site's fixtures: the browse fixture served as a council would serve it, and a
page of it opened in a fresh context of the module's Chromium (``browser``, tests/conftest.py)."""

from __future__ import annotations

import pytest

from ..support.browsers import serving


@pytest.fixture(scope="module")
def server(browse_site, tmp_path_factory):
    with serving(browse_site, tmp_path_factory.mktemp("www")) as url:
        yield url


@pytest.fixture
def visit(browser, server):
    """Open a page of the site in a fresh browser context; fails the test on a script error."""
    contexts, errors = [], []

    def open_page(path: str, width: int = 1280, scheme: str = "light", js: bool = True):
        context = browser.new_context(
            viewport={"width": width, "height": 900}, color_scheme=scheme, java_script_enabled=js
        )
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"{path}: {error}"))
        if "://" not in path:  # from a disk, the browser itself logs what it refuses to load
            page.on(
                "console",
                lambda message: message.type == "error" and errors.append(f"{path}: console: {message.text}"),
            )
        page.goto(server + path if "://" not in path else path)
        if path.startswith("search/") and "?" in path and js:
            page.locator("#results li").first.wait_for()
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert errors == []
