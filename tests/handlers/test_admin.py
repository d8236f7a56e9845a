"""The administrator's registry of organizations and the staff screen, and the permission rules behind them."""

import io
from datetime import timedelta

import openpyxl
from aiogram.methods import DeleteMyCommands, SendDocument, SetMyCommands
from sqlalchemy import select

from db.models import Event, Invite, Organization, User
from handlers.admin.callbacks import AdminAct, AdminCb, StaffAct, StaffCb
from handlers.events.callbacks import EventAdminAct, EventAdminCb
from services.people.users import InviteService
from tests.conftest import ADMIN_ID
from tests.factories import make_event, make_org, make_user
from tests.handlers.test_coordinator import become_coordinator
from tests.handlers.test_onboarding import onboard


async def admin_client(make_client, session):
    await make_user(session, ADMIN_ID, "admin")
    client = make_client(ADMIN_ID)
    await client.send("/menu")
    return client


async def org_named(session_factory, short_name):
    async with session_factory() as s:
        return await s.scalar(select(Organization).where(Organization.short_name == short_name))


def all_button_counts(recording, chat_id):
    return [
        sum(len(row) for row in m.reply_markup.inline_keyboard)
        for m in recording.screens(chat_id)
        if m.reply_markup is not None
    ]


async def test_admin_adds_edits_archives_and_restores_an_organization(
    make_client, session, session_factory, recording
):
    other = await make_org(session, "Школа № 34", "base")
    event = await make_event(session, "Семинар в школе", organization_id=other.id)
    admin = await admin_client(make_client, session)
    await admin.click("Администрирование")
    await admin.click("Организации сети")
    assert "Реестр организаций" in admin.text and "Школа № 34" in admin.text
    await admin.click("Добавить организацию")
    await admin.send("ЦППМСП №1")
    await admin.send("Центр психолого-педагогической помощи №1")
    await admin.click("Ресурсная площадка")
    assert "Организация добавлена" in admin.text
    await admin.click("Изменить адрес")
    assert "Напишите новое значение: Адрес" in admin.text
    await admin.send("ул. Ленина, 1")
    assert "Сохранено" in admin.text and "ул. Ленина, 1" in admin.text
    created = await org_named(session_factory, "ЦППМСП №1")
    assert (created.name, created.network_role, created.address) == (
        "Центр психолого-педагогической помощи №1",
        "resource",
        "ул. Ленина, 1",
    )
    await admin.click("Изменить роль в сети")
    await admin.click("Пилотная площадка")
    assert (await org_named(session_factory, "ЦППМСП №1")).network_role == "pilot"

    # the short name of another organization is refused, the form stays
    await admin.click("Изменить краткое название")
    await admin.send("школа № 34")
    assert "уже занято" in admin.text
    await admin.send("ЦППМСП № 1")
    assert "Сохранено" in admin.text

    # archive the school: it leaves the lists and pickers, its event stays
    await admin.click("Назад")
    await admin.click("Школа № 34")
    await admin.click("Убрать в архив")
    assert "Организация в архиве" in admin.text
    assert (await org_named(session_factory, "Школа № 34")).archived is True
    parent = make_client(1001)
    await onboard(parent)
    await parent.send("/menu")
    await parent.click("Организации")
    assert "Школа № 34" not in parent.text and "ЦППМСП № 1" in parent.text
    await parent.send("/menu")
    await parent.click("Настройки")
    await parent.click("Организация")
    assert [label for label, _ in parent.buttons if "Школа" in label] == []
    async with session_factory() as s:
        assert (await s.get(Event, event.id)).organization_id == other.id
    await admin.click("Вернуть из архива")
    assert (await org_named(session_factory, "Школа № 34")).archived is False
    await admin.click("Назад")
    assert "Реестр организаций" in admin.text
    await admin.click("Назад")
    assert "Администрирование" in admin.text
    await admin.click("В главное меню")


async def test_the_registry_pages_through_150_organizations(make_client, session, recording):
    for number in range(150):
        session.add(
            Organization(short_name=f"Школа {number:03}", name=f"Школа {number:03}", network_role="base")
        )
    await session.commit()
    admin = await admin_client(make_client, session)
    await admin.press(AdminCb(act=AdminAct.ORGS).pack())
    assert "Страница 1 из 15" in admin.text
    schools = [label for label, _ in admin.buttons if label.startswith("Школа")]
    assert schools == [f"Школа {n:03}" for n in range(10)]
    await admin.click("Дальше")
    assert "Страница 2 из 15" in admin.text and "Школа 010" in admin.text
    await admin.press(AdminCb(act=AdminAct.ORGS, p=99).pack())  # a page past the end shows the last one
    assert "Страница 15 из 15" in admin.text and "Школа 149" in admin.text
    # the staff's organization picker pages too
    await admin.press(StaffCb(act=StaffAct.NEW_ORGS, v="coordinator").pack())
    assert "Страница 1 из 15" in admin.text
    assert max(all_button_counts(recording, ADMIN_ID)) <= 100


