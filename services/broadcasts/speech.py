"""A voice version of an announcement, made on this machine: eSpeak NG speaks the text (WAV), opusenc turns it into
OGG/Opus, the format Telegram plays as a voice message. Both come from the system's packages (Debian: `espeak-ng`,
`opus-tools`); nothing goes over the network. Where either is missing, `available()` says so and the option is not
offered.

The programs run as child processes in a worker thread, so the event loop keeps serving people meanwhile; the
text goes in on standard input, never on a command line."""

from __future__ import annotations

import asyncio
import functools
import html
import re
import shutil
import struct
import subprocess
from dataclasses import dataclass

from services.core.a11y import strip_pictograms

ESPEAK = "espeak-ng"
OPUSENC = "opusenc"
# eSpeak NG's voice for each of our languages.
VOICES = {"ru": "ru", "en": "en"}
WORDS_PER_MINUTE = (
    145  # a little slower than eSpeak's 175: easier to follow, also for people learning Russian
)
BITRATE_KBPS = 24  # speech at 24 kbit/s is clear and about 3 KB a second
MAX_CHARS = 4096  # an announcement's text limit; about five minutes of speech
TIMEOUT_SECONDS = 120.0
OPUS_RATE = 48_000  # Ogg Opus granule positions count 48 kHz samples whatever the input rate

_TAGS = re.compile(r"<[^>]+>")
_LINKS = re.compile(r"(?:https?://|www\.)\S+|t\.me/\S+")


class SpeechUnavailable(RuntimeError):
    """The synthesizer or the encoder is not installed, or has no voice for the language."""


class SpeechFailed(RuntimeError):
    """A program ran but gave no usable sound (an error, a timeout, empty output)."""


@dataclass(frozen=True)
class Voice:
    ogg: bytes  # OGG/Opus, ready for sendVoice
    seconds: int  # whole seconds, rounded up (sendVoice's `duration`)


@functools.cache
def available(locale: str = "ru") -> bool:
    """Whether a voice version can be made in this language here: both programs on PATH and eSpeak NG knows the
    voice. Asked once per process (`available.cache_clear()` asks again)."""
    if locale not in VOICES or shutil.which(ESPEAK) is None or shutil.which(OPUSENC) is None:
        return False
    try:
        listing = subprocess.run(
            [ESPEAK, f"--voices={VOICES[locale]}"], capture_output=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    # A header line, then one line per voice for the language (none when eSpeak NG's data lacks it).
    return listing.returncode == 0 and len(listing.stdout.decode("utf-8", "replace").strip().splitlines()) > 1


def speech_text(text: str) -> str:
    """What is read aloud from an announcement: no markup, no pictograms, no web addresses (a string of letters
    read one by one helps nobody; the text message beside the voice has them)."""
    plain = html.unescape(_TAGS.sub(" ", text))
    plain = _LINKS.sub(" ", strip_pictograms(plain))
    lines = (" ".join(line.split()) for line in plain.splitlines())
    return "\n".join(line for line in lines if line)[:MAX_CHARS]


def ogg_seconds(ogg: bytes) -> float:
    """The length of an Ogg Opus stream: the last page's granule position less the pre-skip, at 48 kHz."""
    last = ogg.rfind(b"OggS")
    head = ogg.find(b"OpusHead")
    if last < 0 or head < 0 or len(ogg) < last + 14 or len(ogg) < head + 12:
        raise SpeechFailed("not an Ogg Opus stream")
    (granule,) = struct.unpack_from("<q", ogg, last + 6)
    (pre_skip,) = struct.unpack_from("<H", ogg, head + 10)
    return max(granule - pre_skip, 0) / OPUS_RATE


def synthesize_sync(text: str, locale: str = "ru", timeout: float = TIMEOUT_SECONDS) -> Voice:
    """The voice version of `text` (blocking: call `synthesize` from async code)."""
    if not available(locale):
        raise SpeechUnavailable(f"{ESPEAK} with the {locale!r} voice and {OPUSENC} are needed")
    spoken = speech_text(text)
    if not spoken:
        raise SpeechFailed("nothing to read aloud")
    try:
        wav = subprocess.run(
            [ESPEAK, "-v", VOICES[locale], "-s", str(WORDS_PER_MINUTE), "--stdin", "--stdout"],
            input=spoken.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
        if wav.returncode != 0 or not wav.stdout.startswith(b"RIFF"):
            raise SpeechFailed(f"{ESPEAK} exited with {wav.returncode}")
        ogg = subprocess.run(
            [OPUSENC, "--quiet", "--speech", "--bitrate", str(BITRATE_KBPS), "-", "-"],
            input=wav.stdout,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise SpeechFailed(f"{error.cmd[0]} took longer than {timeout:.0f} s") from error
    except OSError as error:
        raise SpeechUnavailable(str(error)) from error
    if ogg.returncode != 0 or not ogg.stdout.startswith(b"OggS"):
        raise SpeechFailed(f"{OPUSENC} exited with {ogg.returncode}")
    seconds = ogg_seconds(ogg.stdout)
    return Voice(ogg=ogg.stdout, seconds=max(1, int(-(-seconds // 1))))


async def synthesize(text: str, locale: str = "ru", timeout: float = TIMEOUT_SECONDS) -> Voice:
    """The voice version of `text`, made in a worker thread so the bot keeps answering meanwhile."""
    return await asyncio.to_thread(synthesize_sync, text, locale, timeout)
