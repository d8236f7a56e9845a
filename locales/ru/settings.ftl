## Настройки и личные данные

settings-text =
    <b>⚙️ Настройки</b>
    Язык: { $language }
    Роль: { $role }
    Организация: { $org }
    Напоминание за сутки: { $n24 }
    Напоминание за 2 часа: { $n2 }
btn-language = Язык 🌐
btn-role = Роль 👤
btn-org = Организация 🏫
btn-no-org = Без организации
btn-notify-24h = Напоминание за сутки: { $state }
btn-notify-2h = Напоминание за 2 часа: { $state }
settings-choose-lang = Выберите язык:
settings-choose-role = Кто вы?
settings-choose-org = Выберите организацию:

mydata-title = <b>🔒 Что мы храним о вас</b>
mydata-messenger = Мессенджер
mydata-id-max = ID в MAX
mydata-id = ID в Telegram
mydata-language = Язык
mydata-role = Роль
mydata-org = Организация
mydata-consent = Согласие дано
mydata-notify = Напоминания
mydata-created = Запись создана
mydata-footer = Больше ничего. Мы не храним телефон, переписку и сведения о здоровье. Удалить всё: /forget
btn-forget = Удалить мои данные 🗑
forget-confirm = Удалить всё, что мы храним о вас? Это нельзя отменить.
btn-forget-yes = Да, удалить 🗑
btn-forget-no = Нет, оставить
forget-kept = Хорошо, ничего не удалено.
forget-done = Готово: все ваши данные удалены. Если захотите вернуться — нажмите /start.
