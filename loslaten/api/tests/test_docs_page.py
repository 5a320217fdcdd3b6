import re


def test_api_docs_load_swagger_from_our_own_static_files(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(s.startswith("/static/ninja/") for s in sources)
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))]
