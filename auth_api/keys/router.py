"""The public keys every service verifies access tokens with."""

from typing import Any

from fastapi import APIRouter, Request, Response

from auth_api.keys.schemas import Jwks

router = APIRouter(tags=["keys"])


@router.get("/v1/jwks", response_model=Jwks)
async def jwks(request: Request, response: Response) -> Any:
    """Public signing keys (JWKS): the active key and older ones that still verify live tokens."""
    response.headers["Cache-Control"] = "public, max-age=60"
    return request.app.state.keys.jwks()
