"""The capture form: a request for help typed in the order a conversation goes."""
