from bs4 import BeautifulSoup

HOST = "quatremille.localhost"


def url(page) -> str:
    """The page's path on its own site."""
    return page.get_url_parts()[2]


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")
