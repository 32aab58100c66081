"""The authorisation matrix, written once: what each role may read and change, page by page.

- MATRIX: every named page (status code per role), walked by tests/test_access_matrix.py;
- API_MATRIX: every API endpoint and method, walked by tests/test_api_matrix.py;
- RECORDS: what each role may read and change of each kind of record (exports and reports included);
- CLI_COMMANDS: who runs each `veturi` command and what it reads or changes.

docs/authorisation.md is generated from this module (`python -m veturi.accounts.authorisation >
docs/authorisation.md`); a test fails when the two disagree, and when a page, an endpoint or a command
has no row here.
"""

ROLES = ["anonymous", "office", "expert", "company", "outsider", "viewer"]

ROLE_NAMES = {
    "anonymous": "public (not signed in)",
    "office": "project office",
    "expert": "expert",
    "company": "company representative, on their own organisation (Alpha)",
    "outsider": "company representative, on another organisation (Beta's speaker looking at Alpha)",
    "viewer": "municipality / partner viewer",
}

# What each role gets from each page of the Alpha company (the `company` user's own organisation).
# 200 = shown, 403 = refused, 302 = sent to the login page.
MATRIX = {
    "dashboard": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
    "map": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
    "map-data": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
    "organisation-list": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
    "organisation-detail": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
    "organisation-edit": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 403, "viewer": 403},
    "stream-add": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 403, "viewer": 403},
    "stream-edit": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 403, "viewer": 403},
    # The project office's own work (veturi.engagement, veturi.office): office and experts only; the plan is read by all.
    "pipeline-board": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "pipeline-list": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "organisation-stage": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "interaction-list": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "interaction-add": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "interaction-detail": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "attachment-add": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "follow-up-add": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "attachment-download": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "stakeholder-map": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "stakeholder-edit": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "meeting-list": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "meeting-add": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "meeting-detail": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "meeting-edit": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "meeting-minutes": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "meeting-minutes-pdf": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "action-list": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "task-add": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "task-edit": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "milestone-add": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "milestone-edit": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "report-monthly": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "report-monthly-pdf": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "organisation-report": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "organisation-report-pdf": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "interaction-edit": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "action-item-status": {"anonymous": 302, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 405},
    "follow-up-toggle": {"anonymous": 302, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 405},
    "plan": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
    # Import and export (veturi.transfer): companies import their own streams; viewers only export.
    "transfer-import": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 403},
    "transfer-import-commit": {"anonymous": 302, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 403},
    "transfer-templates": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 403},
    "transfer-export": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
    # Synergies (veturi.synergies): the office and experts only until the companies' double opt-in view.
    "synergy-proposals": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "synergy-proposal": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "synergy-organisation": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "synergy-stream": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "synergy-attract": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "synergy-chains": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "synergy-rules": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "synergy-rule": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "synergy-rule-add": {"anonymous": 302, "office": 200, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
    "synergy-runs": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "synergy-proposal-decide": {"anonymous": 302, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 405},
    "synergy-run-now": {"anonymous": 302, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 405},
    # Double opt-in (synergies/consent_views.py): a company representative's own proposals; answers are POSTed.
    "consent-proposals": {"anonymous": 302, "office": 403, "expert": 403, "company": 200, "outsider": 200, "viewer": 403},
    "consent-proposal-answer": {"anonymous": 302, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 405},
    # Audit log (veturi.audit): the project office only; read only.
    "audit-log": {"anonymous": 302, "office": 200, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
    "audit-export-csv": {"anonymous": 302, "office": 200, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
    "audit-export-json": {"anonymous": 302, "office": 200, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
    # Value networks (veturi.valuenets): office and experts; viewers see network summaries only; companies 403 for now.
    "valuenet-list": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 200},
    "valuenet-detail": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 200},
    "valuenet-edit": {"anonymous": 302, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 405},
    "valuenet-recompute": {"anonymous": 302, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 405},
    "valuenet-gaps": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "locomotive-ranking": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "locomotive-criteria": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "hypothesis-board": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "hypothesis-add": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "hypothesis-edit": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    # Plug and play (veturi.plugplay): the office and experts; a company keeps its own plot requirement; the zone page is public.
    "allocation": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "allocation-run": {"anonymous": 302, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    "allocation-data": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "allocation-what-if": {"anonymous": 302, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    "plot-requirement": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 403, "viewer": 403},
    "offer": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "offer-pdf": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "offer-xlsx": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "contract-list": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "contract-add": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "contract-detail": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "contract-move": {"anonymous": 302, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    "contract-document": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "document-template-list": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "document-template-add": {"anonymous": 302, "office": 200, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
    "document-template-edit": {"anonymous": 302, "office": 200, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
    "zone-public": {"anonymous": 200, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
    "zone-public-data": {"anonymous": 200, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
    # Roadmap (veturi.roadmap): office and experts plan and solve; viewers read the plan and aggregated figures; monitoring
    # entries by the office, experts and each exchange's companies (their own, after both said yes); plan vs actual for all.
    "roadmap-list": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 200},
    "roadmap-add": {"anonymous": 302, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 405},
    "roadmap-detail": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 200},
    "roadmap-edit": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "roadmap-solve": {"anonymous": 302, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 405},
    "roadmap-build": {"anonymous": 302, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 405},
    "roadmap-activity-add": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "roadmap-activity-edit": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "roadmap-resource-add": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "roadmap-resource-edit": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "network-priorities": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "monitoring": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 403},
    "monitoring-entry-edit": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 403},
    "plan-actual": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
    # Pilots and test beds (veturi.pilots): everyone signed in lists them (viewers only the public ones); hosts edit their own.
    "pilot-list": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
    "pilot-add": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 403},
    "pilot-detail": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
    "pilot-edit": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 403, "viewer": 403},
    # Scenarios and KPIs (veturi.scenarios): office and experts build and simulate; viewers see aggregated KPIs only.
    "scenario-list": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 200},
    "scenario-detail": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 200},
    "scenario-compare": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 200},
    "scenario-add": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "scenario-edit": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "scenario-simulate": {"anonymous": 302, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 405},
    "kpi-framework": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 200},
    # Jobs (veturi.jobs): long work launched by staff; the office sees every job, an expert those they launched (an expert's job here).
    "job-list": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "job-detail": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "job-progress": {"anonymous": 302, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
    "job-cancel": {"anonymous": 302, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 405},
}

