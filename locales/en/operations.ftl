# Messages to administrators about the bot's own health.
alert-error = ⚠️ The bot hit an error: { $error } in { $handler }. Details are in the bot's log. The same error is reported again no sooner than in { $minutes } minutes.
