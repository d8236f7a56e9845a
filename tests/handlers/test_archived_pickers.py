"""An archived organization is in none of the pickers a person or a coordinator meets (onboarding, settings, the
broadcast audience, a survey round's audience, the staff's organization, a new invite), and an old button that
still names it is answered politely and changes nothing."""

from __future__ import annotations

from db.models import User
from handlers.admin.callbacks import StaffAct, StaffCb
from handlers.broadcast.callbacks import BroadcastAct, BroadcastCb
from handlers.surveys.callbacks import SurveyAdminAct, SurveyAdminCb
from tests.conftest import ADMIN_ID
from tests.factories import make_org, make_user
from tests.surveys.helpers import load

ARCHIVED = "Школа № 99 (закрыта)"


def labels(client) -> str:
    return " ".join(label for label, _ in client.buttons)


async def test_no_picker_offers_an_archived_organization(make_client, session, session_factory):
    gone = await make_org(session, ARCHIVED, "base", archived=True)
    await make_org(session, "ЦППМСП", "resource")
    survey = await load(session, "parent_monitoring")

    parent = make_client(9601)
    await parent.send("/start")
    await parent.click("Даю согласие")
    await parent.click("Русский")
    await parent.click("родитель")
    assert "ЦППМСП" in labels(parent) and ARCHIVED not in labels(parent)
    await parent.click("Пропустить")
    await parent.click("Обычный вид")
    await parent.send("/settings")
    await parent.click("Организация")
    assert "ЦППМСП" in labels(parent) and ARCHIVED not in labels(parent)
    await parent.press(f"st:set_org:{gone.id}")  # an old button
    assert any("в архиве" in alert for alert in parent.session.alerts())
    async with session_factory() as s:
        assert (await s.get(User, 9601)).organization_id is None

    await make_user(session, ADMIN_ID, "admin")
    coordinator = await make_user(session, 9602, "coordinator")
    admin = make_client(ADMIN_ID)
    await admin.send("/broadcast")
    await admin.send("Собрание в пятницу")
    await admin.click("Участникам организации")
    assert "ЦППМСП" in labels(admin) and ARCHIVED not in labels(admin)
    await admin.press(BroadcastCb(act=BroadcastAct.AUD, v="org", id=gone.id).pack())
    assert any("в архиве" in alert for alert in admin.session.alerts()[-1:])

    await admin.press(SurveyAdminCb(act=SurveyAdminAct.AUD, id=survey.id).pack())
    assert "ЦППМСП" in labels(admin) and ARCHIVED not in labels(admin)
    await admin.press(StaffCb(act=StaffAct.ORGS, id=coordinator.id).pack())
    assert "ЦППМСП" in labels(admin) and ARCHIVED not in labels(admin)
    await admin.press(StaffCb(act=StaffAct.NEW_ORGS, v="coordinator").pack())
    assert "ЦППМСП" in labels(admin) and ARCHIVED not in labels(admin)