# Status codes of the API per endpoint (named URL in the `api` namespace) and method, on the objects of
# tests/test_api_matrix.py (Alpha's own records where they exist, Alpha's confidential stream).
# 200/201 = done, 202 = accepted (a job was queued), 400 = allowed but the empty body was refused, 401 = no credentials, 403 = refused,
# 404 = not visible to this role, 405 = the method does not exist there.
API_MATRIX = {
    # Jobs (veturi.jobs): launching endpoints answer 202 with the job's URL; staff follow their jobs (the office all).
    "job-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "job-detail": {
        "GET": {"anonymous": 401, "office": 404, "expert": 404, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "kpi-framework-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 200},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "monitoring-entry-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 403},
        "POST": {"anonymous": 401, "office": 400, "expert": 400, "company": 400, "outsider": 400, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 403},
    },
    "roadmap-activity-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 400, "expert": 400, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "roadmap-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 200},
        "POST": {"anonymous": 401, "office": 400, "expert": 400, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "roadmap-resource-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 400, "expert": 400, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "roadmap-result-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 200},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "scenario-assumption-detail": {
        "GET": {"anonymous": 401, "office": 404, "expert": 404, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 404, "expert": 404, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 404, "expert": 404, "company": 403, "outsider": 403, "viewer": 403},
    },
    "scenario-assumption-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 400, "expert": 400, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "scenario-detail": {
        "GET": {"anonymous": 401, "office": 404, "expert": 404, "company": 403, "outsider": 403, "viewer": 404},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 404, "expert": 404, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 404, "expert": 404, "company": 403, "outsider": 403, "viewer": 403},
    },
    "scenario-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 200},
        "POST": {"anonymous": 401, "office": 400, "expert": 400, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "scenario-simulate": {
        "GET": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 405},
        "POST": {"anonymous": 401, "office": 404, "expert": 404, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "action-item-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "action-item-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 400, "expert": 400, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "allocation-placement-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "allocation-placement-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "allocation-run-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "allocation-run-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "audit-entry-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
    },
    "audit-entry-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
    },
    "contract-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "contract-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 400, "expert": 400, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "contract-move": {
        "GET": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 400, "expert": 400, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "document-template-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 204, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
    },
    "document-template-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 400, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
    },
    "follow-up-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "follow-up-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 400, "expert": 400, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "hypothesis-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 204, "expert": 204, "company": 403, "outsider": 403, "viewer": 403},
    },
    "hypothesis-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 400, "expert": 400, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "infrastructure-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "infrastructure-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
        "POST": {"anonymous": 401, "office": 400, "expert": 400, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "interaction-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "interaction-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 400, "expert": 400, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "locomotive-candidate-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 204, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
    },
    "locomotive-candidate-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 400, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
    },
    "locomotive-criterion-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 204, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
    },
    "locomotive-criterion-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 400, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
    },
    "locomotive-criterion-score-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 204, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
    },
    "locomotive-criterion-score-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 400, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
    },
    "locomotive-ranking-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "locomotive-ranking-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "meeting-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "meeting-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 201, "expert": 201, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "milestone-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "milestone-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
        "POST": {"anonymous": 401, "office": 400, "expert": 400, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "my-proposal-answer": {
        "GET": {"anonymous": 401, "office": 403, "expert": 403, "company": 405, "outsider": 405, "viewer": 403},
        "POST": {"anonymous": 401, "office": 403, "expert": 403, "company": 400, "outsider": 400, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 403, "expert": 403, "company": 405, "outsider": 405, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 403, "expert": 403, "company": 405, "outsider": 405, "viewer": 403},
    },
    "my-proposal-detail": {
        "GET": {"anonymous": 401, "office": 403, "expert": 403, "company": 200, "outsider": 200, "viewer": 403},
        "POST": {"anonymous": 401, "office": 403, "expert": 403, "company": 405, "outsider": 405, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 403, "expert": 403, "company": 405, "outsider": 405, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 403, "expert": 403, "company": 405, "outsider": 405, "viewer": 403},
    },
    "my-proposal-list": {
        "GET": {"anonymous": 401, "office": 403, "expert": 403, "company": 200, "outsider": 200, "viewer": 403},
        "POST": {"anonymous": 401, "office": 403, "expert": 403, "company": 405, "outsider": 405, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 403, "expert": 403, "company": 405, "outsider": 405, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 403, "expert": 403, "company": 405, "outsider": 405, "viewer": 403},
    },
    "offer-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "organisation-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 403},
    },
    "organisation-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
        "POST": {"anonymous": 401, "office": 400, "expert": 400, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 403},
    },
    "phase-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "phase-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "plot-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "plot-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
        "POST": {"anonymous": 401, "office": 400, "expert": 400, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "plot-requirement-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 404, "viewer": 404},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 405},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 404, "viewer": 404},
        "DELETE": {"anonymous": 401, "office": 204, "expert": 204, "company": 204, "outsider": 404, "viewer": 404},
    },
    "plot-requirement-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
        "POST": {"anonymous": 401, "office": 400, "expert": 400, "company": 400, "outsider": 400, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 405},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 405},
    },
    "site-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 403},
    },
    "site-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
        "POST": {"anonymous": 401, "office": 400, "expert": 400, "company": 400, "outsider": 400, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 403},
    },
    "stage-change-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "stage-change-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 400, "expert": 400, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "stakeholder-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "stakeholder-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 400, "expert": 400, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "stream-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 404, "viewer": 404},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 404, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 204, "expert": 204, "company": 204, "outsider": 404, "viewer": 403},
    },
    "stream-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
        "POST": {"anonymous": 401, "office": 400, "expert": 400, "company": 400, "outsider": 400, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 403},
    },
    "synergy-attract-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
    },
    "synergy-attract-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
    },
    "synergy-proposal-decide": {
        "GET": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 400, "expert": 400, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "synergy-proposal-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "synergy-proposal-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "synergy-rule-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 400, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
    },
    "synergy-rule-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 400, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
    },
    "synergy-run-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
    },
    "synergy-run-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
    },
    "task-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "task-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
        "POST": {"anonymous": 401, "office": 400, "expert": 400, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "transfer-export-file": {
        "GET": {"anonymous": 401, "office": 400, "expert": 400, "company": 400, "outsider": 400, "viewer": 400},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 405},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 405},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 405},
    },
    "transfer-import-file": {
        "GET": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 405},
        "POST": {"anonymous": 401, "office": 415, "expert": 415, "company": 415, "outsider": 415, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 405},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 405},
    },
    "value-network-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 200},
        "POST": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
    },
    "value-network-gap-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
    },
    "value-network-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 200},
        "POST": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 403, "company": 403, "outsider": 403, "viewer": 403},
    },
    "zone-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "zone-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
        "POST": {"anonymous": 401, "office": 400, "expert": 400, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "monitoring-entry-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 204, "expert": 204, "company": 204, "outsider": 204, "viewer": 403},
    },
    "pilot-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 204, "expert": 204, "company": 204, "outsider": 403, "viewer": 403},
    },
    "pilot-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
        "POST": {"anonymous": 401, "office": 400, "expert": 400, "company": 400, "outsider": 400, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 403},
    },
    "roadmap-activity-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 204, "expert": 204, "company": 403, "outsider": 403, "viewer": 403},
    },
    "roadmap-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 200},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 204, "expert": 204, "company": 403, "outsider": 403, "viewer": 403},
    },
    "roadmap-resource-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 204, "expert": 204, "company": 403, "outsider": 403, "viewer": 403},
    },
    "roadmap-result-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 200},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    # Roadmap (veturi.roadmap): staff write and solve; viewers read roadmaps and results; monitoring entries by staff and
    # each exchange's companies (after both said yes). Pilots (veturi.pilots): visible ones read by all, written by staff and the host.
    "roadmap-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 200},
        "POST": {"anonymous": 401, "office": 400, "expert": 400, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "roadmap-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 200},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 204, "expert": 204, "company": 403, "outsider": 403, "viewer": 403},
    },
    "roadmap-solve": {
        "GET": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 405},
        "POST": {"anonymous": 401, "office": 202, "expert": 202, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "roadmap-activity-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 400, "expert": 400, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "roadmap-activity-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 204, "expert": 204, "company": 403, "outsider": 403, "viewer": 403},
    },
    "roadmap-resource-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 400, "expert": 400, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "roadmap-resource-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 204, "expert": 204, "company": 403, "outsider": 403, "viewer": 403},
    },
    "roadmap-result-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 200},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "roadmap-result-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 403, "outsider": 403, "viewer": 200},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 403, "outsider": 403, "viewer": 403},
    },
    "monitoring-entry-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 403},
        "POST": {"anonymous": 401, "office": 400, "expert": 400, "company": 400, "outsider": 400, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 403},
    },
    "monitoring-entry-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 403},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 204, "expert": 204, "company": 204, "outsider": 204, "viewer": 403},
    },
    "pilot-list": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
        "POST": {"anonymous": 401, "office": 400, "expert": 400, "company": 400, "outsider": 400, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 403},
    },
    "pilot-detail": {
        "GET": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
        "POST": {"anonymous": 401, "office": 405, "expert": 405, "company": 405, "outsider": 405, "viewer": 403},
        "PATCH": {"anonymous": 401, "office": 200, "expert": 200, "company": 200, "outsider": 403, "viewer": 403},
        "DELETE": {"anonymous": 401, "office": 204, "expert": 204, "company": 204, "outsider": 403, "viewer": 403},
    },
}

