"""An administrator's tools: the organizations registry and the staff; a coordinator's own organization card."""
