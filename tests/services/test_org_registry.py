"""The organizations registry in the services: who may change what, archiving, reading a registry file."""

import io
from datetime import timedelta

import openpyxl
import pytest
from sqlalchemy import select

from db.models import Organization
from services.core.errors import NotFound, PermissionDenied, ValidationFailed
from services.core.i18n import Translator
from services.people.org_registry import (
    RegistryFileError,
    RegistryImportService,
    header_aliases,
    read_table,
    template_xlsx,
)
from services.people.organizations import OrganizationService
from services.people.staff import StaffService
from tests.factories import make_org, make_user


@pytest.fixture
def aliases():
    translator = Translator()
    return header_aliases(translator.bind(locale) for locale in translator.locales)


async def test_archived_organizations_leave_the_lists_but_not_the_registry(session):
    admin = await make_user(session, 1, "admin")
    school = await make_org(session, "Школа 1", "base")
    await make_org(session, "ДДТ", "partner")
    service = OrganizationService(session)
    await service.set_archived(admin, school.id, True)
    assert [o.short_name for o in await service.all()] == ["ДДТ"]
    assert [g.role for g in await service.grouped()] == ["partner"]
    page, pages = await service.registry(admin, 0, 10)
    assert ([o.short_name for o in page], pages) == (["ДДТ", "Школа 1"], 1)  # archived last
    assert (await service.get(school.id)).archived is True  # its card and events still open


async def test_who_may_edit_a_card(session):
    own = await make_org(session, "Школа 1", "base")
    other = await make_org(session, "ДДТ", "partner")
    admin = await make_user(session, 1, "admin")
    bound = await make_user(session, 2, "coordinator", organization_id=own.id)
    network = await make_user(session, 3, "coordinator")
    parent = await make_user(session, 4, "parent", organization_id=own.id)
    service = OrganizationService(session)
    assert (await service.update(bound, own.id, "offers", "Консультации")).offers == "Консультации"
    with pytest.raises(PermissionDenied):
        await service.update(bound, other.id, "offers", "x")
    with pytest.raises(PermissionDenied):
        await service.update(parent, own.id, "offers", "x")
    assert (await service.update(network, other.id, "address", "ул. Мира")).address == "ул. Мира"
    for actor in (bound, network, parent):
        with pytest.raises(PermissionDenied):
            await service.set_archived(actor, own.id, True)
        with pytest.raises(PermissionDenied):
            await service.create(actor, "Новая", "Новая организация", "base")
    with pytest.raises(ValidationFailed):
        await service.update(admin, own.id, "network_role", "school")
    with pytest.raises(ValidationFailed):
        await service.update(admin, own.id, "name", "   ")
    with pytest.raises(ValidationFailed):
        await service.update(admin, own.id, "contacts", "x" * 501)
    with pytest.raises(ValidationFailed):
        await service.create(admin, "ддт", "Дубликат", "base")
    with pytest.raises(NotFound):
        await service.update(admin, 999, "name", "x")


async def test_a_revoked_coordinator_is_refused_by_the_services(session):
    own = await make_org(session, "Школа 1", "base")
    admin = await make_user(session, 1, "admin")
    coordinator = await make_user(session, 2, "coordinator", organization_id=own.id)
    await StaffService(session).revoke(admin, coordinator.id)
    with pytest.raises(PermissionDenied):
        await OrganizationService(session).update(coordinator, own.id, "offers", "x")
    with pytest.raises(NotFound):  # no longer staff
        await StaffService(session).set_role(admin, coordinator.id, "coordinator")


async def test_staff_invites_skip_archived_organizations(session):
    admin = await make_user(session, 1, "admin")
    org = await make_org(session, "Школа 1", "base", archived=True)
    with pytest.raises(NotFound):
        await StaffService(session).invite(admin, "coordinator", org.id, timedelta(days=1))
    invite = await StaffService(session).invite(admin, "admin", None, timedelta(days=1))
    assert [i.code for i in await StaffService(session).open_invites(admin)] == [invite.code]


def test_the_template_reads_back_as_one_valid_row(aliases):
    data = template_xlsx(Translator().bind("ru"))
    rows = read_table(data, "шаблон.xlsx")
    assert rows[0][:2] == ["Краткое название", "Полное название"]
    assert len(rows) == 2
    roles = openpyxl.load_workbook(io.BytesIO(data)).worksheets[1]
    assert [row[1].value for row in roles.iter_rows(min_row=2)] == [
        "resource",
        "base",
        "pilot",
        "additional",
        "partner",
    ]


async def test_an_english_csv_with_codes_and_the_archived_column(session, aliases):
    school = await make_org(session, "School 1", "base")
    csv_text = (
        "Organizations registry\n"
        "short_name,name,role,Archived\n"
        "School 1,School number one,Pilot site,yes\n"
        'Centre,"Centre, with a comma",resource,no\n'
        "Club,Club,,maybe\n"
    )
    rows = read_table(csv_text.encode(), "registry.csv")
    service = RegistryImportService(session)
    preview = await service.preview(rows, aliases)
    assert [(r.row, r.action) for r in preview.rows] == [(3, "update"), (4, "add")]
    assert [(e.row, e.key, e.value) for e in preview.errors] == [(5, "orgs-import-err-archived", "maybe")]
    await service.save(None, rows, aliases, trusted=True)
    orgs = {o.short_name: o for o in (await session.scalars(select(Organization))).all()}
    assert (orgs["School 1"].id, orgs["School 1"].network_role, orgs["School 1"].archived) == (
        school.id,
        "pilot",
        True,
    )
    assert (orgs["Centre"].name, orgs["Centre"].network_role) == ("Centre, with a comma", "resource")
    with pytest.raises(PermissionDenied):
        await service.save(None, rows, aliases)


def test_files_that_are_not_a_registry(aliases):
    with pytest.raises(RegistryFileError):
        read_table(b"%PDF-1.4", "plan.pdf")
    with pytest.raises(RegistryFileError):
        read_table(b"PK\x03\x04broken", "r.xlsx")
