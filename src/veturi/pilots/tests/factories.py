"""Pilots on the tiny test park: Alpha's public pilot with Beta as partner, and Beta's private one."""

import datetime

from veturi.pilots.models import Pilot, PilotKpi


def pilot_objects(park) -> dict:
    public = Pilot.objects.filter(external_id="test-public-pilot").first()
    if public is None:
        public = Pilot.objects.create(
            name="Ash carbonation pilot", technology="CO2 mineralisation of fly ash", host=park["alpha"], plot=park["plot"],
            start_date=datetime.date(2025, 3, 1), trl_before=4, trl_after=6, status="completed",
            results="Alpha confidential pilot yield 87 %", public_consent=True,
            public_summary="Alpha tests binding CO2 into ash for building products.", external_id="test-public-pilot",
        )
        public.partners.set([park["beta"]])
        PilotKpi.objects.create(pilot=public, kpi="co2_t", change=-120, note="measured over 6 months")
    private = Pilot.objects.filter(external_id="test-private-pilot").first()
    if private is None:
        private = Pilot.objects.create(
            name="Beta secret kiln pilot", technology="Electric kiln", host=park["beta"], start_date=datetime.date(2026, 1, 1),
            trl_before=3, external_id="test-private-pilot",
        )
    return {"public": public, "private": private}
