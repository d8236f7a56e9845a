## Settings and personal data

settings-text =
    <b>⚙️ Settings</b>
    Language: { $language }
    Role: { $role }
    Organization: { $org }
    Reminder a day before: { $n24 }
    Reminder 2 hours before: { $n2 }
btn-language = Language 🌐
btn-role = Role 👤
btn-org = Organization 🏫
btn-no-org = No organization
btn-notify-24h = Reminder a day before: { $state }
btn-notify-2h = Reminder 2 hours before: { $state }
settings-choose-lang = Choose a language:
settings-choose-role = Who are you?
settings-choose-org = Choose an organization:

mydata-title = <b>🔒 What we keep about you</b>
mydata-messenger = Messenger
mydata-id-max = MAX ID
mydata-id = Telegram ID
mydata-language = Language
mydata-role = Role
mydata-org = Organization
mydata-consent = Consent given
mydata-notify = Reminders
mydata-created = Record created
mydata-footer = Nothing else. We keep no phone numbers, no messages and nothing about health. Delete everything: /forget
btn-forget = Delete my data 🗑
forget-confirm = Delete everything we keep about you? This cannot be undone.
btn-forget-yes = Yes, delete 🗑
btn-forget-no = No, keep it
forget-kept = All right, nothing was deleted.
forget-done = Done: all your data has been deleted. If you want to come back, press /start.
