"""Running the bot: leases, send rate, per-person throttle, metrics, health, processed updates."""
