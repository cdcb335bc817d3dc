"""The architecture rules of docs/architecture.md are import-linter contracts (pyproject.toml), run by
`make lint`; here they run too, and each kind of contract is shown to catch a deliberate break, so a
contract that silently matches nothing cannot pass for a kept one."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = [
    "common",
    "auth_api",
    "ugc_api",
    "movie_api",
    "booking_api",
    "url_shortener",
    "notification",
    "web",
]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the packages' Python code and the contracts, to break on purpose."""
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("*.pyc", "__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_code_keeps_every_import_contract() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout
    assert result.stdout.count("KEPT") == 5


def broken_contracts(tree: Path) -> str:
    result = lint_imports(tree)
    assert result.returncode != 0, result.stdout
    return result.stdout.split("Broken contracts", 1)[-1]


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        (
            "booking_api/places/probe.py",
            "from booking_api.ratings import service\n",
            "Booking domains are layers",
        ),
        ("booking_api/events/probe.py", "import booking_api.browse.queries\n", "Booking domains are layers"),
        ("notification/probe.py", "import booking_api.events.models\n", "Services never import each other"),
        ("web/probe.py", "from auth_api.users import service\n", "Services never import each other"),
        ("common/probe.py", "import url_shortener.links\n", "common imports no service"),
        (
            "booking_api/outbox/probe.py",
            "from booking_api.bookings import models\n",
            "Booking adapters and plumbing know no domain",
        ),
    ],
)
def test_a_forbidden_import_fails_the_lint(tree: Path, module: str, line: str, contract: str) -> None:
    (tree / module).write_text(line)
    assert contract in broken_contracts(tree)


@pytest.mark.parametrize(
    ("router", "line"),
    [
        ("ugc_api/reviews/router.py", "from ugc_api.reviews.repository import ReviewRepository\n"),
        ("booking_api/bookings/router.py", "from booking_api.bookings.models import Booking\n"),
        ("booking_api/places/router.py", "import booking_api.uow\n"),
    ],
)
def test_a_router_importing_storage_fails_the_lint(tree: Path, router: str, line: str) -> None:
    path = tree / router
    path.write_text(line + path.read_text())
    assert "Routers never import repositories or models directly" in broken_contracts(tree)
