import pytest


@pytest.fixture
def page(page):
    """pytest-playwright's page, failing the test if the browser blocked anything by CSP.

    Chromium reports each blocked inline script, handler, style or foreign resource as a console
    error naming the Content Security Policy; the test would otherwise pass with a dead feature.
    """
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    assert violations == [], "\n".join(violations)
