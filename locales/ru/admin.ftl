## Администрирование: реестр организаций, сотрудники, приглашения

btn-admin = Администрирование 🛠
admin-title = <b>Администрирование</b>
    Здесь реестр организаций сети, сотрудники и приглашения.
btn-admin-orgs = Организации сети
btn-admin-staff = Сотрудники
btn-admin-invites = Приглашения
error-admin-only = Это доступно только администратору сети.

## Реестр организаций

admin-orgs-title = <b>Реестр организаций</b>
org-archived-mark = (в архиве)
org-archived-note = Организация в архиве: её нет в списках и при выборе, мероприятия и история сохранены.
btn-org-add = Добавить организацию
btn-org-import = Загрузить реестр из файла
btn-org-template = Скачать шаблон
btn-back-registry = К реестру
btn-org-edit-card = Изменить карточку организации
admin-org-card-title = <b>Карточка организации</b>
org-field-short_name = Краткое название
org-field-name = Полное название
org-field-network_role = Роль в сети
org-field-address = Адрес
org-field-contacts = Контакты
org-field-offers = Что предлагает
org-field-accessibility = Доступность
btn-org-edit-short_name = Изменить краткое название
btn-org-edit-name = Изменить полное название
btn-org-edit-network_role = Изменить роль в сети
btn-org-edit-address = Изменить адрес
btn-org-edit-contacts = Изменить контакты
btn-org-edit-offers = Изменить «Что предлагает»
btn-org-edit-accessibility = Изменить «Доступность»
btn-org-archive = Убрать в архив
btn-org-restore = Вернуть из архива
btn-org-clear = Очистить поле
org-role-resource = Ресурсная площадка
org-role-base = Базовая площадка
org-role-pilot = Пилотная площадка
org-role-additional = Дополнительная площадка
org-role-partner = Партнёр сети
org-ask-role = Выберите роль организации в сети.
org-ask-value = Напишите новое значение: { $field }.
    Сейчас: { $current }
org-saved = Сохранено.
org-created = Организация добавлена. Заполните остальные поля кнопками ниже.
org-ask-new-short = Напишите краткое название новой организации (например, «ЦППМСП №1»).
org-ask-new-name = Теперь напишите полное название организации.
orgs-error-role = Такой роли в сети нет.
orgs-error-required = Это поле нельзя оставить пустым.
orgs-error-too-long = Слишком длинно: не больше { $limit } знаков. Напишите короче.
orgs-error-short-taken = Краткое название «{ $name }» уже занято другой организацией.

## Загрузка реестра из файла

orgs-col-short_name = Краткое название
orgs-col-name = Полное название
orgs-col-role = Роль в сети
orgs-col-address = Адрес
orgs-col-contacts = Контакты
orgs-col-offers = Что предлагает
orgs-col-accessibility = Доступность
orgs-col-archived = В архиве
orgs-template-sheet = Организации
orgs-template-help-sheet = Роли
orgs-template-help-role = Роль в сети
orgs-template-help-code = Можно написать и так
orgs-template-example-short_name = ЦППМСП №1
orgs-template-example-name = Центр психолого-педагогической, медицинской и социальной помощи №1
orgs-template-example-role = Ресурсная площадка
orgs-template-example-address = ул. Ленина, 1
orgs-template-example-contacts = +7 000 000-00-00, center1@example.ru
orgs-template-example-offers = Консультации для родителей, семинары для педагогов
orgs-template-example-accessibility = Вход без ступенек, есть лифт
orgs-template-example-archived = нет
orgs-template-file = реестр-организаций.xlsx
orgs-template-caption = Шаблон реестра. Заполните по строке на организацию и пришлите файл боту (кнопка «Загрузить реестр из файла»).
orgs-import-ask-file = Пришлите файл реестра: Excel (.xlsx) или CSV. Первая строка — заголовки, как в шаблоне. Ничего не сохранится, пока вы не проверите и не нажмёте «Сохранить».
orgs-import-too-big = Файл слишком большой. Пришлите файл поменьше.
orgs-import-bad-file = Не получилось прочитать файл. Пришлите Excel (.xlsx) или CSV.
orgs-import-no-header = В файле нет строки заголовков с колонками «Краткое название» и «Полное название». Возьмите шаблон.
orgs-import-too-many = В файле больше { $limit } строк. Разделите его на части.
orgs-import-preview = <b>Проверка реестра.</b> Пока ничего не сохранено.
orgs-import-counts = Новых организаций: { $added }. Изменится: { $updated }. Без изменений: { $same }. Строк с ошибками: { $errors }.
orgs-import-errors = <b>Ошибки</b> (эти строки не сохранятся):
orgs-import-error-line = Строка { $row }: { $text }
orgs-import-errors-more = …и ещё ошибок: { $count }
orgs-import-err-short_name-missing = нет краткого названия
orgs-import-err-name-missing = нет полного названия
orgs-import-err-too-long = слишком длинный текст («{ $value }…»)
orgs-import-err-role = непонятная роль в сети «{ $value }»
orgs-import-err-duplicate = краткое название «{ $value }» уже было выше в файле
orgs-import-err-archived = в колонке «В архиве» напишите «да» или «нет», а не «{ $value }»
btn-org-import-save = Сохранить
btn-org-import-cancel = Отмена
orgs-import-saved = Реестр сохранён. Добавлено: { $added }. Изменено: { $updated }. Пропущено строк с ошибками: { $errors }.

## Сотрудники и приглашения

staff-title = <b>Сотрудники</b>: администраторы и координаторы
staff-empty = Сотрудников пока нет.
staff-whole-network = Вся сеть
staff-member = <b>Сотрудник</b> { $who }
    Роль: { $role }
    Организация: { $org }
btn-staff-make-coordinator = Сделать координатором
btn-staff-make-admin = Сделать администратором
btn-staff-org = Изменить организацию
btn-staff-revoke = Отозвать доступ
btn-staff-revoke-yes = Да, отозвать доступ
btn-back-staff = К списку сотрудников
staff-revoke-confirm = Отозвать доступ у { $who } ({ $role })? Меню координатора перестанут работать сразу.
staff-revoked = Доступ отозван. Пользователь { $id } больше не сотрудник.
staff-ask-org = Выберите организацию сотрудника.
staff-error-self = Свою роль здесь изменить нельзя: попросите другого администратора.
staff-error-env-admin = Этот администратор задан в настройках бота (ADMIN_IDS). Его роль меняется только там.
staff-invites-title = <b>Открытые приглашения</b>
staff-invites-empty = Открытых приглашений нет.
staff-invites-more = …и ещё: { $count }
staff-invite-line = • <code>{ $code }</code>: { $role }, { $org }, действует до { $until }
btn-staff-withdraw = Отозвать приглашение { $code }
btn-staff-new-invite = Новое приглашение
staff-invite-ask-role = Кого пригласить?
btn-staff-invite-coordinator = Координатора
btn-staff-invite-admin = Администратора
staff-invite-ask-org = Для какой организации координатор?
staff-invite-made = Приглашение готово: { $role }, { $org }.
    Ссылка действует до { $until } и только один раз:
    { $link }
    Перешлите её человеку, которого приглашаете.
btn-staff-person-admin = Администратор { $id } { $org }
btn-staff-person-coordinator = Координатор { $id } { $org }
