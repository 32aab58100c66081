from django.urls import path

from veturi.synergies import consent_views, views

urlpatterns = [
    path("", views.proposal_list, name="synergy-proposals"),
    path("proposals/<int:pk>/", views.proposal_detail, name="synergy-proposal"),
    path("proposals/<int:pk>/decide/", views.proposal_decide, name="synergy-proposal-decide"),
    path("organisations/<int:pk>/", views.organisation_proposals, name="synergy-organisation"),
    path("streams/<int:pk>/", views.stream_proposals, name="synergy-stream"),
    path("attract/", views.attract_list, name="synergy-attract"),
    path("chains/", views.chain_list, name="synergy-chains"),
    path("rules/", views.rule_list, name="synergy-rules"),
    path("rules/add/", views.rule_add, name="synergy-rule-add"),
    path("rules/<int:pk>/", views.rule_detail, name="synergy-rule"),
    path("runs/", views.run_list, name="synergy-runs"),
    path("runs/now/", views.run_now, name="synergy-run-now"),
    path("mine/", consent_views.my_proposals, name="consent-proposals"),
    path("mine/<int:pk>/answer/", consent_views.my_proposal_answer, name="consent-proposal-answer"),
]
