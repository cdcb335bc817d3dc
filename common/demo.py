"""Demo people shared by every service's demo data (same UUIDs in auth, UGC, booking)."""

import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoUser:
    id: uuid.UUID
    email: str
    name: str
    groups: tuple[str, ...] = ()


DEMO_PASSWORD = "kinoclub-demo"  # noqa: S105 - published on purpose: the README lists the demo sign-ins

DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser(uuid.UUID("00000000-0000-4000-8000-000000000001"), "anna@kinoclub.example", "Anna Petrova"),
    DemoUser(uuid.UUID("00000000-0000-4000-8000-000000000002"), "boris@kinoclub.example", "Boris Ivanov"),
    DemoUser(uuid.UUID("00000000-0000-4000-8000-000000000003"), "vera@kinoclub.example", "Vera Smirnova"),
    DemoUser(uuid.UUID("00000000-0000-4000-8000-000000000004"), "gleb@kinoclub.example", "Gleb Orlov"),
    DemoUser(uuid.UUID("00000000-0000-4000-8000-000000000005"), "dina@kinoclub.example", "Dina Kozlova"),
    DemoUser(
        uuid.UUID("00000000-0000-4000-8000-000000000006"),
        "mod@kinoclub.example",
        "Mira Moderator",
        ("moderator",),
    ),
    DemoUser(
        uuid.UUID("00000000-0000-4000-8000-000000000007"), "admin@kinoclub.example", "Adam Admin", ("admin",)
    ),
)

# Who hosts in the demo data (booking) and who is a guest.
DEMO_HOSTS = (DEMO_USERS[0], DEMO_USERS[1])
DEMO_GUESTS = (DEMO_USERS[2], DEMO_USERS[3], DEMO_USERS[4])
