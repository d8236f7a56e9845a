"""Slow work off the event loop: a spreadsheet is built in a worker thread while the chat shows «отправляет
файл», and another person is answered meanwhile; charts go as albums of at most ten."""

from __future__ import annotations

import asyncio
import io
import threading
from concurrent.futures import ThreadPoolExecutor

from aiogram.methods import SendChatAction, SendDocument, SendMediaGroup, SendMessage, SendPhoto
from openpyxl import load_workbook

from db.models import Registration, User
from handlers.common.files import send_album
from tests.factories import make_event, make_user

PEOPLE = 400


async def test_another_person_is_answered_while_a_large_export_is_built(make_client, session, recording):
    event = await make_event(session, "Большой семинар", capacity=PEOPLE)
    await make_user(session, 7100, "admin")
    session.add_all(
        User(id=70000 + n, role="teacher", language="ru", consent_at=event.created_at) for n in range(PEOPLE)
    )
    await session.commit()
    session.add_all(
        Registration(
            event_id=event.id, user_id=70000 + n, status="confirmed", seq=n + 1, display_name=f"Гость {n}"
        )
        for n in range(PEOPLE)
    )
    await session.commit()
    admin, parent = make_client(7100), make_client(7200)
    await make_user(session, 7200)
    await admin.send("/menu")

    # The worker threads are one, and busy until the test lets go: the workbook can be built only after that, so
    # whatever is answered before it was answered while the export waited for its thread.
    loop = asyncio.get_running_loop()
    loop.set_default_executor(ThreadPoolExecutor(max_workers=1))
    gate = threading.Event()
    busy = loop.run_in_executor(None, gate.wait)
    export = asyncio.create_task(admin.press(f"ra:export:{event.id}:xlsx"))
    try:
        for _ in range(100_000):  # until the chat shows the upload (or the export is done)
            if recording.of_type(SendChatAction) or export.done():
                break
            await asyncio.sleep(0)
        assert not export.done() and not recording.of_type(
            SendDocument
        )  # built on the loop, it would be sent
        await parent.send("/menu")
        answered = recording.requests.index(recording.of_type(SendMessage)[-1])
        assert recording.of_type(SendMessage)[-1].chat_id == parent.id and not recording.of_type(SendDocument)
    finally:  # the thread is let go whatever happened, or the loop could not close
        gate.set()
        await busy
        await export

    (document,) = recording.of_type(SendDocument)
    action = recording.of_type(SendChatAction)[0]
    assert action.action == "upload_document" and action.chat_id == admin.id
    assert recording.requests.index(action) < answered < recording.requests.index(document)
    rows = load_workbook(io.BytesIO(document.document.data)).active.max_row
    assert rows >= PEOPLE + 1


async def test_charts_go_as_albums_of_ten_and_a_single_one_as_a_photo(bot, recording):
    png = b"\x89PNG\r\n\x1a\n"
    await send_album(bot, 42, [(f"{n}. Вопрос " + "х" * 2000, png) for n in range(1, 22)], "round-1-q")
    albums = recording.of_type(SendMediaGroup)
    assert [len(a.media) for a in albums] == [10, 10]
    assert albums[1].media[0].caption.startswith("11. Вопрос") and len(albums[1].media[0].caption) <= 1024
    (single,) = recording.of_type(SendPhoto)
    assert single.caption.startswith("21. Вопрос") and single.photo.filename == "round-1-q-21.png"
