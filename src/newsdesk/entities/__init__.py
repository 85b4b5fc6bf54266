"""newsdesk.entities."""
