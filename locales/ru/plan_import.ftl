## Координатор: импорт плана мероприятий из файла

btn-import-plan = Импорт плана 📥
btn-import-save = Сохранить 💾
btn-import-warnings = Показать предупреждения ⚠️
btn-import-xlsx = Скачать как Excel 📊
btn-import-preview = К предпросмотру
btn-import-cancel = Отмена

import-ask-file =
    <b>📥 Импорт плана мероприятий</b>
    Пришлите файл плана документом: Word (DOCX), Excel (XLSX), CSV, PDF или текст (TXT), до { $limit } МБ.
    Я найду таблицу плана (мероприятие, сроки, ответственный…), покажу, что получилось, и ничего не сохраню, пока вы не нажмёте «Сохранить».
import-wait-file = Пришлите, пожалуйста, файл плана документом (Word, Excel, OpenDocument, CSV, PDF или TXT) или нажмите «Отмена».

import-preview-title = <b>📥 Предпросмотр плана</b>
import-preview-plan = План: { $title }
import-preview-no-title = План без заголовка
import-preview-file = Файл: { $name }
import-preview-period = Период: { $period }
import-preview-period-unknown = Период: не указан
import-preview-org = Организация: { $org }
import-preview-org-none = Организация: не указана
import-preview-counts = Мероприятий в плане: { $events }. Записей в расписании: { $entries }.
import-preview-problems = Предупреждений: { $warnings }. Пропущено строк: { $skipped }.
import-preview-first = <b>Первые строки:</b>
import-preview-row = { $n }. { $title } — { $when }
import-preview-more = …и ещё { $count }
import-preview-empty = В таблице нет ни одного мероприятия: сохранять нечего.
import-preview-footer = Пока ничего не сохранено. Нажмите «Сохранить», чтобы добавить мероприятия в расписание. Если этот план уже загружали, совпадающие мероприятия обновятся, а не задвоятся.

import-warnings-title = <b>⚠️ Предупреждения и пропущенные строки</b>
import-warnings-none = Предупреждений нет, все строки прочитаны.
import-warning-row = • Строка { $n } «{ $title }»: { $text }
import-warning-plan = • { $text }
import-skip-row = • Строка { $n } пропущена: { $reason }. { $text }
import-warnings-more = …и ещё { $count }

import-saved = ✅ План сохранён. Добавлено { $added }, обновлено { $updated }, пропущено { $skipped }.
import-saved-removed = Больше нет в плане и сняты с расписания: { $removed }.
import-cancelled = Импорт отменён, ничего не сохранено.

import-error-empty = Файл пустой. Пришлите файл с таблицей плана.
import-error-too-large = Файл слишком большой: можно до { $limit } МБ. Уменьшите его (например, оставьте только таблицу плана) и пришлите снова.
import-error-unsupported-type = Такой формат я не читаю. Пришлите план документом Word (DOC, DOCX, RTF, ODT), таблицей (XLS, XLSX, ODS, CSV), в PDF или TXT.
import-error-corrupt = Файл повреждён и не открывается. Сохраните его заново и пришлите ещё раз.
import-error-web-page = Этот файл — веб-страница (HTML), сохранённая под именем документа Word или Excel, документа внутри нет. Откройте его в Word или Excel, сохраните как DOCX или XLSX и пришлите этот файл.
import-error-old-word = Это документ Word 6 или Word 95 — старше тех .doc, что я читаю. Откройте его в Word или LibreOffice, сохраните как DOCX и пришлите этот файл.
import-error-encrypted = Файл защищён паролем, и я не могу его открыть. Снимите пароль (или сохраните копию без пароля) и пришлите файл ещё раз.
import-error-no-table = В документе не нашлось таблицы плана. Нужна таблица со столбцами вроде «Мероприятие», «Сроки», «Ответственный».
import-error-download = Не получилось скачать файл из Telegram. Попробуйте прислать его ещё раз.

import-warn-date-unclear = срок не распознан — в расписании будет «срок уточняется»
import-warn-no-date = срок не указан — в расписании будет «срок уточняется»
import-warn-by-schedule = срок — по отдельному графику, в расписании будет «срок уточняется»
import-warn-no-period = не удалось определить период плана, даты неизвестны
import-warn-deadline = срок «до …» — поставлено на { $date }
import-warn-year-shifted = год отнесён к началу периода ({ $year })
import-warn-no-year = не указан год, а период плана неизвестен — в расписании будет «срок уточняется»
import-warn-invalid-date = такой даты нет: { $date }
import-warn-impossible-date = такой даты нет: { $date }, прочитано как { $read }
import-warn-swapped = конец раньше начала, даты переставлены
import-warn-invalid-month = неверный месяц
import-warn-outside-period = срок вне периода плана
import-warn-no-date-column = в таблице нет столбца со сроками, даты неизвестны
import-warn-no-rows = в таблице плана нет строк
import-warn-table-ignored = таблица { $n } пропущена: в ней нет заголовка плана (строк: { $rows })
import-warn-period-inferred = период плана не указан в заголовке, взят по датам строк: { $start } — { $end }
import-warn-period-missing = период плана не указан в заголовке
import-warn-period-approval = период плана не указан в заголовке: месяцы без года отнесены ко времени после утверждения плана ({ $date })
import-warn-plan-month = день не указан — поставлен месяц плана
import-warn-section-month = день не указан — поставлен месяц из заголовка раздела
import-warn-weekday = { $date } — не { $weekday }, проверьте дату
import-warn-cell-per-line = текстовая копия таблицы без разметки: строки найдены по номерам, проверьте их
import-warn-no-header = у таблицы нет строки заголовков: сроки взяты из столбца { $when }, мероприятия — из столбца { $what }
import-warn-plan-days = день не указан — поставлены все дни плана
import-warn-other = { $text }
import-skip-empty-title = нет названия мероприятия
import-skip-other = строка не прочитана
mydata-plans = Импортированные вами планы
import-error-scanned = Этот PDF — скан: в нём картинки страниц, а не текст, и таблицу из него не прочитать. Пришлите план в Word, Excel или PDF, сохранённый из Word (с текстом).

