from django.urls import path

from veturi.plugplay import views

urlpatterns = [
    path("plug-and-play/allocation/", views.allocation, name="allocation"),
    path("plug-and-play/allocation/run/", views.allocation_run, name="allocation-run"),
    path("plug-and-play/allocation/<int:pk>/data.json", views.allocation_data, name="allocation-data"),
    path("plug-and-play/allocation/<int:pk>/what-if/", views.allocation_what_if, name="allocation-what-if"),
    path("plug-and-play/requirements/<int:pk>/", views.requirement_edit, name="plot-requirement"),
    path("plug-and-play/offers/<int:pk>/", views.offer, name="offer"),
    path("plug-and-play/offers/<int:pk>/offer.pdf", views.offer_download, {"fmt": "pdf"}, name="offer-pdf"),
    path("plug-and-play/offers/<int:pk>/offer.xlsx", views.offer_download, {"fmt": "xlsx"}, name="offer-xlsx"),
    path("plug-and-play/contracts/", views.contract_list, name="contract-list"),
    path("plug-and-play/contracts/add/", views.contract_add, name="contract-add"),
    path("plug-and-play/contracts/<int:pk>/", views.contract_detail, name="contract-detail"),
    path("plug-and-play/contracts/<int:pk>/move/", views.contract_move, name="contract-move"),
    path("plug-and-play/contracts/<int:pk>/documents/<int:template_pk>.pdf", views.contract_document, name="contract-document"),
    path("plug-and-play/templates/", views.template_list, name="document-template-list"),
    path("plug-and-play/templates/add/", views.template_edit, name="document-template-add"),
    path("plug-and-play/templates/<int:pk>/", views.template_edit, name="document-template-edit"),
    # The zone's public face, without login.
    path("zone/", views.zone_public, name="zone-public"),
    path("zone/data.json", views.zone_public_data, name="zone-public-data"),
]
