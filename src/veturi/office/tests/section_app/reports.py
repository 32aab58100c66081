"""A stand-in app that reports to the monthly office report, as the hypotheses app will."""


def monthly_rows(first_day, last_day):
    return [("Hypothesis H1: ash replaces 20 % of cement", f"validated between {first_day} and {last_day}")]
