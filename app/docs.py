"""Interactive API docs served from the app's own static files (no CDN is assumed).

The pages carry no inline script: the Content-Security-Policy (`script-src 'self'`,
see `app.core.middleware`) would block it. Swagger UI is started by
`/static/docs/swagger-init.js`, which reads its settings from data attributes.
"""

from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

SWAGGER = "/static/vendor/swagger-ui-5.35.0"
DOCS_STATIC = "/static/docs"
OAUTH2_REDIRECT = "/docs/oauth2-redirect"

router = APIRouter(include_in_schema=False)


@router.get("/docs")
def api_docs(request: Request) -> HTMLResponse:
    openapi_url = escape(request.app.openapi_url or "/openapi.json")
    return HTMLResponse(
        f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Troupe API</title>
<link rel="stylesheet" href="{SWAGGER}/swagger-ui.css">
<link rel="icon" href="{SWAGGER}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui" data-openapi-url="{openapi_url}"
     data-oauth2-redirect-url="{OAUTH2_REDIRECT}"></div>
<script src="{SWAGGER}/swagger-ui-bundle.js"></script>
<script src="{DOCS_STATIC}/swagger-init.js"></script>
</body>
</html>
"""
    )


@router.get(OAUTH2_REDIRECT)
def api_docs_oauth2_redirect() -> HTMLResponse:
    return HTMLResponse(
        f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Swagger UI: OAuth2 Redirect</title></head>
<body>
<script src="{DOCS_STATIC}/oauth2-redirect.js"></script>
</body>
</html>
"""
    )
