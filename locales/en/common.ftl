## Main menu, common buttons, errors

menu-title = Hello, { $name }! What would you like to do?
btn-schedule = Schedule 📅
btn-organizations = Organizations 🏫
btn-settings = Settings ⚙️
btn-help = Help ❓
btn-mydata = My data 🔒
btn-new-event = New event ➕
btn-menu = Main menu
btn-back = Back
btn-skip = Skip
on = on
off = off

help-text =
    <b>What the Vmeste bot does</b>
    📅 <b>Schedule</b> — seminars, parent clubs, round tables, festivals and consultations of the network. Filter by audience, kind, organization and month.
    🎟 <b>My registrations</b> — seminars and meetings you signed up for, and your place on a waitlist.
    📝 <b>Surveys</b> — the network's questionnaires: your answers help plan seminars and consultations.
    👪 <b>Parent clubs</b> — join a club, see its meetings, ask the host a question anonymously.
    🏫 <b>Organizations</b> — the network's sites: what they offer, contacts, accessibility.
    ⚙️ <b>Settings</b> — language, role, organization, reminders.
    🔒 <b>My data</b> — what we keep about you and how to delete it.

    Commands: /menu — menu, /schedule — schedule, /my — my registrations, /surveys — surveys, /settings — settings, /mydata — my data, /forget — delete my data.

need-start = To begin, press /start.
unknown-command = I don't know that command. Here is the main menu:
use-buttons = Please choose an action with the buttons below.

error-generic = Something went wrong. We have been notified. Please try again a little later.
error-outdated = This menu is outdated. Here is a fresh one:
error-permission = Only the network's coordinators can do this.
error-not-found = We could not find that: it may have been deleted.
error-validation = This value does not fit.
error-consent-required = Please give your consent first: press /start.
error-not-your-org = You can only change your own organization's events.
error-staff-role-fixed = A coordinator's role is changed by an administrator.
error-staff-org-fixed = A coordinator's organization is changed by an administrator.

cmd-start = Start
cmd-menu = Main menu
cmd-schedule = Event schedule
cmd-my = My registrations
cmd-surveys = Surveys
cmd-settings = Settings
cmd-mydata = What data is kept about you
cmd-forget = Delete my data
cmd-help = Help
cmd-new_event = New event (for coordinators)
cmd-broadcast = Broadcast (for coordinators)
bot-short-description = Vmeste: events of the inclusive-education network, sign-up, reminders and surveys.
bot-description =
    Vmeste is the bot of an inclusive-education network: schools, psychological and educational support centres, houses of creativity and methodical centres.
    See the schedule of seminars, parent clubs and consultations, sign up and say what you need to take part, get reminders, answer surveys.
    For parents of children with disabilities, teachers and specialists. Nothing is stored before your consent; /forget deletes your data.

role-parent = parent
role-teacher = teacher
role-specialist = specialist
role-coordinator = coordinator
role-admin = administrator
role-None = —
role-parent-button = I am a parent 👪
role-teacher-button = I am a teacher 🧑‍🏫
role-specialist-button = I am a specialist (psychologist, speech therapist) 🩺

language-ru = русский
language-en = English

network-role-resource = Resource sites
network-role-base = Base sites
network-role-pilot = Pilot sites
network-role-additional = Additional sites
network-role-partner = Network partners

## State in words: toggle and choice buttons. A screen reader reads words, not pictograms.
choice-on = { $label } — selected ✓
choice-off = { $label } — not selected
choice-chosen = Selected: { $items }
choice-none = Nothing selected yet.
toggle-state = { $label }: { $state }

## Short answers to a press (the pop-up notice; a screen reader speaks it)
toast-saved = Saved
toast-registered = You are registered
toast-waitlisted = You are on the waiting list: number { $position }
toast-cancelled = Registration cancelled
toast-page = Page { $page } of { $pages }
toast-selected = Selected: { $label }
toast-unselected = Unselected: { $label }
toast-setting-on = { $label }: on
toast-setting-off = { $label }: off
toast-opened = Opened: { $title }
toast-sent = Sent

## Accessibility: the «screen reader» and «plain language» settings
a11y-ask =
    How would you like to read the bot's messages? You can change this in Settings.
    "For a screen reader": no pictograms, every press confirmed, dates in words.
    "Plain language": short sentences and simple words.
btn-a11y-screen-reader = For a screen reader: { $state }
btn-a11y-plain-language = Plain language: { $state }
btn-a11y-ask-screen-reader = For a screen reader
btn-a11y-ask-plain-language = Plain language
btn-a11y-ask-both = Both
btn-a11y-ask-none = The usual way
a11y-settings-lines =
    For a screen reader: { $screen_reader }
    Plain language: { $plain_language }
a11y-saved-screen-reader = Screen-reader mode: { $state }.
a11y-saved-plain-language = Plain language: { $state }.
mydata-a11y = Reading settings
btn-page-prev = Back: p. { $page }
btn-page-next = Next: p. { $page }
page-of = Page { $page } of { $pages }
list-more = …and { $count } more
error-org-archived = The organization «{ $name }» is archived and can no longer be chosen. Please choose another one.
