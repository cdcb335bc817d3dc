"""Every service's Alembic history: applies from scratch, matches its models, and rolls back cleanly."""

import pytest
from alembic import command

from common.migrations import alembic_config
from devstack.postgres import drop_databases, ensure_databases
from devstack.services import SERVICES
from devstack.stack import Stack, _with_database


@pytest.mark.parametrize("service", [spec.name for spec in SERVICES if spec.has_database])
def test_migrations_apply_match_the_models_and_roll_back(stack: Stack, service: str) -> None:
    name = f"{stack.config.namespace}_mig_{service}"
    ensure_databases(stack.admin_database_url, [name])
    url = _with_database(stack.admin_database_url, name)
    config = alembic_config(service, url)
    try:
        command.upgrade(config, "head")
        command.check(config)  # raises when the models differ from what the migrations built
        command.downgrade(config, "base")
        command.upgrade(config, "head")
    finally:
        drop_databases(stack.admin_database_url, [name])
