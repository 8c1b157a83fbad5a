"""The operators' pages behind HTTP Basic login: each agency's obligations, submissions, files and notices."""

import hmac
from collections import Counter
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from fastapi.security import HTTPBasic, HTTPBasicCredentials

from service_layer.actions import reject_report
from service_layer.agency_pages import (
    active_agency,
    agencies_active_on,
    agency_notices,
    agency_statuses,
    agency_submissions,
    report_files,
    submission_file,
)
from service_layer.bootstrap import App
from service_layer.clock import today
from service_layer.links import check_form_token, form_token
from tracking.database import transaction
from tracking.errors import TrackingError
from tracking.models import ObligationRow, SubmissionRow
from tracking.rules.states import State
from tracking.status import status_as_of

from .rendering import Pages

_basic = HTTPBasic(realm="dondoc - can bo", auto_error=False)


def operator_router(app: App, pages: Pages) -> APIRouter:
    secret = app.settings.web_secret
    password = app.settings.web_operator_password.get_secret_value().encode()

    def operator(credentials: Annotated[HTTPBasicCredentials | None, Depends(_basic)]) -> str:
        if credentials is None or not hmac.compare_digest(credentials.password.encode(), password):
            raise HTTPException(
                status_code=401,
                detail="Cần đăng nhập bằng mật khẩu cán bộ.",
                headers={"WWW-Authenticate": 'Basic realm="dondoc - can bo", charset="UTF-8"'},
            )
        return credentials.username or "can-bo"

    router = APIRouter(prefix="/can-bo", dependencies=[Depends(operator)])

    def csrf(user: str) -> str:
        return form_token(secret, f"operator:{user}")

    @router.get("/", response_class=HTMLResponse)
    def index(request: Request, user: Annotated[str, Depends(operator)]):
        day = today()
        statuses = []
        for scoped in app.each_plan():
            with transaction(app.engine) as session:
                statuses += status_as_of(session, scoped.plan_number, day)
        counts: dict[str, Counter] = {}
        for status in statuses:
            counts.setdefault(status.agency, Counter())[status.state] += 1
        reports_root = app.settings.reports_dir
        return pages.render(
            request,
            "operator_index.html.j2",
            user=user,
            today=day,
            agencies=[(a, counts.get(a.code, Counter())) for a in agencies_active_on(app, day)],
            overdue=State.OPEN_OVERDUE,
            done=(State.DONE_ON_TIME, State.DONE_LATE),
            files=[(p.relative_to(reports_root).as_posix(), p.stat().st_size) for p in report_files(app)],
        )

    @router.get("/co-quan/{code}", response_class=HTMLResponse)
    def agency_page(request: Request, code: str, user: Annotated[str, Depends(operator)]):
        day = today()
        agency = active_agency(app, code, day)
        if agency is None:
            return pages.render(request, "message.html.j2", status_code=404, title="Không có cơ quan này",
                                lines=[f"Danh bạ không có cơ quan mã “{code}”."], links=[("/can-bo/", "Danh sách cơ quan")])  # fmt: skip
        return pages.render(
            request,
            "operator_agency.html.j2",
            user=user,
            today=day,
            agency=agency,
            statuses=agency_statuses(app, code, day),
            submissions=agency_submissions(app, code),
            notices=agency_notices(app, code),
            csrf=csrf(user),
            link=app.report_link(code, day),
            link_days=app.settings.link_days,
            error=request.query_params.get("loi"),
        )

    @router.post("/tra-lai/{submission_id}")
    async def reject(request: Request, submission_id: int, user: Annotated[str, Depends(operator)]):
        form = await request.form(max_files=0, max_fields=5)
        if not check_form_token(secret, f"operator:{user}", str(form.get("csrf", ""))):
            raise HTTPException(status_code=403, detail="Biểu mẫu không hợp lệ.")
        with transaction(app.engine) as session:
            row = session.get(SubmissionRow, submission_id)
            agency = session.get(ObligationRow, row.obligation_id).agency_code if row else None
        if agency is None:
            raise HTTPException(status_code=404, detail=f"Không có báo cáo số {submission_id}.")
        try:
            reject_report(app, submission_id, str(form.get("reason", "")), today=today(), rejected_by=f"web:{user}")
        except TrackingError as exc:
            from urllib.parse import quote

            return RedirectResponse(f"/can-bo/co-quan/{agency}?loi={quote(str(exc))}", status_code=303)
        return RedirectResponse(f"/can-bo/co-quan/{agency}", status_code=303)

    @router.get("/tep/{submission_id}")
    def download_upload(submission_id: int):
        found = submission_file(app, submission_id)
        if found is None:
            raise HTTPException(status_code=404, detail="Không có tệp.")
        path, name = found
        return FileResponse(path, filename=name)

    @router.get("/bao-cao/{name:path}")
    def download_report(name: str):
        root = app.settings.reports_dir.resolve()
        path = (root / name).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            raise HTTPException(status_code=404, detail="Không có tệp báo cáo này.")
        return FileResponse(path, filename=path.name)

    return router
