"""Helpers the test suites share: the app over a simulated LiveVox (``harness.ui``), dialogs,
compliance threads, the local store, a real pseudo-terminal (``harness.terminal``), snapshots,
and the simulator served over HTTP. ``pyproject.toml`` puts ``tests/`` on the import path."""
