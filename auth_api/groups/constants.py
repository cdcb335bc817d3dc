"""The groups auth knows about; `bootstrap` creates them on every start."""

USERS = "users"
ADMIN = "admin"
MODERATOR = "moderator"
BANNED = "banned"

GROUPS: dict[str, str] = {
    USERS: "Every registered user.",
    ADMIN: "Administrators: manage group memberships and see every user's email.",
    MODERATOR: "Moderators: may hide reviews and ratings.",
    BANNED: "Banned users: may neither book nor host.",
}
