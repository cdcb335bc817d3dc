import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from common.validation import Storable

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120), Storable]
Address = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300), Storable]
City = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), Storable]
Notes = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000), Storable]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]
Capacity = Annotated[int, Field(ge=1, le=10_000, description="How many people the place holds.")]


class PlaceCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    address: Address
    city: City
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    capacity: Capacity
    notes: Notes | None = None


class PlaceUpdate(BaseModel):
    """Only the fields sent change; `null` clears the optional ones (coordinates, notes)."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    address: Address | None = None
    city: City | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    capacity: Capacity | None = None
    notes: Notes | None = None

    @model_validator(mode="after")
    def _required_stay_set(self) -> "PlaceUpdate":
        for name in ("name", "address", "city", "capacity"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self


class PlaceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    host_id: uuid.UUID
    name: str
    address: str
    city: str
    latitude: float | None
    longitude: float | None
    capacity: int
    notes: str | None
    created_at: datetime
    updated_at: datetime
