"""The app-level dialog tests reuse the UI tests' fixtures and helpers rather than copying them."""

import importlib.util
import sys
from pathlib import Path

UI_TESTS = Path(__file__).resolve().parent.parent / "ui"
sys.path.insert(0, str(UI_TESTS))

_spec = importlib.util.spec_from_file_location("ui_tests_conftest", UI_TESTS / "conftest.py")
_ui_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_ui_conftest)

# Registered here as fixtures of these tests: UTC, private config dirs, a small world.
utc_and_private_dirs = _ui_conftest.utc_and_private_dirs
sim = _ui_conftest.sim
world = _ui_conftest.world
