"""Response bodies of the subscriptions routes."""

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class SubscriptionOut(BaseModel):
    """A user's subscription to a film."""

    model_config = ConfigDict(from_attributes=True)

    movie_id: uuid.UUID
    user_id: uuid.UUID
    subscribed_at: datetime = Field(validation_alias="created_at", description="When they first subscribed.")


class Subscriber(BaseModel):
    """A user subscribed to the film."""

    model_config = ConfigDict(from_attributes=True)

    user_id: uuid.UUID
    subscribed_at: datetime = Field(validation_alias="created_at")


class SubscribedMovie(BaseModel):
    """A film the signed-in user is subscribed to."""

    model_config = ConfigDict(from_attributes=True)

    movie_id: uuid.UUID
    subscribed_at: datetime = Field(validation_alias="created_at")
