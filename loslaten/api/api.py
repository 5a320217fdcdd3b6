"""The JSON API: a thin layer over the apps' own functions. OpenAPI at /api/openapi.json.

Every endpoint needs `Authorization: Bearer <token>` (a personal access token from
/account/). See docs/api.md.
"""

from ninja import NinjaAPI

from loslaten.api import errors
from loslaten.api.auth import TokenAuth
from loslaten.api.endpoints import router

api = NinjaAPI(
    title="Loslaten API",
    version="1",
    description="Your own check-ins, journal, micro-moments and the model's day. "
    "The model is education, not medical advice.",
    urls_namespace="api",
    auth=TokenAuth(),
)
errors.install(api)
api.add_router("", router)
