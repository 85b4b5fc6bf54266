"""newsdesk.ingest."""
