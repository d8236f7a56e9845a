## Surveys: answering, coordinators, results, file errors

btn-surveys = Surveys 📝
surveys-title = <b>📝 Surveys</b>
surveys-none = There are no open surveys for you right now. We will tell you when a new one starts.
surveys-until = open until { $when }
btn-surveys-list = Back to surveys 📝
btn-surveys-manage = Manage surveys 🗂

survey-anonymous-note = 🔒 This survey is anonymous: answers are kept with no link to you, we only see overall figures. Once sent, they cannot be changed.
survey-named-note = 👤 This survey is not anonymous: the organizers see who answered. You can change your answers while it is open.
survey-question-count = { $count ->
    [one] { $count } question
   *[other] { $count } questions
}
survey-already-sent-named = You have already answered. You can change your answers while the survey is open.
btn-survey-start = Start
btn-survey-resume = Continue (question { $number } of { $total })
btn-survey-change = Change my answers ✏️

survey-progress = Question { $number } of { $total }
survey-pick-between = Choose { $min } to { $max } options, then press «Done».
survey-pick-many = Choose all that apply, then press «Done».
survey-type-answer = Type your answer as a message (up to { $limit } characters).
survey-type-other = Type your own option as a message (up to { $limit } characters).
survey-your-answer = Your answer: { $text }
survey-scale-hint = Choose a mark from 1 to 5.
survey-optional = You may skip this question.
survey-other = Other
survey-other-given = Other: { $text }
btn-survey-other = Other (type your own) ✏️
btn-survey-other-cancel = Back to the options
btn-survey-done = Done
btn-survey-next = Next
btn-survey-leave = Leave (answers are kept) ⏸
survey-yes = Yes
survey-no = No

survey-review = All questions done. Check your answers:
survey-no-answer = (no answer)
survey-send-anonymous = Once sent, the answers cannot be changed: they are not linked to you.
survey-send-named = You can change the answers while the survey is open.
btn-survey-send = Send my answers 📨
survey-sent = ✅ Thank you! Your answers have been sent.
survey-sent-named = You can change them until { $when }.
survey-left = You left the survey. Your answers are kept: continue from the same question in «📝 Surveys».

survey-stale-button = That button belongs to another question. Here is the question where you stopped:
survey-choose-button = Please choose an answer with the buttons under the question.
survey-text-only = Please answer with a button or type a text.
survey-text-empty = The answer is empty. Please write a few words.
survey-text-too-long = Too long: { $length } characters, the limit is { $limit }. Please shorten it.
survey-too-many = You can choose at most { $max }. Untick one of the options first.
survey-too-few = Choose at least { $min }.
survey-required = This question needs an answer.
survey-answer-missing = Some questions have no answer yet ({ $count }). Here is the first one:
survey-round-closed = This survey is closed (or has not started yet). Answers are no longer accepted.
survey-already-answered = You have already answered this survey. Thank you! It cannot be answered twice.
survey-not-for-you = This survey is meant for other participants.
survey-not-your-org = You can only see and change your own organization's surveys.
survey-not-loaded = The survey «{ $name }» has not been loaded yet.
survey-bad-audience = Choose who the survey is for.
survey-close-before-open = The survey must close after it opens, and after now.
survey-round-too-long = A survey can run for at most { $days } days.

survey-audience-parents = parents
survey-audience-teachers = teachers and specialists
survey-audience-all = everyone: parents, teachers, specialists
survey-audience-org = my organization's members
survey-audience-org-named = members of { $org }
survey-audience-recipients = the event's participants

## Coordinator

survey-admin-title = <b>🗂 Surveys for coordinators</b>
survey-admin-none = No surveys yet.
survey-admin-load-hint = To add or update a survey, send a .yaml file here (examples are in the surveys/ folder).
btn-survey-rounds = Rounds and results 📊
survey-admin-card =
    <b>{ $title }</b>
    Code: <code>{ $key }</code>, version { $version }
    Questions: { $count }
    Anonymous: { $anonymous }
    Meant for: { $audience }
btn-survey-open-round = Open a round 🚀
survey-ask-audience = Who do we ask? «{ $title }»
survey-round-own-org = Only your organization's people will see the survey.
survey-ask-opens = When should the survey open? Press «Now» or type a date and time: <code>01.12.2026 09:00</code>
btn-survey-open-now = Now
survey-ask-closes = When should it close? Choose a period or type a date: <code>15.12.2026</code>
btn-survey-close-in = In { $days } days
survey-round-opened = ✅ The round is open. People will see it in «📝 Surveys».
survey-rounds-title = <b>Survey rounds</b> (newest first):
survey-rounds-none = There have been no rounds yet.
survey-round-open = 🟢 running
survey-round-closed-mark = ⚪️ closed
survey-round-period = From { $opens } to { $closes }
survey-round-audience = For: { $audience }
survey-rate = Answered: { $respondents } of { $targets } ({ $percent }%)
btn-survey-results = Results 📋
btn-survey-charts = Charts 📊
btn-survey-export = Export to Excel 📥
btn-survey-close-round = Close the round ⏹
survey-close-confirm = Close the round now? No more answers will be accepted.
btn-survey-close-yes = Yes, close it ⏹
survey-round-closed-done = The round is closed.