import-xlsx-caption = Так я понял план: одна строка — одно мероприятие. Исправьте ячейки в Excel (даты, точность срока, «для кого»…) и пришлите файл обратно — он загрузится ровно так, как вы исправили.
import-xlsx-file = { $name } — проверка.xlsx

## Файл «Скачать как Excel»: заголовки и слова в ячейках (их же бот читает, когда файл присылают обратно)

plan-xlsx-sheet = План
plan-xlsx-period = Период плана: { $start } – { $end }
plan-xlsx-col-number = №
plan-xlsx-col-section = Раздел
plan-xlsx-col-title = Мероприятие
plan-xlsx-col-starts = Начало
plan-xlsx-col-ends = Окончание
plan-xlsx-col-precision = Точность срока
plan-xlsx-col-recurrence = Повторение
plan-xlsx-col-dates = Отдельные даты
plan-xlsx-col-audience = Для кого
plan-xlsx-col-kind = Вид мероприятия
plan-xlsx-col-responsible = Ответственный
plan-xlsx-col-venue = Место
plan-xlsx-col-goal = Цель
plan-xlsx-col-result = Результат
plan-xlsx-col-when = Срок, как в плане
plan-xlsx-col-warning = Предупреждение
plan-xlsx-precision-day = день
plan-xlsx-precision-days = несколько дней
plan-xlsx-precision-dates = отдельные даты
plan-xlsx-precision-month = месяц
plan-xlsx-precision-months = несколько месяцев
plan-xlsx-precision-quarter = квартал
plan-xlsx-precision-year = год
plan-xlsx-precision-academic_year = учебный год
plan-xlsx-precision-recurring = повторяется
plan-xlsx-precision-ongoing = постоянно
plan-xlsx-precision-on_request = по запросу
plan-xlsx-precision-unknown = срок уточняется
plan-xlsx-recurrence-weekly = еженедельно
plan-xlsx-recurrence-monthly = ежемесячно
plan-xlsx-recurrence-quarterly = ежеквартально
plan-xlsx-recurrence-yearly = ежегодно
plan-xlsx-recurrence-n-per-year = { $n ->
    [one] { $n } раз в год
    [few] { $n } раза в год
   *[other] { $n } раз в год
}
plan-xlsx-audience-parents = родители
plan-xlsx-audience-teachers = педагоги
plan-xlsx-audience-children = дети
plan-xlsx-audience-specialists = специалисты
plan-xlsx-audience-all = все
plan-xlsx-audience-unknown = не указано
plan-xlsx-kind-seminar = семинар
plan-xlsx-kind-club = клуб
plan-xlsx-kind-master_class = мастер-класс
plan-xlsx-kind-conference = конференция
plan-xlsx-kind-competition = конкурс
plan-xlsx-kind-festival = фестиваль
plan-xlsx-kind-consultation = консультация
plan-xlsx-kind-meeting = встреча, совещание
plan-xlsx-kind-training = обучение
plan-xlsx-kind-survey = опрос
plan-xlsx-kind-monitoring = мониторинг
plan-xlsx-kind-other = другое

## Координатор: список импортированных планов

btn-plans = Планы 📚
btn-plans-archived = Показать архив планов
btn-plans-current = К текущим планам
btn-plan-items = Пункты плана
btn-plan-archive = В архив
btn-plan-restore = Вернуть из архива
btn-plan-delete = Удалить план
btn-plan-delete-yes = Да, удалить план
btn-plan-delete-no = Нет, не удалять
btn-back-plans = К списку планов
btn-back-plan = К плану
btn-plan-open-saved = Открыть план

plans-title = <b>📚 Импортированные планы</b>
plans-archived-title = <b>📚 Архив планов</b>
plans-empty = Планов пока нет. Чтобы добавить план, нажмите «Импорт плана» и пришлите файл.
plans-archived-empty = В архиве планов нет.
plans-row =
    Период: { $period } · { $org }
    Записей в расписании: { $entries } (строк в файле: { $rows }, пропущено: { $skipped })
    Загрузил: { $who }, { $when }
plans-period-unknown = период не указан
plans-whole-network = вся сеть
plans-by-system = командная строка
plans-card-title = <b>📚 { $title }</b>
plans-card-file = Файл: { $name }
plans-card-period = Период: { $period }
plans-card-org = Организация: { $org }
plans-card-imported = Загрузил: { $who }, { $when }
plans-card-rows = Строк в файле: { $rows }, пропущено: { $skipped }, предупреждений: { $warnings }.
plans-card-entries = Записей в расписании: { $total } (действуют: { $published }, отменены: { $cancelled }).
plans-card-archived = 🗄 План в архиве: его нет в списке планов, мероприятия остаются в расписании и истории.
plans-items-title = <b>Пункты плана «{ $title }»</b>
plans-item = • { $title } — { $when }
plans-items-empty = В плане нет пунктов.
plans-delete-ask =
    Удалить план «{ $title }»?
    Мероприятия плана, которые ещё не прошли, будут отменены, и записавшиеся на них получат сообщение об отмене. Прошедшие останутся в истории.
plans-deleted = План «{ $title }» удалён. Отменено мероприятий: { $cancelled }.
plans-toast-archived = План в архиве
plans-toast-restored = План снова в списке
plans-toast-deleted = План удалён
plan-not-found = Не нашли такой план: возможно, его уже удалили.
