## Coordinator: importing an event plan from a file

btn-import-plan = Import a plan 📥
btn-import-save = Save 💾
btn-import-warnings = Show warnings ⚠️
btn-import-xlsx = Download as Excel 📊
btn-import-preview = Back to the preview
btn-import-cancel = Cancel

import-ask-file =
    <b>📥 Importing an event plan</b>
    Send the plan as a document: Word (DOCX), Excel (XLSX), CSV, PDF or text (TXT), up to { $limit } MB.
    I will find the plan table (event, dates, responsible…), show you what I read, and save nothing until you press «Save».
import-wait-file = Please send the plan file as a document (Word, Excel, OpenDocument, CSV, PDF or TXT), or press «Cancel».

import-preview-title = <b>📥 Plan preview</b>
import-preview-plan = Plan: { $title }
import-preview-no-title = A plan without a title
import-preview-file = File: { $name }
import-preview-period = Period: { $period }
import-preview-period-unknown = Period: not given
import-preview-org = Organization: { $org }
import-preview-org-none = Organization: not set
import-preview-counts = Events in the plan: { $events }. Schedule entries: { $entries }.
import-preview-problems = Warnings: { $warnings }. Rows skipped: { $skipped }.
import-preview-first = <b>First rows:</b>
import-preview-row = { $n }. { $title } — { $when }
import-preview-more = …and { $count } more
import-preview-empty = The table has no events: there is nothing to save.
import-preview-footer = Nothing is saved yet. Press «Save» to add the events to the schedule. If this plan was imported before, matching events are updated, not duplicated.

import-warnings-title = <b>⚠️ Warnings and skipped rows</b>
import-warnings-none = No warnings: every row was read.
import-warning-row = • Row { $n } «{ $title }»: { $text }
import-warning-plan = • { $text }
import-skip-row = • Row { $n } skipped: { $reason }. { $text }
import-warnings-more = …and { $count } more

import-saved = ✅ The plan is saved. Added { $added }, updated { $updated }, skipped { $skipped }.
import-saved-removed = No longer in the plan and taken off the schedule: { $removed }.
import-cancelled = Import cancelled; nothing was saved.

import-error-empty = The file is empty. Please send a file with the plan table.
import-error-too-large = The file is too large: up to { $limit } MB is accepted. Make it smaller (for example, keep only the plan table) and send it again.
import-error-unsupported-type = I cannot read this format. Please send the plan as a Word document (DOC, DOCX, RTF, ODT), a spreadsheet (XLS, XLSX, ODS, CSV), a PDF or a TXT file.
import-error-corrupt = The file is damaged and does not open. Please save it again and resend it.
import-error-web-page = This file is a web page (HTML) saved under a Word or Excel name, so it has no document inside. Please open it in Word or Excel, save it as DOCX or XLSX, and send that file.
import-error-old-word = This is a Word 6 or Word 95 document, older than the .doc files I read. Please open it in Word or LibreOffice, save it as DOCX, and send that file.
import-error-encrypted = The file is protected by a password, so I cannot open it. Please remove the password (or save a copy without it) and send the file again.
import-error-no-table = There is no plan table in the document. It needs a table with columns such as «Event», «Dates», «Responsible».
import-error-download = The file could not be downloaded from Telegram. Please send it again.

import-warn-date-unclear = the date was not understood — the schedule will say «date to be set»
import-warn-no-date = no date given — the schedule will say «date to be set»
import-warn-by-schedule = done on a separate schedule — the schedule will say «date to be set»
import-warn-no-period = the plan period is unknown, so the dates are too
import-warn-deadline = a deadline («by …»): placed on { $date }
import-warn-year-shifted = the year was read as the start of the period ({ $year })
import-warn-no-year = no year given and the plan period is unknown — the schedule will say «date to be set»
import-warn-invalid-date = no such date: { $date }
import-warn-impossible-date = no such date: { $date }, read as { $read }
import-warn-swapped = the end was before the start: dates swapped
import-warn-invalid-month = invalid month
import-warn-outside-period = the date is outside the plan period
import-warn-no-date-column = the table has no dates column, so dates are unknown
import-warn-no-rows = the plan table has no rows
import-warn-table-ignored = table { $n } skipped: it has no plan header ({ $rows } rows)
import-warn-period-inferred = the plan period is not in the title; taken from the rows' dates: { $start } — { $end }
import-warn-period-missing = the plan period is not in the title
import-warn-period-approval = the plan period is not in the title: months without a year are placed after the plan's approval ({ $date })
import-warn-plan-month = no day given: the plan's month is used
import-warn-section-month = no day given: the month of the section heading is used
import-warn-weekday = { $date } is not a { $weekday }: check the date
import-warn-cell-per-line = a text copy of the table without cell marks: rows found by their numbers, check them
import-warn-no-header = the table has no header row: dates taken from column { $when }, events from column { $what }
import-warn-plan-days = no day given: every day of the plan is used
import-warn-other = { $text }
import-skip-empty-title = no event title
import-skip-other = the row could not be read
mydata-plans = Plans you imported
import-error-scanned = This PDF is a scan: its pages are pictures, not text, so the table cannot be read. Please send the plan as Word, Excel, or a PDF saved from Word (with text).

