"""The main menu and help."""
