## Flood protection

throttle-slow-down = Please slow down: you are writing too often. I will answer again in half a minute.
