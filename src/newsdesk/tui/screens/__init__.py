"""newsdesk.tui.screens."""
