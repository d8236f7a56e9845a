"""The network's sites."""
