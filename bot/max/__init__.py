"""MAX as a second messenger, translated at the transport edge.

MAX updates become aiogram `Update`s (`bot.max.updates`), so the same routers serve both messengers; the Bot API
methods the handlers call become MAX Bot API calls in `MaxSession` (`bot.max.session`), an aiogram session of our
own. `bot.max.client` is the small HTTP client for MAX, `bot.max.ids` keeps the two messengers' ids apart,
`bot.max.markup` turns Telegram HTML and keyboards into MAX's, and `bot.max.polling` reads `/updates`.
Nothing in `services/` knows which messenger a person uses.
"""
