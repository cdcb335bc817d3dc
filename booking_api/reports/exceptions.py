from common.errors import Conflict, InvalidInput, NotFound


class ReportNotFound(NotFound):
    code = "report_not_found"
    detail = "No such report."


class ReportTargetNotFound(NotFound):
    code = "report_target_not_found"
    detail = "There is no such evening or person to report."


class CannotReportSelf(InvalidInput):
    code = "cannot_report_self"
    detail = "Nobody reports themself."


class ReportResolved(Conflict):
    code = "report_resolved"
    detail = "This report is already resolved."


class ActionNotApplicable(InvalidInput):
    code = "action_not_applicable"
    detail = "Only a report of an evening can hide it."
