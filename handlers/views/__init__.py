"""View pieces more than one feature shows: the main menu, an event's dates in words, the event card. Views build
text and keyboards only; they may point at any feature's buttons (callback data), never at its handlers."""