# Values of the test park that only some roles may see: marker -> roles that must never meet it in a
# page or API response (tests assert it on every page and endpoint).
CONFIDENTIAL_MARKERS = {
    "Alpha secret fly ash": {"anonymous", "outsider", "viewer"},
    "12345": {"anonymous", "outsider", "viewer"},
    "Beta secret gypsum demand": {"anonymous", "company", "viewer"},
    "34567": {"anonymous", "company", "viewer"},
    "Beta partner-only heat": {"anonymous", "company", "viewer"},
}

# What each role may read (R) and change (W) of each kind of record, in every way it is reached:
# pages, API, exports and reports. "own" = their own organisation's; "-" = nothing.
RECORDS = {
    "jobs (long work: matching, allocation, roadmap solving, simulation, value networks)": {
        "anonymous": "-", "office": "R all; W launch, cancel", "expert": "R own; W launch, cancel own", "company": "-", "outsider": "-", "viewer": "-",
    },
    "organisation names, kinds, NACE classes, site locations": {
        "anonymous": "-", "office": "RW", "expert": "RW", "company": "R; W own", "outsider": "R; W own", "viewer": "R",
    },
    "stream figures, confidentiality `office`": {
        "anonymous": "-", "office": "RW", "expert": "RW", "company": "RW own", "outsider": "RW own", "viewer": "-",
    },
    "stream figures, confidentiality `partners`": {
        "anonymous": "-", "office": "RW", "expert": "RW", "company": "RW own; R of matched partners after both consent",
        "outsider": "RW own; R of matched partners after both consent", "viewer": "-",
    },
    "stream figures, confidentiality `public`": {
        "anonymous": "- (the zone's public page shows only what a company published)", "office": "RW", "expert": "RW",
        "company": "R; W own", "outsider": "R; W own", "viewer": "R",
    },
    "contacts (people) of an organisation": {
        "anonymous": "-", "office": "RW", "expert": "RW", "company": "R own (exports)", "outsider": "R own (exports)", "viewer": "-",
    },
    "engagement: interactions, notes, attachments, follow-ups, stakeholder map, stages": {
        "anonymous": "-", "office": "RW", "expert": "RW", "company": "-", "outsider": "-", "viewer": "-",
    },
    "office: meetings, minutes, action items, plan tasks and milestones": {
        "anonymous": "-", "office": "RW", "expert": "RW", "company": "R plan only", "outsider": "R plan only", "viewer": "R plan only",
    },
    "synergy proposals, runs, chains, attract suggestions": {
        "anonymous": "-", "office": "RW (decide, run)", "expert": "RW (decide, run)",
        "company": "R of proposals involving them, other party anonymous until both consent", "outsider": "as company", "viewer": "-",
    },
    "synergy rules": {"anonymous": "-", "office": "RW", "expert": "R", "company": "-", "outsider": "-", "viewer": "-"},
    "value networks and gaps": {
        "anonymous": "-", "office": "RW", "expert": "RW", "company": "-", "outsider": "-",
        "viewer": "R summaries; figures only of networks with at least three members",
    },
    "locomotive candidates, criteria, rankings, hypotheses": {
        "anonymous": "-", "office": "RW", "expert": "RW", "company": "-", "outsider": "-", "viewer": "-",
    },
    "allocation runs, offers, contracts": {"anonymous": "-", "office": "RW", "expert": "RW", "company": "-", "outsider": "-", "viewer": "-"},
    "plot requirement": {"anonymous": "-", "office": "RW", "expert": "RW", "company": "RW own", "outsider": "RW own", "viewer": "-"},
    "document templates": {"anonymous": "-", "office": "RW", "expert": "R", "company": "-", "outsider": "-", "viewer": "-"},
    "zones, plots, infrastructure": {"anonymous": "R public zone page", "office": "RW", "expert": "RW", "company": "R", "outsider": "R", "viewer": "R"},
    "import (transfer)": {"anonymous": "-", "office": "W all", "expert": "W all", "company": "W own", "outsider": "W own", "viewer": "-"},
    "export (transfer: XLSX, CSV, GeoJSON, package)": {
        "anonymous": "-", "office": "R all", "expert": "R all", "company": "R what they may read above",
        "outsider": "R what they may read above", "viewer": "R what they may read above",
    },
    "reports (monthly, organisation; PDF)": {"anonymous": "-", "office": "R", "expert": "R", "company": "-", "outsider": "-", "viewer": "-"},
    "roadmaps, activities, resources, solve results": {
        "anonymous": "-", "office": "RW (solve)", "expert": "RW (solve)", "company": "-", "outsider": "-",
        "viewer": "R the plan and yearly totals; no activity's own figures",
    },
    "value-network priorities (MCDA)": {"anonymous": "-", "office": "R", "expert": "R", "company": "-", "outsider": "-", "viewer": "-"},
    "monitoring entries (realised exchanges)": {
        "anonymous": "-", "office": "RW", "expert": "RW", "company": "RW own exchanges once both companies said yes",
        "outsider": "RW own exchanges once both companies said yes",
        "viewer": "R plan vs actual aggregated per network (figures only of networks with at least three members) and per KPI",
    },
    "pilots and test beds": {
        "anonymous": "R public zone page: pilots the host agreed to show, summary only", "office": "RW", "expert": "RW",
        "company": "RW hosted; R taking part (results, KPIs); R public", "outsider": "as company",
        "viewer": "R public ones, summary only",
    },
    "scenarios, assumptions, simulation results": {
        "anonymous": "-", "office": "RW (simulate)", "expert": "RW (simulate)", "company": "-", "outsider": "-",
        "viewer": "R simulated KPIs per year; no assumption or activity",
    },
    "KPI framework (IFEIP) table, park figures": {
        "anonymous": "-", "office": "R; W park figures", "expert": "R", "company": "-", "outsider": "-",
        "viewer": "R; exchange figures only when at least three companies take part",
    },
}

