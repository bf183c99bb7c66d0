"""The members page's search answers htmx with the results alone (issue 9: a page asks the
API only for what it shows): no filter choices are read for a results fragment."""

import pytest

from tests.api.helpers import make_member
from tests.factories import Caller
from tests.web.conftest import Browser
from tests.web.test_page_calls import api_calls


def test_a_search_as_you_type_gets_the_results_without_the_filter_choices(
    web: Browser, owner: Caller, caplog: pytest.LogCaptureFixture
) -> None:
    make_member(owner, display_name="Chen Hao")
    make_member(owner, display_name="Li Na")
    web.client.headers.update({"HX-Request": "true", "HX-Target": "member-results"})
    try:
        calls = api_calls(web, caplog, "/members?q=Chen")
        results = web.get(web.page("/members?q=Chen")).text
    finally:
        del web.client.headers["HX-Request"], web.client.headers["HX-Target"]

    assert "Chen Hao" in results
    assert "Li Na" not in results
    assert "<html" not in results
    assert not any(call.endswith(("/skills", "/roles")) for call in calls)


def test_the_whole_page_reads_the_filter_choices_with_the_members(
    web: Browser, owner: Caller, caplog: pytest.LogCaptureFixture
) -> None:
    make_member(owner, display_name="Chen Hao")

    calls = api_calls(web, caplog, "/members")

    assert any(call.endswith("/members") for call in calls)
    assert any(call.endswith("/skills") for call in calls)
    assert any(call.endswith("/roles") for call in calls)
