"""Where the booking service's relay hands in domain events."""

from fastapi import APIRouter, Request, Response

from common.errors import NotAuthenticated, error_responses
from common.events import Envelope
from common.security import CurrentService, InvalidToken, ServiceTokenRequired
from notification.deps import ClockDep, LinksDep, UowDep
from notification.events import service
from notification.events.exceptions import InvalidEventData, NotAnEventSource
from notification.events.schemas import IngestResult

router = APIRouter(tags=["events"])


@router.post(
    "/v1/events",
    status_code=202,
    response_model=IngestResult,
    responses={
        200: {"model": IngestResult, "description": "Already had this id: nothing done again."},
        **error_responses(
            NotAuthenticated, InvalidToken, ServiceTokenRequired, NotAnEventSource, InvalidEventData
        ),
    },
)
async def ingest_event(
    envelope: Envelope,
    caller: CurrentService,
    request: Request,
    response: Response,
    uow: UowDep,
    clock: ClockDep,
    links: LinksDep,
) -> IngestResult:
    """A domain event envelope, from a service (the booking relay); stored once by id, with its messages.
    202 when new, 200 when it was already here; either is the acknowledgement the relay waits for."""
    result = await service.ingest(
        uow=uow,
        clock=clock,
        links=links,
        envelope=envelope,
        source=caller.subject,
        allowed_sources=request.app.state.settings.ingest_clients,
    )
    if result.status == "duplicate":
        response.status_code = 200
    return result