# The command line runs on the server with the database's credentials: whoever runs it is the operator
# (the office's administrator), and sees everything unless the command narrows it to a user.
CLI_COMMANDS = {
    "migrate": "operator: changes the database schema",
    "serve": "operator: serves the app; every request then goes through the page and API rules above",
    "demo": "operator: loads the demo park and its users (never on a production database)",
    "token": "operator: prints a user's API token (the token carries that user's role)",
    "import": "operator: writes all records of the file or none; no user's limits apply",
    "export": "operator: reads everything, or with --as-user USERNAME only what that user may read",
    "match": "operator: reads all streams, writes a matching run and its proposals",
    "allocate": "operator: reads plots and requirements, writes an allocation run",
    "offer": "operator: reads one company's offer (all its figures)",
    "backup": "operator: reads the whole database and uploaded files",
    "restore": "operator: writes the whole database (only into an empty one)",
    "manage": "operator: any Django management command (e.g. check --deploy, createsuperuser)",
    "networks": "operator: reads the value networks with all figures",
    "locomotives": "operator: ranks the locomotive candidates and stores the ranking",
    "roadmap": "operator: reads a roadmap's latest plan, or with --solve solves it and stores the result",
    "scenario": "operator: simulates stored roadmap scenarios and stores the results",
    "worker": "operator: runs the queued jobs (each as the user who launched it; the audit log names that user)",
    "report monthly": "operator: the monthly report PDF (office reading)",
    "report organisation": "operator: one organisation's report PDF (office reading)",
}


