# Messages to administrators about the bot's own health.
alert-error = ⚠️ Сбой в боте: { $error } в { $handler }. Подробности — в журнале бота. Об этой же ошибке следующее сообщение придёт не раньше чем через { $minutes } минут.
