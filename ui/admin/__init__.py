"""The Administration page and its dialogs: accounts, approvals, this desk, the settings."""
