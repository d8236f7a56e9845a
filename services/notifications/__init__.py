"""The notification outbox: the kinds and their rules, the planners, claiming and rendering."""
