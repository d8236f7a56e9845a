## Onboarding: consent, language, role, organization, invites

consent-text =
    <b>Welcome to Vmeste ("Together")!</b>
    This is the schedule of an inclusive-education network: seminars, parent clubs, consultations.

    <b>Who keeps the data:</b> { $operator ->
        [none] the Vmeste inclusive-education network.
       *[other] { $operator }.
    }{ $contact ->
        [none] {""}
       *[other] {" "}Contact: { $contact }.
    }
    <b>What we keep:</b> your { $messenger ->
        [max] MAX
       *[other] Telegram
    } ID (not your phone number), language, role (parent, teacher, specialist), your organization if you choose one, and reminder settings.
    <b>What we do not keep:</b> phone numbers or anything about a child's health.
    <b>Why:</b> to show you the events that matter to you and remind you of them.
    <b>How to delete it:</b> /forget deletes everything. /mydata shows what is kept.

    Do you agree to us keeping this data?
btn-consent-yes = I agree
btn-consent-no = Not now
consent-declined = All right, nothing was saved. If you change your mind, press /start.
choose-language = Выберите язык / Choose your language
choose-role = Who are you? We will show you the right events.
choose-org = Which organization are you connected with? You can skip this.
onboarding-done = Done! You can change your settings at any time.

invite-accepted = Invite accepted. Your role: { $role }.
invite-unknown = This invite link was not found. Check the link or ask for a new one.
invite-used = This invite has already been used. Ask an administrator for a new one.
invite-expired = This invite has expired. Ask an administrator for a new one.
invite-bad-role = Only coordinators and administrators can be invited.