import-xlsx-caption = This is how I read the plan: one row per item. Correct the cells in Excel (dates, how precise the date is, audience…) and send the file back: it will be imported exactly as you corrected it.
import-xlsx-file = { $name } — check.xlsx

## The «Download as Excel» file: headers and cell words (the bot reads them back when the file is sent)

plan-xlsx-sheet = Plan
plan-xlsx-period = Plan period: { $start } – { $end }
plan-xlsx-col-number = No.
plan-xlsx-col-section = Section
plan-xlsx-col-title = Item
plan-xlsx-col-starts = Start
plan-xlsx-col-ends = End
plan-xlsx-col-precision = Date precision
plan-xlsx-col-recurrence = Repeats
plan-xlsx-col-dates = Separate dates
plan-xlsx-col-audience = For whom
plan-xlsx-col-kind = Kind of event
plan-xlsx-col-responsible = Responsible
plan-xlsx-col-venue = Place
plan-xlsx-col-goal = Goal
plan-xlsx-col-result = Result
plan-xlsx-col-when = Date as in the plan
plan-xlsx-col-warning = Warning
plan-xlsx-precision-day = day
plan-xlsx-precision-days = several days
plan-xlsx-precision-dates = separate dates
plan-xlsx-precision-month = month
plan-xlsx-precision-months = several months
plan-xlsx-precision-quarter = quarter
plan-xlsx-precision-year = year
plan-xlsx-precision-academic_year = academic year
plan-xlsx-precision-recurring = repeats
plan-xlsx-precision-ongoing = ongoing
plan-xlsx-precision-on_request = on request
plan-xlsx-precision-unknown = date to be set
plan-xlsx-recurrence-weekly = weekly
plan-xlsx-recurrence-monthly = monthly
plan-xlsx-recurrence-quarterly = quarterly
plan-xlsx-recurrence-yearly = yearly
plan-xlsx-recurrence-n-per-year = { $n } times a year
plan-xlsx-audience-parents = parents
plan-xlsx-audience-teachers = teachers
plan-xlsx-audience-children = children
plan-xlsx-audience-specialists = specialists
plan-xlsx-audience-all = everyone
plan-xlsx-audience-unknown = not given
plan-xlsx-kind-seminar = seminar
plan-xlsx-kind-club = club
plan-xlsx-kind-master_class = master class
plan-xlsx-kind-conference = conference
plan-xlsx-kind-competition = competition
plan-xlsx-kind-festival = festival
plan-xlsx-kind-consultation = consultation
plan-xlsx-kind-meeting = meeting
plan-xlsx-kind-training = training
plan-xlsx-kind-survey = survey
plan-xlsx-kind-monitoring = monitoring
plan-xlsx-kind-other = other

## Coordinator: the list of imported plans

btn-plans = Plans 📚
btn-plans-archived = Show archived plans
btn-plans-current = Back to current plans
btn-plan-items = Plan items
btn-plan-archive = Archive
btn-plan-restore = Restore from archive
btn-plan-delete = Delete plan
btn-plan-delete-yes = Yes, delete the plan
btn-plan-delete-no = No, keep it
btn-back-plans = To the list of plans
btn-back-plan = Back to the plan
btn-plan-open-saved = Open the plan

plans-title = <b>📚 Imported plans</b>
plans-archived-title = <b>📚 Archived plans</b>
plans-empty = No plans yet. To add one, press «Import a plan» and send the file.
plans-archived-empty = There are no archived plans.
plans-row =
    Period: { $period } · { $org }
    Schedule entries: { $entries } (rows in the file: { $rows }, skipped: { $skipped })
    Imported by: { $who }, { $when }
plans-period-unknown = period not stated
plans-whole-network = whole network
plans-by-system = command line
plans-card-title = <b>📚 { $title }</b>
plans-card-file = File: { $name }
plans-card-period = Period: { $period }
plans-card-org = Organization: { $org }
plans-card-imported = Imported by: { $who }, { $when }
plans-card-rows = Rows in the file: { $rows }, skipped: { $skipped }, warnings: { $warnings }.
plans-card-entries = Schedule entries: { $total } (active: { $published }, cancelled: { $cancelled }).
plans-card-archived = 🗄 The plan is archived: it is not in the list of plans; its events stay in the schedule and history.
plans-items-title = <b>Items of the plan «{ $title }»</b>
plans-item = • { $title } — { $when }
plans-items-empty = The plan has no items.
plans-delete-ask =
    Delete the plan «{ $title }»?
    Its events that have not taken place yet will be cancelled, and the people registered for them will get a cancellation message. Past ones stay in the history.
plans-deleted = The plan «{ $title }» is deleted. Events cancelled: { $cancelled }.
plans-toast-archived = Plan archived
plans-toast-restored = Plan is back in the list
plans-toast-deleted = Plan deleted
plan-not-found = No such plan: perhaps it has already been deleted.
