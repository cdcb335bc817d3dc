from fastapi import APIRouter, Request

from booking_api.core.rules import BookingRules
from booking_api.core.schemas import RulesRead

router = APIRouter(prefix="/v1", tags=["rules"])


@router.get("/rules", response_model=RulesRead)
async def booking_rules(request: Request) -> RulesRead:
    """The booking rules: seat limits, how far ahead events start, the attendance and rating windows."""
    rules: BookingRules = request.app.state.env.rules
    return RulesRead(
        max_seats_per_booking=rules.max_seats_per_booking,
        min_lead_minutes=int(rules.min_lead.total_seconds() // 60),
        max_horizon_days=rules.horizon.days,
        max_place_capacity=rules.max_place_capacity,
        max_schedule_size=rules.max_schedule_size,
        attendance_grace_hours=int(rules.attendance_grace.total_seconds() // 3600),
        rating_window_days=rules.rating_window.days,
        max_active_bookings=rules.max_active_bookings,
        max_waitlist_entries=rules.max_waitlist_entries,
        offer_claim_minutes=int(rules.offer_claim.total_seconds() // 60),
        offer_stop_minutes=int(rules.offer_stop.total_seconds() // 60),
        pending_answer_hours=int(rules.pending_answer.total_seconds() // 3600),
        pending_stop_hours=int(rules.pending_stop.total_seconds() // 3600),
        default_cancel_deadline_hours=rules.default_cancel_deadline_hours,
        max_live_invites=rules.max_live_invites,
    )