async def test_a_coordinator_edits_only_their_own_organizations_card(
    make_client, session, session_factory, recording
):
    own = await make_org(session, "Школа № 34", "base")
    other = await make_org(session, "ДДТ", "partner")
    coordinator = make_client(3001)
    await become_coordinator(coordinator, session, own.id)
    await coordinator.send("/menu")
    assert "Администрирование" not in [label for label, _ in coordinator.buttons]
    await coordinator.click("Организации")
    await coordinator.click("ДДТ")
    assert "Изменить карточку организации" not in [label for label, _ in coordinator.buttons]
    await coordinator.click("К списку организаций")
    await coordinator.click("Школа № 34")
    await coordinator.click("Изменить карточку организации")
    assert "Убрать в архив" not in [label for label, _ in coordinator.buttons]
    await coordinator.click("Изменить контакты")
    await coordinator.send("+7 000 111-22-33")
    assert "Сохранено" in coordinator.text
    await coordinator.click("Назад")
    assert "Школа № 34" in coordinator.text  # back on the organization's own card

    # forged buttons: another organization's card, the registry, archiving, the staff
    await coordinator.press(AdminCb(act=AdminAct.EDIT, id=other.id, f="address").pack())
    await coordinator.press(AdminCb(act=AdminAct.ORGS).pack())
    await coordinator.press(AdminCb(act=AdminAct.ARCHIVE, id=own.id).pack())
    await coordinator.press(StaffCb(act=StaffAct.LIST).pack())
    alerts = recording.alerts()
    assert "Вы можете менять только мероприятия своей организации." in alerts
    assert alerts.count("Это доступно только администратору сети.") == 3
    async with session_factory() as s:
        assert (await s.get(Organization, own.id)).contacts == "+7 000 111-22-33"
        assert (await s.get(Organization, own.id)).archived is False
        assert (await s.get(Organization, other.id)).address is None


async def test_a_parent_cannot_use_the_registry(make_client, session, session_factory, recording):
    org = await make_org(session, "Школа № 34", "base")
    parent = make_client(1001)
    await onboard(parent)
    await parent.press(AdminCb(act=AdminAct.ARCHIVE, id=org.id).pack())
    await parent.press(AdminCb(act=AdminAct.ROLE, id=org.id, f="pilot").pack())
    assert recording.alerts() == ["Это меню устарело. Вот свежее:"] * 2
    async with session_factory() as s:
        saved = await s.get(Organization, org.id)
        assert (saved.archived, saved.network_role) == (False, "base")


REGISTRY_CSV = (
    "Краткое название;Полное название;Роль в сети;Адрес;Контакты;Что предлагает;Доступность\n"
    "ЦППМСП №1;Центр помощи №1;ресурсная;ул. Ленина, 1;+7 000;Консультации;Пандус\n"
    "Школа 5;;базовая;;;;\n"
    "ДДТ;Дом детского творчества;непонятно;;;;\n"
    "Школа 34;Средняя школа № 34;Базовая площадка;ул. Мира, 2;;;\n"
    "школа 34;Повтор;пилотная;;;;\n"
)


