"""Parent clubs."""
