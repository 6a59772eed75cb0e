"""The headless layers never import Textual."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize("layer", ["livevox", "sim", "core", "store"])
def test_layer_does_not_import_textual(layer: str) -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        f"import inbox_tui.{layer} as pkg\n"
        "for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "    importlib.import_module(m.name)\n"
        "print(sorted(n for n in sys.modules if n == 'textual' or n.startswith('textual.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
