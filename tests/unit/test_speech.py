"""Voice versions of announcements, made offline with eSpeak NG and opusenc (skipped where they are missing)."""

import pytest

from services.broadcasts import speech
from services.broadcasts.speech import SpeechFailed, SpeechUnavailable, speech_text

needs_speech = pytest.mark.skipif(
    not speech.available("ru"),
    reason="espeak-ng with a Russian voice and opusenc are not installed (Debian: apt-get install espeak-ng opus-tools)",
)


def test_what_is_read_aloud_has_no_markup_pictograms_or_addresses():
    text = "<b>📣 Семинар</b> &laquo;Вместе&raquo; 5 декабря\n\n  Запись: https://example.org/form?id=1 или t.me/vmeste_bot  \n🎉"
    assert speech_text(text) == "Семинар «Вместе» 5 декабря\nЗапись: или"


def test_a_language_without_a_voice_is_not_offered():
    assert not speech.available("de")


def test_without_the_programs_the_option_is_not_offered(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    speech.available.cache_clear()
    try:
        assert not speech.available("ru")
        with pytest.raises(SpeechUnavailable):
            speech.synthesize_sync("Здравствуйте")
    finally:
        monkeypatch.undo()
        speech.available.cache_clear()


@needs_speech
async def test_a_short_russian_announcement_becomes_an_ogg_opus_voice():
    voice = await speech.synthesize("Завтра в 18:00 семинар для родителей. Приходите!")
    assert voice.ogg.startswith(b"OggS") and b"OpusHead" in voice.ogg[:200] and b"OpusTags" in voice.ogg
    assert 2 <= voice.seconds <= 15
    assert 2_000 < len(voice.ogg) < 100_000
    longer = await speech.synthesize("Завтра в 18:00 семинар для родителей. Приходите! " * 4)
    assert longer.seconds > 3 * voice.seconds


@needs_speech
def test_nothing_to_read_is_refused_not_sent_as_silence():
    with pytest.raises(SpeechFailed):
        speech.synthesize_sync("📣🎉 https://example.org")
