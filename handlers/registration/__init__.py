"""Registration: signing up and needs, «My registrations», the training record; the coordinators' roster."""
