"""People, invites, organizations and what is kept about a person."""
