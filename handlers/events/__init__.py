"""Events: the schedule and the event card (everyone), the event form (coordinators)."""
