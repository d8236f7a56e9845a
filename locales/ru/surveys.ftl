## Опросы: ответы, координаторы, итоги, ошибки файла

btn-surveys = Опросы 📝
surveys-title = <b>📝 Опросы</b>
surveys-none = Сейчас открытых опросов для вас нет. Мы напишем, когда появится новый.
surveys-until = открыт до { $when }
btn-surveys-list = К списку опросов 📝
btn-surveys-manage = Управление опросами 🗂

survey-anonymous-note = 🔒 Опрос анонимный: ответы хранятся без связи с вами, мы видим только общие цифры. После отправки изменить их нельзя.
survey-named-note = 👤 Опрос именной: организаторы видят, кто ответил. Ответы можно изменить, пока опрос открыт.
survey-question-count = { $count ->
    [one] { $count } вопрос
    [few] { $count } вопроса
   *[other] { $count } вопросов
}
survey-already-sent-named = Вы уже ответили. Можно изменить ответы, пока опрос открыт.
btn-survey-start = Начать
btn-survey-resume = Продолжить (вопрос { $number } из { $total })
btn-survey-change = Изменить ответы ✏️

survey-progress = Вопрос { $number } из { $total }
survey-pick-between = Выберите от { $min } до { $max } вариантов, затем нажмите «Готово».
survey-pick-many = Выберите все подходящие варианты, затем нажмите «Готово».
survey-type-answer = Напишите ответ сообщением (не больше { $limit } знаков).
survey-type-other = Напишите свой вариант сообщением (не больше { $limit } знаков).
survey-your-answer = Ваш ответ: { $text }
survey-scale-hint = Выберите оценку от 1 до 5.
survey-optional = Можно пропустить этот вопрос.
survey-other = Другое
survey-other-given = Другое: { $text }
btn-survey-other = Другое (написать своё) ✏️
btn-survey-other-cancel = Вернуться к вариантам
btn-survey-done = Готово
btn-survey-next = Дальше
btn-survey-leave = Выйти (ответы сохранятся) ⏸
survey-yes = Да
survey-no = Нет

survey-review = Все вопросы пройдены. Проверьте ответы:
survey-no-answer = (без ответа)
survey-send-anonymous = После отправки ответы нельзя будет изменить: они не связаны с вами.
survey-send-named = Ответы можно будет изменить, пока опрос открыт.
btn-survey-send = Отправить ответы 📨
survey-sent = ✅ Спасибо! Ваши ответы отправлены.
survey-sent-named = Изменить их можно до { $when }.
survey-left = Вы вышли из опроса. Ответы сохранены — продолжите с того же вопроса в «📝 Опросы».

survey-stale-button = Эта кнопка от другого вопроса. Вот вопрос, на котором вы остановились:
survey-choose-button = Пожалуйста, выберите ответ кнопкой под вопросом.
survey-text-only = Пожалуйста, ответьте кнопкой или напишите текст.
survey-text-empty = Ответ пустой. Напишите хотя бы несколько слов.
survey-text-too-long = Слишком длинно: { $length } знаков, можно не больше { $limit }. Сократите, пожалуйста.
survey-too-many = Можно выбрать не больше { $max }. Снимите отметку с одного из вариантов.
survey-too-few = Выберите хотя бы { $min }.
survey-required = На этот вопрос нужно ответить.
survey-answer-missing = Остались вопросы без ответа ({ $count }). Вот первый из них:
survey-round-closed = Этот опрос уже закрыт (или ещё не начался). Ответы больше не принимаются.
survey-already-answered = Вы уже ответили на этот опрос. Спасибо! Ответить второй раз нельзя.
survey-not-for-you = Этот опрос предназначен для других участников.
survey-not-your-org = Вы можете смотреть и менять только опросы своей организации.
survey-not-loaded = Опрос «{ $name }» ещё не загружен.
survey-bad-audience = Выберите, для кого опрос.
survey-close-before-open = Опрос должен закрыться позже, чем откроется, и позже, чем сейчас.
survey-round-too-long = Опрос может идти не дольше { $days } дней.

survey-audience-parents = родители
survey-audience-teachers = педагоги и специалисты
survey-audience-all = все: родители, педагоги, специалисты
survey-audience-org = участники моей организации
survey-audience-org-named = участники: { $org }
survey-audience-recipients = участники мероприятия

## Координатор

survey-admin-title = <b>🗂 Опросы для координатора</b>
survey-admin-none = Опросов ещё нет.
survey-admin-load-hint = Чтобы добавить или обновить опрос, пришлите сюда файл .yaml (образцы — в папке surveys/).
btn-survey-rounds = Раунды и итоги 📊
survey-admin-card =
    <b>{ $title }</b>
    Код: <code>{ $key }</code>, версия { $version }
    Вопросов: { $count }
    Анонимный: { $anonymous }
    Для кого задуман: { $audience }
btn-survey-open-round = Открыть раунд 🚀
survey-ask-audience = Кого опрашиваем? «{ $title }»
survey-round-own-org = Опрос увидят только люди вашей организации.
survey-ask-opens = Когда открыть опрос? Нажмите «Сейчас» или напишите дату и время: <code>01.12.2026 09:00</code>
btn-survey-open-now = Сейчас
survey-ask-closes = Когда закрыть? Выберите срок или напишите дату: <code>15.12.2026</code>
btn-survey-close-in = Через { $days } дней
survey-round-opened = ✅ Раунд открыт. Люди увидят его в «📝 Опросы».
survey-rounds-title = <b>Раунды опросов</b> (новые сверху):
survey-rounds-none = Раундов ещё не было.
survey-round-open = 🟢 идёт
survey-round-closed-mark = ⚪️ закрыт
survey-round-period = С { $opens } до { $closes }
survey-round-audience = Для кого: { $audience }
survey-rate = Ответили: { $respondents } из { $targets } ({ $percent }%)
btn-survey-results = Итоги 📋
btn-survey-charts = Диаграммы 📊
btn-survey-export = Выгрузка в Excel 📥
btn-survey-close-round = Закрыть раунд ⏹
survey-close-confirm = Закрыть раунд сейчас? Новые ответы приниматься не будут.
btn-survey-close-yes = Да, закрыть ⏹
survey-round-closed-done = Раунд закрыт.

