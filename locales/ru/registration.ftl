## Запись на мероприятия, «Мои записи», клубы для родителей, сторона координатора

btn-my-registrations = Мои записи 🎟
btn-clubs = Клубы для родителей 👪

## Карточка мероприятия
reg-seats-left = 🟢 Свободно мест: { $left }
reg-seats-none = 🔴 Свободных мест нет. В листе ожидания: { $waiting }
reg-you-confirmed = ✅ Вы записаны.
reg-you-waiting = ⏳ Вы в листе ожидания: { $position }-й по очереди.
reg-closed-cancelled = Запись закрыта: мероприятие отменено.
reg-closed-no-date = Запись откроется, когда будет известна дата.
reg-closed-by-host = 🔒 Запись закрыта организатором.
reg-closed-deadline = 🔒 Запись закончилась.
btn-reg-join = Записаться ✍️
btn-reg-wait = Встать в лист ожидания ⏳
btn-reg-needs = Что нужно для участия 🧩
btn-reg-cancel = Отменить запись
btn-reg-roster = Записавшиеся 👥
btn-reg-open-event = К мероприятию 📄

## Запись и что нужно для участия
reg-done-confirmed = ✅ Готово, место за вами!
reg-done-waiting = ⏳ Свободных мест нет — вы в листе ожидания, { $position }-й по очереди. Если место освободится, я сразу напишу.
reg-already = Вы уже записаны, повторно записываться не нужно.
reg-needs-ask = Нужно ли вам что-то, чтобы было удобно участвовать? Отметьте — организатор подготовится заранее. Это необязательно, и мы не спрашиваем о диагнозах.
reg-needs-chosen = Вы отметили: { $needs }
reg-name-shown = В списке организатора: { $name }
need-step_free = Вход без ступенек
need-sign_language = Сурдопереводчик
need-assistant = Помощник или тьютор для ребёнка
need-quiet_room = Тихая комната
need-childcare = Присмотр за ребёнком во время встречи
need-other = Другое
btn-need-other = Другое (написать) ✏️
btn-reg-name = Как записать вас в список 🙋
btn-reg-done = Готово
btn-reg-clear = Убрать 🗑
reg-other-ask = Напишите коротко, что ещё нужно (до { $limit } знаков). Пожалуйста, без диагнозов — только что подготовить.
reg-name-ask = Как записать вас в список для организатора? Например: «Анна, мама Миши». Это необязательно: без имени вы будете в списке под вашим ID в { $messenger ->
        [max] MAX
       *[other] Telegram
    }. Имя видит только организатор; мы храним его, пока вы записаны, и удаляем при отмене записи или по /forget. Отправляя имя, вы соглашаетесь на это. (до { $limit } знаков)
reg-other-long = Слишком длинно: не больше { $limit } знаков.
reg-name-long = Слишком длинно: не больше { $limit } знаков.
reg-saved = Сохранено.
reg-not-registered = Вы не записаны на это мероприятие.
reg-busy = Сейчас записывается очень много людей. Нажмите, пожалуйста, ещё раз через минуту — ничего не изменилось.

## Отмена
reg-cancel-confirm = Отменить запись на «{ $title }»? Ваше место перейдёт следующему в листе ожидания.
btn-reg-cancel-yes = Да, отменить запись
btn-reg-cancel-no = Нет, оставить
reg-cancelled = Запись отменена. Спасибо, что предупредили!
reg-cancel-started = Мероприятие уже началось, запись отменить нельзя.
reg-promoted = 🎉 Освободилось место — вы записаны на «{ $title }»! Если планы изменились, отмените запись в «Мои записи».

## Мои записи
mine-title = <b>📝 Мои записи</b>
mine-empty = Вы пока никуда не записаны. Откройте мероприятие в расписании и нажмите «Записаться».
mine-upcoming = <b>Скоро:</b>
mine-past = <b>Прошедшие:</b>
mine-confirmed = ✅ вы записаны
mine-waiting = ⏳ лист ожидания, { $position }-й
mine-attended = были
mine-missed = не были
mine-unmarked = посещение не отмечено
btn-record = Мои часы обучения 🎓

## Часы обучения педагога
record-title = <b>🎓 Мои часы обучения</b>
record-empty = Пока нет отмеченных посещений. Они появятся, когда организатор отметит присутствие.
record-hours = { $hours } ч
record-total = Всего: { $count ->
    [one] { $count } мероприятие
    [few] { $count } мероприятия
   *[many] { $count } мероприятий
}, { $hours } ч
record-sheet = Часы обучения
record-file-caption = Ваши посещённые мероприятия и часы — для отчёта о повышении квалификации.

