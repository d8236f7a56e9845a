"""Parent clubs: members, meetings and anonymous questions."""
