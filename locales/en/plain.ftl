## Plain language: easy-to-read versions of the texts parents meet most.
## A key <key>-plain replaces <key> for people who chose "Plain language". It takes the same variables.
## Rules (Inclusion Europe, "Information for all"): one idea in a sentence; short sentences; everyday words;
## no abbreviations; speak to the reader as "you"; the important thing first; each sentence on a new line;
## numbers as digits; one word for one thing ("queue", not "waiting list").

## Consent
consent-text-plain =
    <b>Hello! This is the Vmeste bot.</b>
    Here you can find meetings and classes for parents and teachers.
    You can also sign up for them here.

    <b>For the bot to work, we keep:</b>
    • your { $messenger ->
        [max] MAX
       *[other] Telegram
    } ID. It is not your phone number;
    • your language;
    • who you are: a parent, a teacher or a specialist;
    • your organization, if you choose one;
    • when to remind you about meetings.
    We do not keep your phone number.
    We do not ask about your child's health.

    <b>Who keeps this data:</b> { $operator ->
        [none] the Vmeste inclusive-education network.
       *[other] { $operator }.
    }{ $contact ->
        [none] {""}
       *[other] {" "}Contact: { $contact }.
    }
    To see what we keep, use /mydata.
    To delete everything, use /forget.

    Do you agree that we keep this data?
consent-declined-plain =
    All right. We saved nothing.
    If you change your mind, press /start.

## Schedule
schedule-empty-plain =
    There is nothing here yet.
    Press "For whom", "Kind" or "Month".
    Then choose something else.
schedule-filters-plain = What is shown: { $filters }

## Event card
event-when-plain = 🗓 When: { $when }
event-where-plain = 📍 Where: { $where }
event-responsible-plain = 👤 Who leads it: { $who }
event-kind-plain = 🗂 What it is: { $kind }
event-audience-plain = 👥 For whom: { $audience }
event-capacity-plain = 🪑 Places in all: { $seats }
event-goal-plain = 🎯 What it is about: { $goal }
event-result-plain = ✅ What you get at the end: { $result }
event-online-plain = 💻 Link to take part from home: { $link }
event-accessibility-plain = ♿ Is it easy for disabled people: { $text }
event-cancelled-mark-plain = ❌ <b>This meeting will not happen. It was cancelled.</b>
reg-seats-left-plain = 🟢 Free places: { $left }.
reg-seats-none-plain =
    🔴 There are no free places.
    People waiting in the queue: { $waiting }.
reg-you-confirmed-plain = ✅ You are signed up.
reg-you-waiting-plain =
    ⏳ You are in the queue.
    Your number in the queue: { $position }.
reg-closed-by-host-plain = 🔒 You cannot sign up any more. The organizer closed it.
reg-closed-deadline-plain = 🔒 You cannot sign up any more. The time to sign up is over.
reg-closed-no-date-plain = You cannot sign up yet. We do not know the date yet.
reg-closed-cancelled-plain = You cannot sign up. This meeting was cancelled.

## Signing up
reg-done-confirmed-plain = ✅ Done! You are signed up.
reg-done-waiting-plain =
    ⏳ There are no free places.
    We put you in the queue.
    Your number in the queue: { $position }.
    If a place becomes free, we will write to you at once.
reg-already-plain = You are already signed up. You do not need to sign up again.
reg-needs-ask-plain =
    What do you need to come to the meeting?
    Choose it below.
    The organizer will get everything ready.
    You do not have to choose anything.
    We do not ask about illnesses.
reg-needs-chosen-plain = You chose: { $needs }
reg-other-ask-plain =
    Write in a few words what else you need.
    You can write up to { $limit } characters.
    Please do not write about illnesses.
reg-name-ask-plain =
    How should we write you in the list?
    For example: "Anna, Misha's mum".
    You do not have to give a name.
    Without a name, the list shows your { $messenger ->
        [max] MAX
       *[other] Telegram
    } ID.
    Only the organizer sees the name.
    We delete the name when you cancel.
    You can write up to { $limit } characters.
reg-cancel-confirm-plain =
    Cancel your place at "{ $title }"?
    The next person in the queue gets your place.
reg-cancelled-plain =
    Your place is cancelled.
    Thank you for telling us!
reg-cancel-started-plain = The meeting has started. You cannot cancel now.
reg-promoted-plain =
    🎉 A place became free!
    Now you are signed up for "{ $title }".
    If you cannot come, cancel your place.
    You can do it in "My registrations".
mine-empty-plain =
    You have not signed up for anything yet.
    Open the schedule.
    Choose a meeting and press "Sign up".
mine-waiting-plain = ⏳ you are in the queue, number { $position }
clubs-hint-plain =
    A club is a group of parents.
    They meet again and again.
    If you join a club, we sign you up for its meetings.
    You can say no to any meeting.

## Reminders
notify-event-24h-plain =
    🔔 <b>A reminder. { $Left } there is a meeting.</b>
    Meeting: { $title }
    🗓 When: { $when }{ $where }
notify-event-2h-plain =
    🔔 <b>A reminder. { $Left } there is a meeting.</b>
    Meeting: { $title }
    🗓 When: { $when }{ $where }
notify-event-moved-plain =
    🔁 <b>The meeting has moved.</b>
    Meeting: { $title }
    New time: { $when }{ $where }
notify-event-cancelled-plain =
    ❌ <b>The meeting was cancelled.</b>
    Meeting: { $title }
    It was going to be: { $when }
notify-registration-closing-plain =
    ⏳ <b>Signing up ends { $left }.</b>
    Meeting: { $title }
    You can sign up until: { $deadline }
    When the meeting is: { $when }
notify-survey-invite-plain =
    📝 <b>A new questionnaire: { $survey }</b>
    Please answer the questions.
    It takes a few minutes.
    You can answer until: { $closes }
notify-event-feedback-plain =
    💬 <b>How was the meeting?</b>
    Meeting: { $title }
    Tell us in the short questionnaire "{ $survey }".
    You can answer until: { $closes }

## Starting a questionnaire
survey-anonymous-note-plain =
    🔒 This questionnaire has no names.
    Nobody will know that these are your answers.
    We see only the totals.
    After you send the answers, you cannot change them.
survey-named-note-plain =
    👤 This questionnaire has names.
    The organizers will see that you answered.
    You can change your answers while the questionnaire is open.
surveys-until-plain = you can answer until { $when }
survey-pick-many-plain =
    Choose all the answers that fit you.
    Then press "Done".
survey-pick-between-plain =
    Choose from { $min } to { $max } answers.
    Then press "Done".
survey-send-anonymous-plain =
    Press "Send answers".
    After that you cannot change the answers.
survey-sent-plain = ✅ Thank you! We got your answers.

## When
when-every-quarterly-plain = 4 times a year
when-on-request-plain = when you ask for it
when-quarter-plain = { $q ->
    [I] January – March { $year }
    [II] April – June { $year }
    [III] July – September { $year }
   *[IV] October – December { $year }
}
