from typing import Protocol

from booking_api.ratings.ports import RatingsUnitOfWork
from booking_api.reports.repository import ReportRepository


class ReportsUnitOfWork(RatingsUnitOfWork, Protocol):
    @property
    def reports(self) -> ReportRepository: ...
