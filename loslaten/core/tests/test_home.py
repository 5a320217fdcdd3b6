def test_home_says_in_dutch_what_loslaten_is(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "Loslaten: ruimte maken in je lijf" in html
    assert "geen medisch advies" in html


def test_home_has_the_search_box_with_its_invitation(client):
    html = client.get("/").content.decode()
    assert 'action="/zoeken/"' in html
    assert "Vind het inzicht dat jou vandaag verder brengt" in html


def test_home_switches_to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Letting go: making room in your body" in html


def test_home_loads_nothing_from_another_host(client):
    html = client.get("/").content.decode()
    for attribute in ('src="http', "src='http", 'href="//', 'src="//'):
        assert attribute not in html
    assert 'rel="stylesheet" href="/static/' in html


def test_robots_keeps_the_private_practice_out(client):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /oefenen/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