async def test_registry_import_previews_errors_per_row_and_updates_by_short_name(
    make_client, session, session_factory, recording
):
    await make_org(session, "Школа 34", "pilot", name="Школа № 34 (старое название)")
    admin = await admin_client(make_client, session)
    await admin.press(AdminCb(act=AdminAct.ORGS).pack())
    await admin.click("Скачать шаблон")
    sent = recording.of_type(SendDocument)[-1]
    book = openpyxl.load_workbook(io.BytesIO(sent.document.data))
    header = [cell.value for cell in book.worksheets[0][1]]
    assert header[:3] == ["Краткое название", "Полное название", "Роль в сети"]

    await admin.click("Загрузить реестр из файла")
    await admin.send("просто текст")
    assert "Пришлите файл реестра" in admin.text
    await admin.send_document("реестр.csv", content=REGISTRY_CSV.encode("cp1251"))
    preview = admin.text
    assert "Пока ничего не сохранено" in preview
    assert "Новых организаций: 1. Изменится: 1. Без изменений: 0. Строк с ошибками: 3." in preview
    assert "Строка 3: нет полного названия" in preview
    assert "Строка 4: непонятная роль в сети «непонятно»" in preview
    assert "Строка 6: краткое название «школа 34» уже было выше в файле" in preview
    async with session_factory() as s:
        assert len((await s.scalars(select(Organization))).all()) == 1
    await admin.click("Сохранить")
    assert "Реестр сохранён. Добавлено: 1. Изменено: 1." in admin.text
    async with session_factory() as s:
        orgs = {o.short_name: o for o in (await s.scalars(select(Organization))).all()}
    assert set(orgs) == {"ЦППМСП №1", "Школа 34"}
    assert (orgs["Школа 34"].name, orgs["Школа 34"].network_role) == ("Средняя школа № 34", "base")
    assert (orgs["ЦППМСП №1"].network_role, orgs["ЦППМСП №1"].accessibility) == ("resource", "Пандус")

    # the same file again changes nothing and adds nothing; the old preview's «save» is outdated
    old_save = admin.screen
    await admin.click("К реестру")
    await admin.click("Загрузить реестр из файла")
    await admin.send_document("реестр2.csv", content=REGISTRY_CSV.encode("utf-8"))
    assert "Новых организаций: 0. Изменится: 0. Без изменений: 2." in admin.text
    assert "Сохранить" not in [label for label, _ in admin.buttons]
    await admin.press(AdminCb(act=AdminAct.SAVE, f="deadbeef").pack(), old_save)
    async with session_factory() as s:
        assert len((await s.scalars(select(Organization))).all()) == 2


async def test_a_wrong_registry_file_is_refused_politely(make_client, session):
    admin = await admin_client(make_client, session)
    await admin.press(AdminCb(act=AdminAct.IMPORT).pack())
    await admin.send_document("картинка.png", content=b"\x89PNG\r\n\x1a\n" + b"0" * 50)
    assert "Не получилось прочитать файл" in admin.text
    await admin.send_document("пусто.csv", content=b"a;b\n1;2\n")
    assert "нет строки заголовков" in admin.text
    await admin.send_document("битый.xlsx", content=b"PK\x03\x04 not really a zip")
    assert "Не получилось прочитать файл" in admin.text
    await admin.click("Назад")
    assert "Реестр организаций" in admin.text


async def test_staff_screen_changes_role_and_organization_and_revokes(
    make_client, session, session_factory, recording
):
    own = await make_org(session, "Школа № 34", "base")
    other = await make_org(session, "ДДТ", "partner")
    coordinator = make_client(3001)
    await become_coordinator(coordinator, session, own.id)
    await coordinator.send("/menu")
    coordinator_menu = coordinator.screen

    admin = await admin_client(make_client, session)
    await admin.click("Администрирование")
    await admin.click("Сотрудники")
    assert "3001" in admin.text and "Школа № 34" in admin.text and str(ADMIN_ID) in admin.text
    await admin.click("Координатор 3001")
    await admin.click("Изменить организацию")
    await admin.click("ДДТ")
    assert "Организация: ДДТ" in admin.text
    async with session_factory() as s:
        assert (await s.get(User, 3001)).organization_id == other.id
    await admin.click("Сделать администратором")
    assert "Роль: администратор" in admin.text
    await admin.click("Сделать координатором")
    await admin.click("Отозвать доступ")
    assert "Меню координатора перестанут работать сразу" in admin.text
    await admin.click("Да, отозвать доступ")
    assert "Доступ отозван" in admin.text
    async with session_factory() as s:
        assert (await s.get(User, 3001)).role is None

    # the coordinator's menu, still open, is refused politely at the next press
    await coordinator.press(EventAdminCb(act=EventAdminAct.NEW).pack(), coordinator_menu)
    assert coordinator.text == "Это меню устарело. Вот свежее:"
    assert "Новое мероприятие" not in [label for label, _ in coordinator.buttons]
    assert await coordinator.dp.storage.get_state(key=_key(coordinator)) is None
    await coordinator.send("/menu")
    assert "Новое мероприятие" not in [label for label, _ in coordinator.buttons]

    # the admin cannot take their own role away here
    await admin.press(StaffCb(act=StaffAct.REVOKE_YES, id=ADMIN_ID).pack())
    assert "Свою роль здесь изменить нельзя: попросите другого администратора." in recording.alerts()
    async with session_factory() as s:
        assert (await s.get(User, ADMIN_ID)).role == "admin"


def _key(client):
    from aiogram.fsm.storage.base import StorageKey

    return StorageKey(bot_id=client.bot.id, chat_id=client.id, user_id=client.id)


