"""What every feature package shares: role filters, the callback gate, the screen helpers and the handler context.
Nothing here knows a feature."""
