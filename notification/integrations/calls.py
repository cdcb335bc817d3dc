"""Calls to other services with this service's token: one fresh token after a 401, and any failure
to get an answer as DependencyUnavailable, which the worker turns into a retry later."""

from typing import Any

import httpx

from common.errors import DependencyUnavailable
from common.service_auth import ServiceTokenProvider


async def get_json(
    http: httpx.AsyncClient, tokens: ServiceTokenProvider, url: str, *, params: Any = None
) -> Any:
    try:
        response = await http.get(url, params=params, headers=await tokens.headers())
        if response.status_code == 401:
            tokens.forget()
            response = await http.get(url, params=params, headers=await tokens.headers())
    except httpx.HTTPError as exc:
        raise DependencyUnavailable(f"GET {url} failed: {exc.__class__.__name__}") from exc
    if response.status_code != 200:
        raise DependencyUnavailable(f"GET {url} answered {response.status_code}")
    try:
        return response.json()
    except ValueError as exc:
        raise DependencyUnavailable(f"GET {url} answered something that is not JSON") from exc