## Координатор: записавшиеся
btn-registrations-overview = Записи на мероприятия 👥
overview-title = <b>👥 Записи на ближайшие мероприятия</b>
overview-empty = Ближайших мероприятий с записью нет.
overview-seats = записано { $taken }, ждут { $waiting }
roster-title = <b>👥 Записавшиеся: { $title }</b>
roster-seats = Записано: { $confirmed } из { $capacity } · в листе ожидания: { $waiting }
roster-seats-unlimited = Записано: { $confirmed } (без ограничения мест) · в листе ожидания: { $waiting }
roster-open = 🔓 Запись открыта.
roster-needs-title = <b>Что нужно участникам:</b>
roster-needs-none = Особых потребностей не отмечено.
roster-confirmed-title = <b>Записаны:</b>
roster-waitlist-title = <b>Лист ожидания:</b>
roster-empty = Пока никто не записался.
roster-more = …и ещё { $count } — в выгрузке.
roster-no-name = без имени
roster-person = { $name } · id { $id }
btn-roster-capacity = Число мест 🪑
btn-roster-close = Закрыть запись 🔒
btn-roster-reopen = Открыть запись 🔓
btn-roster-attendance = Отметить присутствие
btn-roster-unlimited = Без ограничения
btn-roster-seats = { $n ->
    [one] { $n } место
    [few] { $n } места
   *[many] { $n } мест
}
btn-export-xlsx = Excel 📥
btn-export-csv = CSV 📥
roster-capacity-ask = Сейчас мест: { $capacity }, записано: { $confirmed }, ждут: { $waiting }. Сколько мест сделать? Если мест станет больше, люди из листа ожидания будут записаны и получат сообщение.
roster-capacity-done = Число мест изменено. Переведено из листа ожидания: { $promoted }.
roster-over-capacity = Записанных больше, чем мест: никого не выписываем, новых просто не запишем.
roster-closed-done = Запись закрыта.
roster-reopened-done = Запись снова открыта.
reg-reopen-deadline = Срок записи уже прошёл — открыть запись нельзя.
attendance-title = <b>✔️ Присутствие: { $title }</b>
attendance-start = Сначала отметьте всех пришедшими, потом нажмите на тех, кого не было.
attendance-exceptions = Пришли: { $attended }, не пришли: { $absent }. Нажмите на человека, чтобы поменять отметку.
btn-attendance-all = Все пришли
reg-attendance-early = Присутствие можно отметить, когда мероприятие начнётся.

## Выгрузка
export-sheet = Записавшиеся
export-caption = Список записавшихся: { $title }
export-col-number = №
export-col-telegram-id = Telegram id
export-col-name = Имя для списка
export-col-status = Статус
export-col-queue = Очередь
export-col-signed-up = Записан(а)
export-col-other = Другое
export-col-attended = Присутствие
export-col-event = Мероприятие
export-col-date = Дата
export-col-hours = Часы
export-status-confirmed = записан(а)
export-status-waitlisted = лист ожидания
export-status-cancelled = отменил(а)
export-yes = да
export-attended-yes = был(а)
export-attended-no = не был(а)
export-total = Итого
export-total-status = записано: { $confirmed }, ждут: { $waiting }

## Мои данные
mydata-registrations = <b>Ваши записи:</b>
mydata-reg-confirmed = записаны
mydata-reg-waitlisted = лист ожидания
mydata-reg-cancelled = отменено
mydata-reg-needs = нужно: { $needs }
mydata-reg-name = имя в списке: { $name }
mydata-clubs = Клубы: { $clubs }

## Клубы для родителей
clubs-title = <b>👪 Клубы для родителей</b>
clubs-empty = Клубов пока нет.
clubs-hint = Клуб — это постоянная группа с регулярными встречами. Вступив, вы будете записаны на ближайшие встречи; от любой можно отказаться.
club-members = 👥 Участников: { $count }
club-you-member = ✅ Вы в клубе.
club-you-not-member = Вы пока не в клубе.
club-meetings = <b>Ближайшие встречи:</b>
club-no-meetings = Встречи пока не назначены.
club-going = вы записаны
club-not-going = вы не придёте
btn-club-join = Вступить в клуб ➕
btn-club-leave = Выйти из клуба 🚪
btn-club-leave-yes = Да, выйти
btn-club-skip = Не приду: { $title }
btn-club-back = Всё-таки приду: { $title }
btn-club-ask = Анонимный вопрос ведущему ❓
btn-club-questions = Вопросы участников 📝
btn-clubs-back = К списку клубов
btn-club-new = Новый клуб ➕
btn-club-attach = Сделать встречей клуба 📌
club-joined = Добро пожаловать в клуб! Вы записаны на ближайшие встречи: { $count }.
club-leave-confirm = Выйти из клуба? Ваши места на ближайших встречах освободятся.
club-left = Вы вышли из клуба.
club-skipped = Хорошо, на эту встречу вас не ждём. Остальные встречи — как обычно.
club-already-member = Вы уже в этом клубе.
club-not-member = Вы не состоите в этом клубе.
club-members-only = Задавать вопросы могут участники клуба.
club-host-only = Вопросы видит только ведущий клуба.
club-ask-prompt = Напишите вопрос ведущему (до { $limit } знаков). Он анонимный: мы не сохраняем, кто его задал, и ведущий этого не увидит.
club-asked = Вопрос передан ведущему анонимно. Спасибо!
club-question-long = Вопрос слишком длинный: не больше { $limit } знаков.
club-questions-title = <b>📝 Вопросы участников</b> (анонимно)
club-questions-empty = Вопросов пока нет.
club-question-no-meeting = без даты встречи
club-new-title = Как называется клуб?
club-new-description = Коротко: о чём клуб и для кого? (можно пропустить)
club-title-missing = Нужно название клуба.
club-created = Клуб создан. Чтобы назначить встречу, создайте мероприятие вида «клуб для родителей» и в списке записавшихся нажмите «Сделать встречей клуба».
club-attach-title = К какому клубу относится эта встреча?
club-attached = Готово: это встреча клуба. Записаны участники клуба: { $count }.

## Отметки словами (вместо значков в кнопках и списках)
attendance-person-present = { $name }: присутствует
attendance-person-absent = { $name }: отсутствует
attendance-person-unmarked = { $name }: не отмечено
roster-mark-present = присутствует
roster-mark-absent = отсутствует
clubs-item-member = { $title } — вы в клубе, участников: { $count }
clubs-item = { $title } — участников: { $count }
