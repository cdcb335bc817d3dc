from typing import Protocol

from booking_api.blocks.repository import BlockRepository
from booking_api.core.ports import UnitOfWork


class BlocksUnitOfWork(UnitOfWork, Protocol):
    @property
    def blocks(self) -> BlockRepository: ...
