"""The translator for a person's reading settings: plain language with a fallback, screen-reader mode without
pictograms, and values every message may use."""

from bot.settings import load_settings
from services.core.i18n import Translator

NONE = {"operator": "none", "contact": "none"}


def test_plain_language_picks_the_easy_version_and_falls_back_to_the_usual_text():
    translator = Translator(variables=NONE)
    usual, plain = translator.bind("ru"), translator.bind("ru", plain=True)
    assert translator.has_plain("ru", "reg-done-waiting") and not translator.has_plain("ru", "btn-schedule")
    assert usual("reg-done-waiting", position=2).startswith(
        "⏳ Свободных мест нет — вы в листе ожидания, 2-й"
    )
    assert plain("reg-done-waiting", position=2).split("\n") == [
        "⏳ Свободных мест нет.",
        "Мы записали вас в очередь.",
        "Ваш номер в очереди: 2.",
        "Если место освободится, мы сразу напишем вам.",
    ]
    # No easy version: the usual text, in the person's language.
    assert plain("btn-schedule") == usual("btn-schedule") == "Расписание 📅"
    assert translator.bind("en", plain=True)("reg-you-confirmed") == "✅ You are signed up."
    assert plain("no-such-message") == "no-such-message"


def test_screen_reader_mode_drops_our_pictograms_but_keeps_what_people_typed():
    translator = Translator(variables=NONE)
    reader = translator.bind("ru", screen_reader=True)
    assert reader("btn-schedule") == "Расписание"
    assert reader("reg-you-confirmed") == "Вы записаны."
    where = "\n" + reader("event-where", where="Актовый зал")
    text = reader("notify-event-24h", Left="Завтра", title="Ёлка 🎄", when="5 декабря", where=where)
    assert text == "<b>Завтра:</b> Ёлка 🎄\nКогда: 5 декабря\nГде: Актовый зал"
    # With numbers only the result is kept, apart from the usual text's.
    assert reader("reg-seats-left", left=3) == "Свободно мест: 3"
    assert translator.bind("ru")("reg-seats-left", left=3) == "🟢 Свободно мест: 3"
    assert reader("reg-seats-left", left=3) == "Свободно мест: 3"
    both = translator.bind("ru", plain=True, screen_reader=True)
    assert both("reg-you-waiting", position=4) == "Вы в очереди.\nВаш номер в очереди: 4."
    assert (
        both.shown("☑️ Психолог") == "Психолог" and translator.bind("ru").shown("☑️ Психолог") == "☑️ Психолог"
    )


def test_an_unknown_language_binds_the_default_with_its_settings():
    t = Translator(variables=NONE).bind("de", plain=True, screen_reader=True)
    assert (t.locale, t.plain, t.screen_reader) == ("ru", True, True)
    assert t("reg-done-confirmed") == "Готово! Вы записаны."


def test_values_for_every_message_and_the_call_own_values_win():
    translator = Translator(variables={"operator": "ЦППМСП «Радуга»", "contact": "vmeste@example.org"})
    consent = translator.bind("ru")("consent-text")
    assert "<b>Кто хранит данные:</b> ЦППМСП «Радуга». Связаться: vmeste@example.org." in consent
    assert "ID в Telegram (это не номер телефона)" in consent and "номер в Telegram" not in consent
    assert "Кто хранит данные:</b> ДДТ." in translator.bind("ru")(
        "consent-text", operator="ДДТ", contact="none"
    )
    unset = Translator(variables=NONE).bind("en")("consent-text")
    assert (
        "<b>Who keeps the data:</b> the Vmeste inclusive-education network.\n" in unset
        and "Contact" not in unset
    )


def test_a_message_may_take_a_value_called_key():
    """The coordinator's questionnaire card passes `key=`: the message id is positional only."""
    t = Translator().bind("ru")
    card = t(
        "survey-admin-card",
        title="Т",
        key="teacher-needs",
        version=2,
        count=9,
        anonymous="да",
        audience="все",
    )
    assert "Код: <code>teacher-needs</code>, версия 2" in card
    assert "teacher-needs" in Translator().bind("ru", screen_reader=True)(
        "survey-admin-card", key="teacher-needs"
    )


def test_operator_settings_become_escaped_values():
    assert load_settings(_env_file=None).text_variables == NONE
    settings = load_settings(
        _env_file=None, operator_name=" ГБУ «Центр» <Невский> ", operator_contact="a&b@example.org"
    )
    assert settings.text_variables == {
        "operator": "ГБУ «Центр» &lt;Невский&gt;",
        "contact": "a&amp;b@example.org",
    }
