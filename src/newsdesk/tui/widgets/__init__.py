"""newsdesk.tui.widgets."""
