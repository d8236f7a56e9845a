## Расписание, карточка мероприятия, организации

schedule-title = <b>📅 Расписание</b>
schedule-filters = Показаны: { $filters }
schedule-empty = Пока ничего нет. Попробуйте другие фильтры.
schedule-page = Страница { $page } из { $pages } · всего { $total }
btn-prev = Назад
btn-next = Дальше
btn-filter-aud = Для кого 👥
btn-filter-kind = Вид 🗂
btn-filter-org = Организация 🏫
btn-filter-month = Месяц 🗓
filter-aud-title = Для кого показать мероприятия?
filter-kind-title = Какие мероприятия показать?
filter-org-title = Мероприятия какой организации показать?
filter-month-title = За какой месяц?
filter-any-kind = Все виды
filter-any-org = Все организации
filter-any-month = Любой месяц
audience-filter-all = для всех
audience-filter-parents = для родителей
audience-filter-teachers = для педагогов

audience-parents = родители
audience-teachers = педагоги
audience-children = дети и их семьи
audience-specialists = специалисты
audience-all = все участники
audience-unknown = уточняется

kind-seminar = семинар
kind-club = клуб для родителей
kind-master_class = мастер-класс
kind-conference = конференция
kind-competition = конкурс
kind-festival = фестиваль
kind-consultation = консультация
kind-meeting = встреча, круглый стол
kind-training = обучение
kind-survey = анкетирование
kind-monitoring = мониторинг
kind-other = мероприятие
kind-seminar-plural = семинары
kind-club-plural = клубы для родителей
kind-master_class-plural = мастер-классы
kind-conference-plural = конференции
kind-competition-plural = конкурсы
kind-festival-plural = фестивали
kind-consultation-plural = консультации
kind-meeting-plural = встречи и круглые столы
kind-training-plural = обучение
kind-survey-plural = анкетирование
kind-monitoring-plural = мониторинг
kind-other-plural = другое

event-when = 🗓 Когда: { $when }
event-where = 📍 Где: { $where }
event-deadline = ⏳ Запись до { $when }
event-responsible = 👤 Ответственный: { $who }
event-kind = 🗂 Вид: { $kind }
event-audience = 👥 Для кого: { $audience }
event-capacity = 🪑 Мест: { $seats }
event-goal = 🎯 Цель: { $goal }
event-result = ✅ Результат: { $result }
event-online = 💻 Онлайн: { $link }
event-accessibility = ♿ Доступность: { $text }
event-cancelled-mark = ❌ <b>Мероприятие отменено</b>
event-listed-cancelled = Отменено: { $title }
btn-ics = Добавить в календарь 📆
btn-back-schedule = К расписанию
btn-org-card = Об организации 🏫
ics-caption = Откройте файл, чтобы добавить мероприятие в календарь телефона.
ics-no-dates = У этого мероприятия нет точной даты, поэтому его нельзя добавить в календарь.

when-every-weekly = еженедельно
when-every-monthly = ежемесячно
when-every-quarterly = ежеквартально
when-every-yearly = ежегодно
when-every-other = регулярно
when-n-per-year = { $n ->
    [one] { $n } раз в год
    [few] { $n } раза в год
   *[many] { $n } раз в год
}
when-ongoing = постоянно
when-on-request = по запросу
when-unknown = дата уточняется
when-to-be-set = срок уточняется
when-to-be-set-text = срок уточняется (в плане: «{ $text }»)
when-quarter = { $q } квартал { $year }
when-academic-year = { $first }/{ $second } учебный год

orgs-title = <b>🏫 Организации сети</b>
orgs-empty = Организации пока не добавлены.
org-address = 📍 Адрес: { $text }
org-contacts = ☎️ Контакты: { $text }
org-offers = 🤝 Что предлагает: { $text }
org-accessibility = ♿ Доступность: { $text }
org-upcoming = <b>Ближайшие мероприятия:</b>
org-no-upcoming = Ближайших мероприятий нет.
btn-org-schedule = Все мероприятия организации 📅
btn-back-orgs = К списку организаций

## Даты словами (экранный диктор, простой язык): без тире между числами
when-spoken-at = { $date }, в { $time }
when-spoken-hours = { $date }, с { $start } до { $end }
when-spoken-span = с { $start } до { $end }
when-spoken-day-time = { $date } в { $time }
when-spoken-days = с { $start } по { $end }
when-spoken-months = с { $start } по { $end }
when-spoken-years = с { $start } по { $end } год
when-spoken-academic-year = учебный год с сентября { $first } по август { $second }
btn-share = Поделиться 🔗
btn-back-event = Назад к мероприятию
share-event = Ссылка на мероприятие «{ $title }»:
    { $link }
    Её можно отправить в чат школы или разместить на сайте. Кто откроет ссылку, сразу увидит это мероприятие.
share-event-gone = Мероприятие по этой ссылке не найдено. Посмотрите расписание.
