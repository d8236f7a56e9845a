## Event registration, «My registrations», parent clubs, the coordinator's side

btn-my-registrations = My registrations 🎟
btn-clubs = Parent clubs 👪

## Event card
reg-seats-left = 🟢 Seats left: { $left }
reg-seats-none = 🔴 No seats left. On the waitlist: { $waiting }
reg-you-confirmed = ✅ You are registered.
reg-you-waiting = ⏳ You are on the waitlist: number { $position }.
reg-closed-cancelled = Registration is closed: the event is cancelled.
reg-closed-no-date = Registration opens once the date is known.
reg-closed-by-host = 🔒 The organizer has closed registration.
reg-closed-deadline = 🔒 Registration has ended.
btn-reg-join = Register ✍️
btn-reg-wait = Join the waitlist ⏳
btn-reg-needs = What I need to take part 🧩
btn-reg-cancel = Cancel my registration
btn-reg-roster = Registrants 👥
btn-reg-open-event = To the event 📄

## Signing up and needs
reg-done-confirmed = ✅ Done, the seat is yours!
reg-done-waiting = ⏳ No seats left — you are on the waitlist, number { $position }. If a seat frees up, I will write to you at once.
reg-already = You are already registered; there is no need to register again.
reg-needs-ask = Do you need anything to take part comfortably? Tick it and the organizer will prepare. This is optional, and we never ask about diagnoses.
reg-needs-chosen = You ticked: { $needs }
reg-name-shown = In the organizer's list as: { $name }
need-step_free = Step-free access
need-sign_language = Sign-language interpreter
need-assistant = An assistant or tutor for the child
need-quiet_room = A quiet room
need-childcare = Childcare during the event
need-other = Something else
btn-need-other = Something else (write it) ✏️
btn-reg-name = How to list you 🙋
btn-reg-done = Done
btn-reg-clear = Remove 🗑
reg-other-ask = Write briefly what else you need (up to { $limit } characters). Please no diagnoses — only what to prepare.
reg-name-ask = How should the organizer's list show you? For example: “Anna, Misha's mum”. This is optional: without a name you are listed by your { $messenger ->
        [max] MAX
       *[other] Telegram
    } ID. Only the organizer sees it; we keep it while you are registered and delete it when you cancel or use /forget. By sending a name you agree to this. (up to { $limit } characters)
reg-other-long = Too long: at most { $limit } characters.
reg-name-long = Too long: at most { $limit } characters.
reg-saved = Saved.
reg-not-registered = You are not registered for this event.
reg-busy = A great many people are registering right now. Please press again in a minute — nothing has changed.

## Cancelling
reg-cancel-confirm = Cancel your registration for “{ $title }”? Your seat goes to the next person on the waitlist.
btn-reg-cancel-yes = Yes, cancel it
btn-reg-cancel-no = No, keep it
reg-cancelled = Registration cancelled. Thank you for letting us know!
reg-cancel-started = The event has already started; the registration can no longer be cancelled.
reg-promoted = 🎉 A seat has freed up — you are registered for “{ $title }”! If your plans change, cancel it in «My registrations».

## My registrations
mine-title = <b>📝 My registrations</b>
mine-empty = You have not registered for anything yet. Open an event in the schedule and press «Register».
mine-upcoming = <b>Coming up:</b>
mine-past = <b>Past:</b>
mine-confirmed = ✅ registered
mine-waiting = ⏳ waitlist, number { $position }
mine-attended = attended
mine-missed = did not attend
mine-unmarked = attendance not marked
btn-record = My training hours 🎓

## A teacher's training record
record-title = <b>🎓 My training hours</b>
record-empty = No attendance marked yet. It appears once the organizer marks who came.
record-hours = { $hours } h
record-total = In all: { $count ->
    [one] { $count } event
   *[other] { $count } events
}, { $hours } h
record-sheet = Training hours
record-file-caption = The events you attended and their hours — for your professional development report.

