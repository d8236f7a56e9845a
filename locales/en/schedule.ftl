## Schedule, event card, organizations

schedule-title = <b>📅 Schedule</b>
schedule-filters = Showing: { $filters }
schedule-empty = Nothing here yet. Try other filters.
schedule-page = Page { $page } of { $pages } · { $total } in all
btn-prev = Back
btn-next = Next
btn-filter-aud = Audience 👥
btn-filter-kind = Kind 🗂
btn-filter-org = Organization 🏫
btn-filter-month = Month 🗓
filter-aud-title = Show events for whom?
filter-kind-title = Which events to show?
filter-org-title = Which organization's events?
filter-month-title = Which month?
filter-any-kind = All kinds
filter-any-org = All organizations
filter-any-month = Any month
audience-filter-all = for everyone
audience-filter-parents = for parents
audience-filter-teachers = for teachers

audience-parents = parents
audience-teachers = teachers
audience-children = children and their families
audience-specialists = specialists
audience-all = everyone
audience-unknown = to be announced

kind-seminar = seminar
kind-club = parent club
kind-master_class = master class
kind-conference = conference
kind-competition = competition
kind-festival = festival
kind-consultation = consultation
kind-meeting = meeting, round table
kind-training = training
kind-survey = survey
kind-monitoring = monitoring
kind-other = event
kind-seminar-plural = seminars
kind-club-plural = parent clubs
kind-master_class-plural = master classes
kind-conference-plural = conferences
kind-competition-plural = competitions
kind-festival-plural = festivals
kind-consultation-plural = consultations
kind-meeting-plural = meetings and round tables
kind-training-plural = training
kind-survey-plural = surveys
kind-monitoring-plural = monitoring
kind-other-plural = other

event-when = 🗓 When: { $when }
event-where = 📍 Where: { $where }
event-deadline = ⏳ Sign-up until { $when }
event-responsible = 👤 Responsible: { $who }
event-kind = 🗂 Kind: { $kind }
event-audience = 👥 For: { $audience }
event-capacity = 🪑 Seats: { $seats }
event-goal = 🎯 Goal: { $goal }
event-result = ✅ Result: { $result }
event-online = 💻 Online: { $link }
event-accessibility = ♿ Accessibility: { $text }
event-cancelled-mark = ❌ <b>This event is cancelled</b>
event-listed-cancelled = Cancelled: { $title }
btn-ics = Add to calendar 📆
btn-back-schedule = Back to schedule
btn-org-card = About the organization 🏫
ics-caption = Open the file to add the event to your phone's calendar.
ics-no-dates = This event has no exact date, so it cannot be added to a calendar.

when-every-weekly = weekly
when-every-monthly = monthly
when-every-quarterly = quarterly
when-every-yearly = yearly
when-every-other = regularly
when-n-per-year = { $n ->
    [one] once a year
   *[other] { $n } times a year
}
when-ongoing = ongoing
when-on-request = on request
when-unknown = date to be announced
when-to-be-set = date to be set
when-to-be-set-text = date to be set (the plan says «{ $text }»)
when-quarter = Q{ $n } { $year }
when-academic-year = { $first }/{ $second } academic year

orgs-title = <b>🏫 The network's organizations</b>
orgs-empty = No organizations yet.
org-address = 📍 Address: { $text }
org-contacts = ☎️ Contacts: { $text }
org-offers = 🤝 Offers: { $text }
org-accessibility = ♿ Accessibility: { $text }
org-upcoming = <b>Upcoming events:</b>
org-no-upcoming = No upcoming events.
btn-org-schedule = All events of this organization 📅
btn-back-orgs = Back to organizations

## Dates in words (screen reader, plain language): no dashes between numbers
when-spoken-at = { $date }, at { $time }
when-spoken-hours = { $date }, from { $start } to { $end }
when-spoken-span = from { $start } to { $end }
when-spoken-day-time = { $date } at { $time }
when-spoken-days = from { $start } to { $end }
when-spoken-months = from { $start } to { $end }
when-spoken-years = from { $start } to { $end }
when-spoken-academic-year = the school year from September { $first } to August { $second }
btn-share = Share 🔗
btn-back-event = Back to the event
share-event = A link to the event «{ $title }»:
    { $link }
    Send it to a school chat or put it on a website. Whoever opens it sees this event at once.
share-event-gone = The event of this link is not found. Please see the schedule.