survey-results-title = <b>Results: { $title }</b>
survey-rate-by-org = <b>By organization:</b>
survey-rate-by-role = <b>By role:</b>
survey-rate-row = { $name }: { $respondents } of { $targets } ({ $percent }%)
survey-rate-row-hidden = { $name }: fewer than { $min } answers — not shown
survey-results-too-few = Fewer than { $min } answers: results are not shown, so that nobody can be recognised.
survey-previous = Previous round (from { $date }): { $count } answers. Figures «was» are beside.
survey-previous-too-few = The previous round has fewer than { $min } answers: no comparison is shown.
survey-answered = Answered the question: { $count }
survey-was = (was { $percent }%)
survey-mean = Average mark: { $mean }
survey-was-mean = (was { $mean })
survey-topics-title = <b>Most requested topics:</b>
btn-survey-seminar = Create a seminar: { $topic }
survey-seminar-description = Requested by teachers (survey «{ $survey }»): { $count } of { $total } chose this topic.
survey-chart-caption = { $number }. { $question } (answered: { $answered })
survey-chart-this = this round
survey-chart-previous = previous round
survey-charts-sent = Charts sent: { $count }.
survey-export-caption = Answers and summary in Excel.

survey-xlsx-summary = Summary
survey-xlsx-raw = Answers
survey-xlsx-period = Period
survey-xlsx-anonymous = Anonymous
survey-xlsx-targets = People asked
survey-xlsx-responses = Responses
survey-xlsx-question = Question
survey-xlsx-answer = Answer
survey-xlsx-count = Count
survey-xlsx-share = Share
survey-xlsx-texts = free answers
survey-xlsx-number = No.
survey-xlsx-date = Date
survey-xlsx-user = Telegram id
survey-xlsx-role = Role
survey-xlsx-org = Organization

survey-loaded-added = ✅ Survey «{ $title }» loaded: { $count } questions.
survey-loaded-new_version = ✅ Survey «{ $title }» updated to version { $version }: { $count } questions. Running rounds keep their version.
survey-loaded-unchanged = Survey «{ $title }» is already loaded as it is (version { $version }). Nothing changed.

## Errors in a survey file

survey-file-invalid = ❌ The file has errors ({ $count }):
survey-file-nothing-saved = Nothing was saved. Fix the file and send it again.
survey-err-line = line { $line }
survey-err-file = file
survey-err-more = …and { $count } more.
survey-err-too-big = The file is too big: at most { $kb } KB.
survey-err-encoding = The file must be in UTF-8.
survey-err-yaml = cannot read the YAML: { $detail }
survey-err-not-mapping = the file must start with the survey's fields (key, title, questions…)
survey-err-missing = the required field «{ $field }» is missing
survey-err-unknown-field = unknown field «{ $field }»
survey-err-choice = not an allowed value; allowed: { $expected }
survey-err-id-format = a code is lowercase Latin letters, digits and «_» (up to 24 characters)
survey-err-too-long = the text is too long (at most { $limit } characters)
survey-err-empty = the text is empty
survey-err-too-few = too few items (at least { $limit })
survey-err-too-many = too many items (at most { $limit })
survey-err-invalid = invalid value ({ $detail })
survey-err-duplicate-id = the code «{ $id }» is repeated
survey-err-options-needed = a choice question needs at least two options
survey-err-options-unexpected = only single and multiple questions have options
survey-err-min-max-kind = min and max are only for multiple questions
survey-err-min-max = min and max do not fit the number of options ({ $count })
survey-err-labels-kind = labels are only for scale questions
survey-err-label-point = a scale has no point { $point }: only 1–5
survey-err-topics-kind = topics can only mark a choice question
survey-err-condition-question = the condition points at a question «{ $id }» that is not above it
survey-err-condition-value = the question in the condition has no such answer; allowed: { $values }

mydata-survey-responses = Named survey answers
mydata-survey-marks = «Answered a survey» marks

survey-scale-point = { $point } of 5
survey-question-too-few = fewer than { $min } answers — not shown
survey-no-org = no organization
survey-no-role = no role given
survey-round-planned = ⏳ not started yet

## Marks in words in the list of questionnaires
surveys-item-answered = { $title } — you answered
surveys-item-open = { $title } — waiting for your answer

btn-back-round = Back to the survey
share-survey = Link to the survey «{ $title }»:
    { $link }
    Post it in a school chat or on a website. Whoever opens the link goes straight to this survey.
share-survey-gone = This survey is closed or cannot be found. See the open surveys.
