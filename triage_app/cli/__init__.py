"""The ``triage-app`` command: every use case without a window, and the window on request."""