## Coordinator: registrants
btn-registrations-overview = Registrations 👥
overview-title = <b>👥 Registrations for coming events</b>
overview-empty = No coming events take registrations.
overview-seats = registered { $taken }, waiting { $waiting }
roster-title = <b>👥 Registrants: { $title }</b>
roster-seats = Registered: { $confirmed } of { $capacity } · on the waitlist: { $waiting }
roster-seats-unlimited = Registered: { $confirmed } (no seat limit) · on the waitlist: { $waiting }
roster-open = 🔓 Registration is open.
roster-needs-title = <b>What participants need:</b>
roster-needs-none = No particular needs ticked.
roster-confirmed-title = <b>Registered:</b>
roster-waitlist-title = <b>Waitlist:</b>
roster-empty = Nobody has registered yet.
roster-more = …and { $count } more — see the export.
roster-no-name = no name
roster-person = { $name } · id { $id }
btn-roster-capacity = Seats 🪑
btn-roster-close = Close registration 🔒
btn-roster-reopen = Reopen registration 🔓
btn-roster-attendance = Mark attendance
btn-roster-unlimited = No limit
btn-roster-seats = { $n ->
    [one] { $n } seat
   *[other] { $n } seats
}
btn-export-xlsx = Excel 📥
btn-export-csv = CSV 📥
roster-capacity-ask = Seats now: { $capacity }, registered: { $confirmed }, waiting: { $waiting }. How many seats? With more seats, people from the waitlist are registered and told.
roster-capacity-done = Seats changed. Moved up from the waitlist: { $promoted }.
roster-over-capacity = More people are registered than there are seats: nobody is removed, new people simply wait.
roster-closed-done = Registration closed.
roster-reopened-done = Registration reopened.
reg-reopen-deadline = The registration deadline has passed — it cannot be reopened.
attendance-title = <b>✔️ Attendance: { $title }</b>
attendance-start = First mark everyone present, then press those who did not come.
attendance-exceptions = Present: { $attended }, absent: { $absent }. Press a person to change their mark.
btn-attendance-all = Everyone came
reg-attendance-early = Attendance can be marked once the event has started.

## Export
export-sheet = Registrants
export-caption = Registrants: { $title }
export-col-number = No.
export-col-telegram-id = Telegram id
export-col-name = Name for the list
export-col-status = Status
export-col-queue = Waitlist
export-col-signed-up = Registered at
export-col-other = Something else
export-col-attended = Attendance
export-col-event = Event
export-col-date = Date
export-col-hours = Hours
export-status-confirmed = registered
export-status-waitlisted = waitlist
export-status-cancelled = cancelled
export-yes = yes
export-attended-yes = present
export-attended-no = absent
export-total = Total
export-total-status = registered: { $confirmed }, waiting: { $waiting }

## My data
mydata-registrations = <b>Your registrations:</b>
mydata-reg-confirmed = registered
mydata-reg-waitlisted = waitlist
mydata-reg-cancelled = cancelled
mydata-reg-needs = needs: { $needs }
mydata-reg-name = name in the list: { $name }
mydata-clubs = Clubs: { $clubs }

## Parent clubs
clubs-title = <b>👪 Parent clubs</b>
clubs-empty = No clubs yet.
clubs-hint = A club is a standing group with regular meetings. Once you join, you are registered for the coming meetings; you can skip any of them.
club-members = 👥 Members: { $count }
club-you-member = ✅ You are a member.
club-you-not-member = You are not a member yet.
club-meetings = <b>Next meetings:</b>
club-no-meetings = No meetings scheduled yet.
club-going = you are registered
club-not-going = you are not coming
btn-club-join = Join the club ➕
btn-club-leave = Leave the club 🚪
btn-club-leave-yes = Yes, leave
btn-club-skip = Not coming: { $title }
btn-club-back = Coming after all: { $title }
btn-club-ask = Anonymous question to the host ❓
btn-club-questions = Members' questions 📝
btn-clubs-back = To the clubs
btn-club-new = New club ➕
btn-club-attach = Make it a club meeting 📌
club-joined = Welcome to the club! You are registered for the coming meetings: { $count }.
club-leave-confirm = Leave the club? Your seats at the coming meetings will be freed.
club-left = You have left the club.
club-skipped = All right, you are not expected at this meeting. The others stay as they are.
club-already-member = You are already in this club.
club-not-member = You are not a member of this club.
club-members-only = Only club members can ask questions.
club-host-only = Only the club's host sees the questions.
club-ask-prompt = Write your question to the host (up to { $limit } characters). It is anonymous: we do not keep who asked, and the host will not see it.
club-asked = Your question went to the host anonymously. Thank you!
club-question-long = The question is too long: at most { $limit } characters.
club-questions-title = <b>📝 Members' questions</b> (anonymous)
club-questions-empty = No questions yet.
club-question-no-meeting = no meeting date
club-new-title = What is the club called?
club-new-description = Briefly: what is the club about and who is it for? (you may skip)
club-title-missing = The club needs a name.
club-created = Club created. To schedule a meeting, create an event of kind “parent club” and press «Make it a club meeting» in its registrants.
club-attach-title = Which club is this meeting for?
club-attached = Done: this is a club meeting. Club members registered: { $count }.

## Marks in words (instead of pictograms in buttons and lists)
attendance-person-present = { $name }: present
attendance-person-absent = { $name }: absent
attendance-person-unmarked = { $name }: not marked
roster-mark-present = present
roster-mark-absent = absent
clubs-item-member = { $title } — you are a member, members: { $count }
clubs-item = { $title } — members: { $count }