async def test_a_revoked_coordinators_service_calls_are_refused(
    make_client, session, session_factory, recording
):
    """The role is checked in the service on every action: a revoked coordinator's open event form is refused at
    the next answer, with no event written."""
    org = await make_org(session, "Школа № 34", "base")
    coordinator = make_client(3001)
    await become_coordinator(coordinator, session, org.id)
    await coordinator.send("/menu")
    await coordinator.click("Новое мероприятие")
    assert "Как называется мероприятие" in coordinator.text
    admin = await admin_client(make_client, session)
    await admin.press(StaffCb(act=StaffAct.REVOKE_YES, id=3001).pack())
    await coordinator.send("Семинар для родителей")
    async with session_factory() as s:
        assert (await s.scalars(select(Event))).all() == []
    assert coordinator.text == "Пожалуйста, выберите действие кнопкой ниже."
    assert "Новое мероприятие" not in [label for label, _ in coordinator.buttons]


async def test_invites_are_made_listed_and_withdrawn_in_the_bot(make_client, session, session_factory):
    org = await make_org(session, "Школа № 34", "base")
    old = await InviteService(session).create("coordinator", org.id, timedelta(days=3))
    admin = await admin_client(make_client, session)
    await admin.click("Администрирование")
    await admin.click("Приглашения")
    assert old.code in admin.text and "координатор, Школа № 34" in admin.text
    await admin.click("Новое приглашение")
    await admin.click("Координатора")
    await admin.click("Школа № 34")
    assert "https://t.me/vmeste_test_bot?start=inv_" in admin.text
    link_code = admin.text.split("start=inv_")[1].split()[0]
    async with session_factory() as s:
        made = await s.get(Invite, link_code)
        assert (made.role, made.organization_id, made.used_at) == ("coordinator", org.id, None)
    await admin.click("Приглашения")
    await admin.click(f"Отозвать приглашение {old.code}")
    assert old.code not in admin.text and link_code in admin.text
    async with session_factory() as s:
        assert await s.get(Invite, old.code) is None
    # the withdrawn link no longer works
    newcomer = make_client(4001)
    await newcomer.send(f"/start inv_{old.code}")
    await newcomer.click("Даю согласие")
    assert any("Ссылка-приглашение не найдена" in t for t in newcomer.texts())


def _staff_menus(recording, chat_id):
    """The command menus set for one chat, in order: its commands, or None when they were removed."""
    found = []
    for request in recording.requests:
        scope = getattr(request, "scope", None)
        if (
            isinstance(request, SetMyCommands | DeleteMyCommands)
            and getattr(scope, "chat_id", None) == chat_id
        ):
            found.append(
                [c.command for c in request.commands] if isinstance(request, SetMyCommands) else None
            )
    return found


async def test_staff_commands_come_with_the_role_and_go_with_it(make_client, session, recording):
    org = await make_org(session, "Школа № 34", "base")
    coordinator = make_client(3011)
    await become_coordinator(coordinator, session, org.id)  # the invite is accepted
    menus = _staff_menus(recording, 3011)
    assert menus and all("new_event" in m and "broadcast" in m and "menu" in m for m in menus)
    assert all(c.language_code is None for c in recording.of_type(SetMyCommands) if c.scope is not None)

    admin = await admin_client(make_client, session)
    await admin.press(StaffCb(act=StaffAct.ROLE, id=3011, v="admin").pack())
    assert "Роль: администратор" in admin.text
    assert len(_staff_menus(recording, 3011)) == len(menus) + 1
    await admin.press(StaffCb(act=StaffAct.REVOKE_YES, id=3011).pack())
    assert "Доступ отозван" in admin.text
    assert _staff_menus(recording, 3011)[-1] is None  # their chat's menu is the public one again
    assert _staff_menus(recording, 3012) == []


async def test_a_failed_staff_commands_call_does_not_spoil_the_revoke(
    make_client, session, session_factory, recording
):
    coordinator = make_client(3021)
    await become_coordinator(coordinator, session)
    admin = await admin_client(make_client, session)
    recording.refused.add("DeleteMyCommands")
    await admin.press(StaffCb(act=StaffAct.REVOKE_YES, id=3021).pack())
    assert "Доступ отозван" in admin.text
    async with session_factory() as s:
        assert (await s.get(User, 3021)).role is None


async def test_a_coordinator_who_deletes_their_data_loses_the_staff_commands(make_client, session, recording):
    coordinator = make_client(3031)
    await become_coordinator(coordinator, session)
    await coordinator.send("/forget")
    await coordinator.click("Да, удалить")
    assert "все ваши данные удалены" in coordinator.text
    assert _staff_menus(recording, 3031)[-1] is None

    parent = make_client(3032)
    await onboard(parent)
    await parent.send("/forget")
    await parent.click("Да, удалить")
    assert _staff_menus(recording, 3032) == []  # a parent had none to remove