def _role_header(first: str) -> list[str]:
    """The header of a markdown table with one column per role after ``first`` (cells split by " | ")."""
    return [f"| {first} | " + " | ".join(ROLES) + " |", "|---" * (first.count(" | ") + 1) + "|" + "---|" * len(ROLES)]


def _role_row(first: str, row) -> str:
    return f"| {first} | " + " | ".join(str(row[role]) for role in ROLES) + " |"


def render_markdown() -> str:
    """docs/authorisation.md, from the tables above."""
    lines = [
        "# Authorisation: who may read and change what",
        "",
        "Generated from `src/veturi/accounts/authorisation.py` by",
        "`python -m veturi.accounts.authorisation > docs/authorisation.md`; do not edit by hand",
        "(`tests/test_authorisation_doc_matrix.py` fails when this file and the code disagree).",
        "",
        "## Roles",
        "",
        "| role | who |",
        "|---|---|",
        *(f"| {role} | {ROLE_NAMES[role]} |" for role in ROLES),
        "",
        "## Records: read (R) and change (W), by pages, API, exports and reports",
        "",
        *_role_header("record"),
        *(_role_row(record, rights) for record, rights in RECORDS.items()),
        "",
        "## Pages (HTTP status of a GET on Alpha's objects)",
        "",
        "200 shown, 302 sent to log in, 403 refused, 405 a form action that only takes POST.",
        "",
        *_role_header("page (URL name)"),
        *(_role_row(f"`{name}`", row) for name, row in sorted(MATRIX.items())),
        "",
        "## API endpoints (HTTP status per method)",
        "",
        "Token or session authentication. 200/201/204 done, 202 a job queued, 400 allowed but the (empty) request body refused,",
        "401 no credentials, 403 refused, 404 not visible to this role, 405 no such method.",
        "",
        *_role_header("endpoint (URL name) | method"),
        *(
            _role_row(f"`{name}` | {method}", row)
            for name, methods in sorted(API_MATRIX.items())
            for method, row in methods.items()
        ),
        "",
        "## Command line",
        "",
        "| command | who and what |",
        "|---|---|",
        *(f"| `veturi {command}` | {rule} |" for command, rule in CLI_COMMANDS.items()),
        "",
        "## Confidential values the tests look for",
        "",
        "Every page and API response of the test park is searched for these values; the roles listed",
        "must never meet them.",
        "",
        "| value | never shown to |",
        "|---|---|",
        *(f"| {marker} | {', '.join(sorted(roles))} |" for marker, roles in CONFIDENTIAL_MARKERS.items()),
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(render_markdown(), end="")