survey-results-title = <b>Итоги: { $title }</b>
survey-rate-by-org = <b>По организациям:</b>
survey-rate-by-role = <b>По ролям:</b>
survey-rate-row = { $name }: { $respondents } из { $targets } ({ $percent }%)
survey-rate-row-hidden = { $name }: меньше { $min } ответов — не показываем
survey-results-too-few = Ответов меньше { $min }: итоги не показываем, чтобы никого нельзя было узнать.
survey-previous = Прошлый раунд (с { $date }): ответов { $count }. Рядом с цифрами — «было».
survey-previous-too-few = В прошлом раунде меньше { $min } ответов: сравнение не показываем.
survey-answered = Ответили на вопрос: { $count }
survey-was = (было { $percent }%)
survey-mean = Средняя оценка: { $mean }
survey-was-mean = (было { $mean })
survey-topics-title = <b>Самые нужные темы:</b>
btn-survey-seminar = Создать семинар: { $topic }
survey-seminar-description = По запросам педагогов (опрос «{ $survey }»): эту тему выбрали { $count } из { $total }.
survey-chart-caption = { $number }. { $question } (ответили: { $answered })
survey-chart-this = этот раунд
survey-chart-previous = прошлый раунд
survey-charts-sent = Диаграмм отправлено: { $count }.
survey-export-caption = Ответы и сводка в Excel.

survey-xlsx-summary = Сводка
survey-xlsx-raw = Ответы
survey-xlsx-period = Период
survey-xlsx-anonymous = Анонимный
survey-xlsx-targets = Кого опрашивали
survey-xlsx-responses = Ответов
survey-xlsx-question = Вопрос
survey-xlsx-answer = Ответ
survey-xlsx-count = Сколько
survey-xlsx-share = Доля
survey-xlsx-texts = свободные ответы
survey-xlsx-number = №
survey-xlsx-date = Дата
survey-xlsx-user = ID в Telegram
survey-xlsx-role = Роль
survey-xlsx-org = Организация

survey-loaded-added = ✅ Опрос «{ $title }» загружен, вопросов: { $count }.
survey-loaded-new_version = ✅ Опрос «{ $title }» обновлён, версия { $version }, вопросов: { $count }. Идущие раунды остаются на прежней версии.
survey-loaded-unchanged = Опрос «{ $title }» уже загружен в этом виде (версия { $version }). Ничего не изменилось.

## Ошибки в файле опроса

survey-file-invalid = ❌ В файле есть ошибки ({ $count }):
survey-file-nothing-saved = Ничего не сохранено. Исправьте файл и пришлите снова.
survey-err-line = строка { $line }
survey-err-file = файл
survey-err-more = …и ещё { $count }.
survey-err-too-big = Файл слишком большой: не больше { $kb } КБ.
survey-err-encoding = Файл должен быть в кодировке UTF-8.
survey-err-yaml = не получается прочитать YAML: { $detail }
survey-err-not-mapping = в начале файла должны быть поля опроса (key, title, questions…)
survey-err-missing = нет обязательного поля «{ $field }»
survey-err-unknown-field = неизвестное поле «{ $field }»
survey-err-choice = недопустимое значение, можно: { $expected }
survey-err-id-format = код должен состоять из латинских строчных букв, цифр и «_» (до 24 знаков)
survey-err-too-long = слишком длинный текст (не больше { $limit } знаков)
survey-err-empty = пустой текст
survey-err-too-few = слишком мало элементов (нужно хотя бы { $limit })
survey-err-too-many = слишком много элементов (не больше { $limit })
survey-err-invalid = неверное значение ({ $detail })
survey-err-duplicate-id = код «{ $id }» повторяется
survey-err-options-needed = у вопроса с выбором нужно хотя бы два варианта
survey-err-options-unexpected = варианты ответа бывают только у вопросов single и multiple
survey-err-min-max-kind = min и max бывают только у вопроса multiple
survey-err-min-max = min и max не сходятся с числом вариантов ({ $count })
survey-err-labels-kind = подписи (labels) бывают только у шкалы (scale)
survey-err-label-point = у шкалы нет деления { $point }: только 1–5
survey-err-topics-kind = темы (topics) отмечают только у вопроса с выбором
survey-err-condition-question = условие ссылается на вопрос «{ $id }», которого нет выше
survey-err-condition-value = такого ответа у вопроса в условии нет; можно: { $values }

mydata-survey-responses = Именные ответы на опросы
mydata-survey-marks = Отметки «ответил(а) на опрос»

survey-scale-point = { $point } из 5
survey-question-too-few = меньше { $min } ответов — не показываем
survey-no-org = без организации
survey-no-role = роль не указана
survey-round-planned = ⏳ ещё не начался

## Отметки словами в списке опросов
surveys-item-answered = { $title } — вы ответили
surveys-item-open = { $title } — ждёт ответа

btn-back-round = Назад к опросу
share-survey = Ссылка на опрос «{ $title }»:
    { $link }
    Её можно отправить в чат школы или разместить на сайте. Кто откроет ссылку, сразу попадёт в этот опрос.
share-survey-gone = Этот опрос уже закрыт или не найден. Посмотрите открытые опросы.
