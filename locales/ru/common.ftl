## Главное меню, общие кнопки, ошибки

menu-title = Здравствуйте, { $name }! Что вы хотите сделать?
btn-schedule = Расписание 📅
btn-organizations = Организации 🏫
btn-settings = Настройки ⚙️
btn-help = Помощь ❓
btn-mydata = Мои данные 🔒
btn-new-event = Новое мероприятие ➕
btn-menu = В главное меню
btn-back = Назад
btn-skip = Пропустить
on = включено
off = выключено

help-text =
    <b>Что умеет бот «Вместе»</b>
    📅 <b>Расписание</b> — семинары, клубы для родителей, круглые столы, фестивали и консультации сети. Можно выбрать, для кого, вид, организацию и месяц.
    🎟 <b>Мои записи</b> — семинары и встречи, на которые вы записаны, и место в листе ожидания.
    📝 <b>Опросы</b> — анкеты сети: ответы помогают планировать семинары и консультации.
    👪 <b>Клубы для родителей</b> — вступить в клуб, видеть встречи, задать ведущему вопрос анонимно.
    🏫 <b>Организации</b> — площадки сети: что они предлагают, контакты, доступность.
    ⚙️ <b>Настройки</b> — язык, роль, организация, напоминания.
    🔒 <b>Мои данные</b> — что мы храним о вас и как это удалить.

    Команды: /menu — меню, /schedule — расписание, /my — мои записи, /surveys — опросы, /settings — настройки, /mydata — мои данные, /forget — удалить мои данные.

need-start = Чтобы начать, нажмите /start.
unknown-command = Такой команды я не знаю. Вот главное меню:
use-buttons = Пожалуйста, выберите действие кнопкой ниже.

error-generic = Что-то пошло не так. Мы уже знаем об этом. Попробуйте ещё раз чуть позже.
error-outdated = Это меню устарело. Вот свежее:
error-permission = Это действие доступно только координаторам сети.
error-not-found = Не нашли такую запись: возможно, её уже удалили.
error-validation = Это значение не подходит.
error-consent-required = Сначала нужно дать согласие: нажмите /start.
error-not-your-org = Вы можете менять только мероприятия своей организации.
error-staff-role-fixed = Роль координатора меняется только через администратора.
error-staff-org-fixed = Организацию координатора меняет администратор.

cmd-start = Начать
cmd-menu = Главное меню
cmd-schedule = Расписание мероприятий
cmd-my = Мои записи
cmd-surveys = Опросы
cmd-settings = Настройки
cmd-mydata = Какие данные о вас хранятся
cmd-forget = Удалить мои данные
cmd-help = Помощь

role-parent = родитель
role-teacher = педагог
role-specialist = специалист
role-coordinator = координатор
role-admin = администратор
role-None = —
role-parent-button = Я родитель 👪
role-teacher-button = Я педагог 🧑‍🏫
role-specialist-button = Я специалист (психолог, логопед, дефектолог) 🩺

language-ru = русский
language-en = English

network-role-resource = Ресурсные площадки
network-role-base = Базовые площадки
network-role-pilot = Пилотные площадки
network-role-additional = Дополнительные площадки
network-role-partner = Партнёры сети

## Состояние словами: кнопки-переключатели и выбор. Экранный диктор читает слова, а не значки.
choice-on = { $label } — выбрано ✓
choice-off = { $label } — не выбрано
choice-chosen = Выбрано: { $items }
choice-none = Пока ничего не выбрано.
toggle-state = { $label }: { $state }

## Короткие ответы на нажатие (всплывающая подсказка; экранный диктор её произносит)
toast-saved = Сохранено
toast-registered = Записали вас
toast-waitlisted = Вы в листе ожидания: { $position }-й по очереди
toast-cancelled = Запись отменена
toast-page = Страница { $page } из { $pages }
toast-selected = Выбрано: { $label }
toast-unselected = Снят выбор: { $label }
toast-setting-on = { $label }: включено
toast-setting-off = { $label }: выключено
toast-opened = Открыто: { $title }
toast-sent = Отправлено

## Доступность: настройки «Для экранного диктора» и «Простой язык»
a11y-ask =
    Как вам удобнее читать сообщения бота? Это можно поменять в настройках.
    «Для экранного диктора»: без значков, с подтверждением каждого нажатия, даты словами.
    «Простой язык»: короткие предложения и простые слова.
btn-a11y-screen-reader = Для экранного диктора: { $state }
btn-a11y-plain-language = Простой язык: { $state }
btn-a11y-ask-screen-reader = Для экранного диктора
btn-a11y-ask-plain-language = Простой язык
btn-a11y-ask-both = И то, и другое
btn-a11y-ask-none = Обычный вид
a11y-settings-lines =
    Для экранного диктора: { $screen_reader }
    Простой язык: { $plain_language }
a11y-saved-screen-reader = Режим для экранного диктора: { $state }.
a11y-saved-plain-language = Простой язык: { $state }.
mydata-a11y = Настройки чтения
btn-page-prev = Назад: стр. { $page }
btn-page-next = Далее: стр. { $page }
page-of = Страница { $page } из { $pages }
list-more = …и ещё { $count }
