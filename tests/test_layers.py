"""The headless layers never import Textual."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize("layer", ["livevox", "sim", "core", "store", "send"])
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


def test_only_the_send_path_calls_the_clients_send_methods() -> None:
    """Every send passes the one gated path: no module outside ``inbox_tui.send`` (and the
    client that defines them) calls ``send_message`` or ``send_sms``."""
    import ast
    from pathlib import Path

    package = Path(__file__).resolve().parent.parent / "inbox_tui"
    allowed = {package / "send", package / "livevox", package / "sim"}
    callers = []
    for path in sorted(package.rglob("*.py")):
        if any(folder in path.parents for folder in allowed):
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            called = node.func if isinstance(node, ast.Call) else None
            if isinstance(called, ast.Attribute) and called.attr in {"send_message", "send_sms"}:
                callers.append(f"{path.relative_to(package)}:{node.lineno}")
    assert callers == []
    # The check itself finds such a call where one is.
    flow = (package / "send" / "flow.py").read_text()
    assert "client.send_message(" in flow and "client.send_sms(" in flow
