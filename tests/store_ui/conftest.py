"""The store UI tests reuse the UI tests' fixtures and helpers, and add a store on tmp_path."""

import importlib.util
import sys
from pathlib import Path

import pytest

UI_TESTS = Path(__file__).resolve().parent.parent / "ui"
if str(UI_TESTS) not in sys.path:
    sys.path.insert(0, str(UI_TESTS))

_spec = importlib.util.spec_from_file_location("ui_tests_conftest", UI_TESTS / "conftest.py")
_ui_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_ui_conftest)

# Registered here as fixtures of these tests: UTC, private config dirs, a small world.
utc_and_private_dirs = _ui_conftest.utc_and_private_dirs
sim = _ui_conftest.sim
world = _ui_conftest.world


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "profile.sqlite3"
