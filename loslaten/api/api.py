"""The JSON API: a thin layer over the apps' own functions. OpenAPI at /api/openapi.json."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Loslaten API",
    version="1",
    description="Your own check-ins, journal, micro-moments and the model's day. "
    "The model is education, not medical advice.",
    urls_namespace="api",
)
