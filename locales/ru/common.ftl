## Главное меню, общие кнопки, ошибки

menu-title = Здравствуйте, { $name }! Что вы хотите сделать?
btn-schedule = 📅 Расписание
btn-organizations = 🏫 Организации
btn-settings = ⚙️ Настройки
btn-help = ❓ Помощь
btn-mydata = 🔒 Мои данные
btn-new-event = ➕ Новое мероприятие
btn-menu = ↩️ В главное меню
btn-back = ⬅️ Назад
btn-skip = ⏭ Пропустить
on = вкл.
off = выкл.

help-text =
    <b>Что умеет бот «Вместе»</b>
    📅 <b>Расписание</b> — семинары, клубы для родителей, круглые столы, фестивали и консультации сети. Можно выбрать, для кого, вид, организацию и месяц.
    🏫 <b>Организации</b> — площадки сети: что они предлагают, контакты, доступность.
    ⚙️ <b>Настройки</b> — язык, роль, организация, напоминания.
    🔒 <b>Мои данные</b> — что мы храним о вас и как это удалить.

    Команды: /menu — меню, /schedule — расписание, /settings — настройки, /mydata — мои данные, /forget — удалить мои данные.

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
role-parent-button = 👪 Я родитель
role-teacher-button = 🧑‍🏫 Я педагог
role-specialist-button = 🩺 Я специалист (психолог, логопед, дефектолог)

language-ru = русский
language-en = English

network-role-resource = Ресурсные площадки
network-role-base = Базовые площадки
network-role-pilot = Пилотные площадки
network-role-additional = Дополнительные площадки
network-role-partner = Партнёры сети
