"""Errors of the groups domain."""

from common.errors import Conflict, NotFound, PermissionDenied


class GroupNotFound(NotFound):
    code = "group_not_found"
    detail = "No group with this name."


class MembershipNotFound(NotFound):
    code = "membership_not_found"
    detail = "The user is not a member of this group."


class AdminRequired(PermissionDenied):
    code = "admin_required"
    detail = "Only an admin may change group memberships."


class UsersGroupRequired(Conflict):
    code = "users_group_required"
    detail = "Every user stays in the `users` group."


class LastAdmin(Conflict):
    code = "last_admin"
    detail = "The last admin cannot leave the `admin` group."
