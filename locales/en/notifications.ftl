## Reminders and notices (sent on their own; during quiet hours they wait for the morning)

notify-event-24h = 🔔 <b>{ $Left }:</b> { $title }
    🗓 When: { $when }{ $where }
notify-event-2h = 🔔 <b>{ $Left }:</b> { $title }
    🗓 When: { $when }{ $where }
notify-event-moved = 🔁 <b>Event moved:</b> { $title }
    New time: { $when }{ $where }
notify-event-cancelled = ❌ <b>Event cancelled:</b> { $title }
    It was planned for: { $when }
notify-registration-closing = ⏳ <b>Registration closes { $left }:</b> { $title }
    Register by { $deadline }. The event: { $when }

notify-plan-due-7d = 📋 <b>Plan item due { $left }:</b> { $title }
    Due by { $due }. You are told as the plan's coordinator.
notify-plan-due-1d = 📋 <b>Plan item due { $left }:</b> { $title }
    Due by { $due }. You are told as the plan's coordinator.
notify-survey-invite = 📝 <b>A new survey:</b> { $survey }
    Please answer by { $closes }. It takes a few minutes.
notify-survey-closing-3d = 📝 <b>The survey closes { $left }:</b> { $survey }
    You have not answered yet. Answers are taken until { $closes }.
notify-survey-closing-1d = 📝 <b>The survey closes { $left }:</b> { $survey }
    You have not answered yet. Answers are taken until { $closes }.
notify-event-feedback = 💬 <b>How was it?</b> { $title }
    Please tell us in the short survey “{ $survey }” (until { $closes }).
btn-notify-survey-open = Answer 📝
# The time left, as at sending (for the middle of a sentence; a sentence's start gets a capital letter)
notify-left-now = now
notify-left-minutes = in { $n } { $n ->
    [one] minute
   *[other] minutes
}
notify-left-hours = in { $n } { $n ->
    [one] hour
   *[other] hours
}
notify-left-hours-minutes = in { $h } h { $m } min
notify-left-today = today
notify-left-tomorrow = tomorrow
notify-left-week = in a week
notify-left-days = in { $n } days

btn-notify-deadlines = Registration deadlines for me: { $state }

## Coordinators' broadcasts

btn-broadcast = Broadcast 📣
btn-ack = Got it
ack-thanks = Thank you! We noted that you have read it.
ack-again = You have already noted that you read it.
ack-preview = This is how recipients will see the button.

broadcast-ask-content = Write the announcement in one message. Formatting (bold, italics, links) is kept. You may send a photo or a document with a caption.
broadcast-content-expected = Please send a text, a photo or a document.
broadcast-error-empty = The announcement is empty.
broadcast-error-long = The announcement is too long: at most { $limit } characters.
broadcast-error-not-your-org = You can only send to the people of your organization.
broadcast-error-other-org = This broadcast is another organization's: only they can stop it or see who acknowledged it.
broadcast-error-not-yours = This broadcast was sent by another coordinator: only they can stop it or see who acknowledged it.
broadcast-ask-audience = Who should get it?
broadcast-ask-org = Members of which organization?
broadcast-ask-event = Which event? (the coming ones)
broadcast-ask-round = Which survey? (the open ones)
broadcast-ask-club = Which club?
broadcast-aud-all = Everyone 👥
broadcast-aud-parents = Parents 👨‍👩‍👧
broadcast-aud-teachers = Teachers and specialists 🧑‍🏫
broadcast-aud-org = Members of an organization 🏫
broadcast-aud-event = People registered for an event 📝
broadcast-aud-waitlist = An event's waiting list ⏳
broadcast-aud-club = Members of a club 🤝
broadcast-aud-survey = Those who have not answered a survey 📝
broadcast-preview-title = 👀 This is what recipients will see:
broadcast-preview-count = To: { $audience }
    Recipients: <b>{ $count }</b>
broadcast-nobody = Nobody is in this audience now. Choose another one.
btn-broadcast-ack = «Got it» button: { $state }
btn-broadcast-send = Send now 📣
btn-broadcast-later = Send later 🕒
btn-broadcast-audience = Choose other recipients 👥
btn-broadcast-stop = Stop the broadcast ⛔
btn-broadcast-who = Who has read it 👀
broadcast-ask-when = When should it go out? Write a date and time: <code>25.12.2026 10:00</code>
broadcast-starting = 📣 Preparing the broadcast…
broadcast-scheduled-at = 🕒 The broadcast is planned for { $when }.
broadcast-scheduled = Recipients now: { $total }. You can cancel it before it goes out.
broadcast-progress = 📣 <b>Sending</b>
    Delivered: { $delivered } of { $total }
    Left: { $waiting }
    Blocked the bot: { $blocked }
    Not delivered: { $failed }
broadcast-report = ✅ <b>Broadcast finished</b>
    Delivered: { $delivered } of { $total }
    Blocked the bot: { $blocked }
    Not delivered: { $failed }
broadcast-report-cancelled = ⛔ <b>Broadcast stopped</b>
    Delivered: { $delivered } of { $total }
    Blocked the bot: { $blocked }
    Not delivered: { $failed }
broadcast-acks = Have read it: { $acks }
# Shown only while MAX is on beside Telegram: people (or delivered copies) per messenger.
broadcast-channels = Telegram: { $telegram } · MAX: { $max }
broadcast-delivered-by = Delivered by messenger:
broadcast-who = Have read it ({ $count }, the first 50):
broadcast-discarded = Broadcast cancelled, nothing was sent.
btn-broadcast-history = Past broadcasts 🗂
btn-broadcast-new = New broadcast 📣
broadcast-history-title = <b>Past broadcasts</b> (page { $page } of { $pages }). Open one to see how many received it and who acknowledged it.
broadcast-history-none = There have been no broadcasts yet.
broadcast-no-text = No text (a photo or a file)
broadcast-report-head = <b>Broadcast of { $when }</b>, recipients: { $audience }
broadcast-acked-by = Who acknowledged (Telegram ids): { $people }

## An announcement's voice version (for people who chose plain language or a screen reader)
btn-broadcast-voice = Make a voice version 🔊
btn-broadcast-voice-remove = Remove the voice version
broadcast-voice-hint = You can add a voice version: record a voice message and send it here, or press "Make a voice version". People who chose plain language or screen-reader mode get it.
broadcast-voice-made = The voice version is ready: { $seconds } s. Listen to it above.
broadcast-voice-attached = The voice version is attached.
broadcast-voice-removed = The voice version is removed.
broadcast-voice-failed = The voice version could not be made. The announcement will go without it.
broadcast-voice-caption = The announcement's voice version
