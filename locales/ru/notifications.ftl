## Напоминания и уведомления (приходят сами, в часы тишины ждут утра)

notify-event-24h = 🔔 <b>{ $Left }:</b> { $title }
    🗓 Когда: { $when }{ $where }
notify-event-2h = 🔔 <b>{ $Left }:</b> { $title }
    🗓 Когда: { $when }{ $where }
notify-event-moved = 🔁 <b>Мероприятие перенесено:</b> { $title }
    Новое время: { $when }{ $where }
notify-event-cancelled = ❌ <b>Мероприятие отменено:</b> { $title }
    Было назначено: { $when }
notify-registration-closing = ⏳ <b>{ $Left } заканчивается запись:</b> { $title }
    Запись до { $deadline }. Мероприятие: { $when }

notify-plan-due-7d = 📋 <b>{ $Left } срок пункта плана:</b> { $title }
    Срок: до { $due }. Вы получаете это как координатор плана.
notify-plan-due-1d = 📋 <b>{ $Left } срок пункта плана:</b> { $title }
    Срок: до { $due }. Вы получаете это как координатор плана.
notify-survey-invite = 📝 <b>Новый опрос:</b> { $survey }
    Ответить можно до { $closes }. Это займёт несколько минут.
notify-survey-closing-3d = 📝 <b>{ $Left } опрос закроется:</b> { $survey }
    Вы ещё не ответили. Ответы принимаются до { $closes }.
notify-survey-closing-1d = 📝 <b>{ $Left } опрос закроется:</b> { $survey }
    Вы ещё не ответили. Ответы принимаются до { $closes }.
notify-event-feedback = 💬 <b>Как всё прошло?</b> { $title }
    Расскажите в коротком опросе «{ $survey }» (до { $closes }).
btn-notify-survey-open = Ответить 📝
# Сколько осталось, на момент отправки (в середине фразы; в начале — с заглавной буквы)
notify-left-now = сейчас
notify-left-minutes = через { $n } { $n ->
    [one] минуту
    [few] минуты
   *[many] минут
}
notify-left-hours = через { $n } { $n ->
    [one] час
    [few] часа
   *[many] часов
}
notify-left-hours-minutes = через { $h } ч { $m } мин
notify-left-today = сегодня
notify-left-tomorrow = завтра
notify-left-week = через неделю
notify-left-days = через { $n } { $n ->
    [one] день
    [few] дня
   *[many] дней
}

btn-notify-deadlines = Сроки записи для меня: { $state }

## Рассылки координатора

btn-broadcast = Рассылка 📣
btn-ack = Ознакомлен
ack-thanks = Спасибо! Отметили, что вы ознакомились.
ack-again = Вы уже отметили, что ознакомились.
ack-preview = Так кнопка будет выглядеть у получателей.

broadcast-ask-content = Напишите объявление одним сообщением. Оформление (жирный, курсив, ссылки) сохранится. Можно прислать фото или документ с подписью.
broadcast-content-expected = Пришлите текст, фото или документ.
broadcast-error-empty = Объявление пустое.
broadcast-error-long = Объявление слишком длинное: не больше { $limit } знаков.
broadcast-error-not-your-org = Рассылать можно только людям своей организации.
broadcast-error-other-org = Эту рассылку отправила другая организация: остановить её или посмотреть отметки может только она.
broadcast-error-not-yours = Эту рассылку отправил другой координатор: остановить её или посмотреть отметки может только он.
broadcast-ask-audience = Кому отправить?
broadcast-ask-org = Участникам какой организации?
broadcast-ask-event = Какое мероприятие? (ближайшие)
broadcast-ask-round = Какой опрос? (открытые сейчас)
broadcast-ask-club = Какой клуб?
broadcast-aud-all = Всем 👥
broadcast-aud-parents = Родителям 👨‍👩‍👧
broadcast-aud-teachers = Педагогам и специалистам 🧑‍🏫
broadcast-aud-org = Участникам организации 🏫
broadcast-aud-event = Записавшимся на мероприятие 📝
broadcast-aud-waitlist = Листу ожидания мероприятия ⏳
broadcast-aud-club = Участникам клуба 🤝
broadcast-aud-survey = Не ответившим на опрос 📝
broadcast-preview-title = 👀 Так объявление увидят получатели:
broadcast-preview-count = Кому: { $audience }
    Получателей: <b>{ $count }</b>
broadcast-nobody = Сейчас в этой аудитории никого нет. Выберите другую.
btn-broadcast-ack = Кнопка «Ознакомлен»: { $state }
btn-broadcast-send = Отправить сейчас 📣
btn-broadcast-later = Отправить позже 🕒
btn-broadcast-audience = Выбрать других получателей 👥
btn-broadcast-stop = Остановить рассылку ⛔
btn-broadcast-who = Кто ознакомился 👀
broadcast-ask-when = Когда отправить? Напишите дату и время: <code>25.12.2026 10:00</code>
broadcast-starting = 📣 Рассылка готовится…
broadcast-scheduled-at = 🕒 Рассылка запланирована на { $when }.
broadcast-scheduled = Получателей сейчас: { $total }. Её можно отменить до отправки.
broadcast-progress = 📣 <b>Идёт рассылка</b>
    Доставлено: { $delivered } из { $total }
    Осталось: { $waiting }
    Заблокировали бота: { $blocked }
    Не доставлено: { $failed }
broadcast-report = ✅ <b>Рассылка завершена</b>
    Доставлено: { $delivered } из { $total }
    Заблокировали бота: { $blocked }
    Не доставлено: { $failed }
broadcast-report-cancelled = ⛔ <b>Рассылка остановлена</b>
    Доставлено: { $delivered } из { $total }
    Заблокировали бота: { $blocked }
    Не доставлено: { $failed }
broadcast-acks = Ознакомились: { $acks }
# Shown only while MAX is on beside Telegram: people (or delivered copies) per messenger.
broadcast-channels = Telegram: { $telegram } · MAX: { $max }
broadcast-delivered-by = Доставлено по мессенджерам:
broadcast-who = Ознакомились ({ $count }, первые 50):
broadcast-discarded = Рассылка отменена, ничего не отправлено.
btn-broadcast-history = Прошлые рассылки 🗂
btn-broadcast-new = Новая рассылка 📣
broadcast-history-title = <b>Прошлые рассылки</b> (страница { $page } из { $pages }). Откройте рассылку, чтобы увидеть, сколько её получили и кто ознакомился.
broadcast-history-none = Рассылок ещё не было.
broadcast-no-text = Без текста (фото или файл)
broadcast-report-head = <b>Рассылка от { $when }</b>, получатели: { $audience }
broadcast-acked-by = Кто ознакомился (id в Telegram): { $people }

## Голосовая версия объявления (для тех, кто выбрал «Простой язык» или «Для экранного диктора»)
btn-broadcast-voice = Сделать голосовую версию 🔊
btn-broadcast-voice-remove = Убрать голосовую версию
broadcast-voice-hint = Можно приложить голосовую версию: запишите голосовое сообщение и пришлите его сюда или нажмите «Сделать голосовую версию». Её получат те, кто выбрал простой язык или режим для экранного диктора.
broadcast-voice-made = Голосовая версия готова: { $seconds } с. Послушайте её выше.
broadcast-voice-attached = Голосовая версия приложена.
broadcast-voice-removed = Голосовая версия убрана.
broadcast-voice-failed = Не получилось сделать голосовую версию. Объявление уйдёт без неё.
broadcast-voice-caption = Голосовая версия объявления
