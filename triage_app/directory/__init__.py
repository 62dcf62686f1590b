"""The services directory's files: its seed from ``resources/`` and its HSDS exchange format."""
