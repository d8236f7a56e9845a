## Administration: the organizations registry, staff, invites

btn-admin = Administration 🛠
admin-title = <b>Administration</b>
    The network's organizations registry, staff and invites.
btn-admin-orgs = Network organizations
btn-admin-staff = Staff
btn-admin-invites = Invites
error-admin-only = Only the network's administrator can do this.

## The organizations registry

admin-orgs-title = <b>Organizations registry</b>
org-archived-mark = (archived)
org-archived-note = This organization is archived: it is in no list or choice; its events and history are kept.
btn-org-add = Add an organization
btn-org-import = Load the registry from a file
btn-org-template = Download the template
btn-back-registry = Back to the registry
btn-org-edit-card = Edit the organization's card
admin-org-card-title = <b>Organization card</b>
org-field-short_name = Short name
org-field-name = Full name
org-field-network_role = Role in the network
org-field-address = Address
org-field-contacts = Contacts
org-field-offers = What it offers
org-field-accessibility = Accessibility
btn-org-edit-short_name = Change the short name
btn-org-edit-name = Change the full name
btn-org-edit-network_role = Change the role in the network
btn-org-edit-address = Change the address
btn-org-edit-contacts = Change the contacts
btn-org-edit-offers = Change «What it offers»
btn-org-edit-accessibility = Change «Accessibility»
btn-org-archive = Move to the archive
btn-org-restore = Bring back from the archive
btn-org-clear = Clear the field
org-role-resource = Resource site
org-role-base = Base site
org-role-pilot = Pilot site
org-role-additional = Additional site
org-role-partner = Network partner
org-ask-role = Choose the organization's role in the network.
org-ask-value = Write the new value: { $field }.
    Now: { $current }
org-saved = Saved.
org-created = The organization is added. Fill in the other fields with the buttons below.
org-ask-new-short = Write the new organization's short name (for example, «Centre No. 1»).
org-ask-new-name = Now write the organization's full name.
orgs-error-role = There is no such role in the network.
orgs-error-required = This field cannot be empty.
orgs-error-too-long = Too long: { $limit } characters at most. Please write less.
orgs-error-short-taken = The short name «{ $name }» is already taken by another organization.

## Loading the registry from a file

orgs-col-short_name = Short name
orgs-col-name = Full name
orgs-col-role = Role in the network
orgs-col-address = Address
orgs-col-contacts = Contacts
orgs-col-offers = What it offers
orgs-col-accessibility = Accessibility
orgs-col-archived = Archived
orgs-template-sheet = Organizations
orgs-template-help-sheet = Roles
orgs-template-help-role = Role in the network
orgs-template-help-code = Or write
orgs-template-example-short_name = Centre No. 1
orgs-template-example-name = Centre for psychological, educational, medical and social support No. 1
orgs-template-example-role = Resource site
orgs-template-example-address = 1 Lenin St.
orgs-template-example-contacts = +7 000 000-00-00, center1@example.ru
orgs-template-example-offers = Consultations for parents, seminars for teachers
orgs-template-example-accessibility = Step-free entrance, a lift
orgs-template-example-archived = no
orgs-template-file = organizations-registry.xlsx
orgs-template-caption = The registry template. Fill in one row per organization and send the file to the bot («Load the registry from a file»).
orgs-import-ask-file = Send the registry file: Excel (.xlsx) or CSV. The first row holds the headers, as in the template. Nothing is saved until you check it and press «Save».
orgs-import-too-big = The file is too large. Please send a smaller one.
orgs-import-bad-file = The file could not be read. Please send Excel (.xlsx) or CSV.
orgs-import-no-header = The file has no header row with the columns «Short name» and «Full name». Please use the template.
orgs-import-too-many = The file has more than { $limit } rows. Please split it.
orgs-import-preview = <b>Checking the registry.</b> Nothing is saved yet.
orgs-import-counts = New organizations: { $added }. To change: { $updated }. Unchanged: { $same }. Rows with errors: { $errors }.
orgs-import-errors = <b>Errors</b> (these rows will not be saved):
orgs-import-error-line = Row { $row }: { $text }
orgs-import-errors-more = …and { $count } more errors
orgs-import-err-short_name-missing = no short name
orgs-import-err-name-missing = no full name
orgs-import-err-too-long = the text is too long («{ $value }…»)
orgs-import-err-role = unknown role in the network «{ $value }»
orgs-import-err-duplicate = the short name «{ $value }» is already used above in the file
orgs-import-err-archived = write «yes» or «no» in the «Archived» column, not «{ $value }»
btn-org-import-save = Save
btn-org-import-cancel = Cancel
orgs-import-saved = The registry is saved. Added: { $added }. Changed: { $updated }. Rows with errors left out: { $errors }.

## Staff and invites

staff-title = <b>Staff</b>: administrators and coordinators
staff-empty = No staff yet.
staff-whole-network = The whole network
staff-member = <b>Staff member</b> { $who }
    Role: { $role }
    Organization: { $org }
btn-staff-make-coordinator = Make a coordinator
btn-staff-make-admin = Make an administrator
btn-staff-org = Change the organization
btn-staff-revoke = Revoke access
btn-staff-revoke-yes = Yes, revoke access
btn-back-staff = Back to the staff
staff-revoke-confirm = Revoke the access of { $who } ({ $role })? Their coordinator menus stop working at once.
staff-revoked = Access revoked. User { $id } is no longer staff.
staff-ask-org = Choose the staff member's organization.
staff-error-self = You cannot change your own role here: ask another administrator.
staff-error-env-admin = This administrator is set in the bot's settings (ADMIN_IDS). Their role changes only there.
staff-invites-title = <b>Open invites</b>
staff-invites-empty = No open invites.
staff-invites-more = …and { $count } more
staff-invite-line = • <code>{ $code }</code>: { $role }, { $org }, valid until { $until }
btn-staff-withdraw = Withdraw invite { $code }
btn-staff-new-invite = New invite
staff-invite-ask-role = Whom do you invite?
btn-staff-invite-coordinator = A coordinator
btn-staff-invite-admin = An administrator
staff-invite-ask-org = Which organization is the coordinator for?
staff-invite-made = The invite is ready: { $role }, { $org }.
    The link is valid until { $until }, for one use:
    { $link }
    Forward it to the person you invite.
btn-staff-person-admin = Administrator { $id } { $org }
btn-staff-person-coordinator = Coordinator { $id } { $org }
