"""The compliance UI tests reuse the UI tests' fixtures and the dialog tests' harness."""

import importlib.util
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
for folder in ("ui", "dialogs"):
    if str(TESTS / folder) not in sys.path:
        sys.path.insert(0, str(TESTS / folder))

_spec = importlib.util.spec_from_file_location("ui_tests_conftest", TESTS / "ui" / "conftest.py")
_ui_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_ui_conftest)

# Registered here as fixtures of these tests: UTC, private config dirs, a small world.
utc_and_private_dirs = _ui_conftest.utc_and_private_dirs
sim = _ui_conftest.sim
world = _ui_conftest.world
