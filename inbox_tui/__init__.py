"""inbox-tui: a keyboard-first terminal inbox for LiveVox SMS conversations."""

__version__ = "0.1.0"
