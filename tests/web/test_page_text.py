"""Small texts of issue 15 that were wrong: the token help's placeholder, skip links."""

from tests.api.helpers import make_campaign
from tests.factories import Caller
from tests.web.conftest import Browser


def test_the_token_help_shows_its_placeholder(web: Browser) -> None:
    settings = web.get(web.page("/settings")).text

    assert "Authorization: Bearer &lt;token&gt;." in settings


def test_pages_offer_a_skip_link_past_the_navigation(web: Browser, owner: Caller) -> None:
    campaign = make_campaign(owner, "Script")

    home = web.get(web.page("")).text
    page = web.get(web.page(f"/campaigns/{campaign['id']}")).text

    assert home.index('href="#main"') < home.index("<nav")
    assert 'id="main"' in home
    assert page.index('href="#raci-title"') < page.index("<nav")
    assert 'id="raci-title"' in page
