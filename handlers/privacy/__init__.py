"""/mydata and /forget."""
