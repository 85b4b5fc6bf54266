"""newsdesk.index."""
