"""Money, hours, shares and financial years, written once (coqi.core.formatting) and used as template filters."""

from datetime import date
from decimal import Decimal

from django.template import engines

from coqi.core.formatting import (
    financial_year,
    financial_year_bounds,
    financial_year_label,
    hours_text,
    percent,
    pounds,
    pounds_plain,
)


def test_money_is_exact_pounds_and_pence():
    assert pounds(1250) == "£12.50" and pounds(123456) == "£1,234.56" and pounds(0) == "£0.00"
    assert pounds_plain(123456) == "1234.56"


def test_hours_drop_trailing_zeros():
    assert hours_text(Decimal("2.50")) == "2.5" and hours_text(Decimal("2.00")) == "2"
    assert hours_text(Decimal("0.25")) == "0.25" and hours_text(Decimal("1200")) == "1200" and hours_text(None) == "0"


def test_percent_rounds_and_says_when_there_is_nothing_to_divide():
    assert percent(0.456) == "46%" and percent(0) == "0%" and percent(1) == "100%" and percent(None) == "–"


def test_the_nhs_financial_year_starts_on_1_april():
    assert financial_year(date(2026, 3, 31)) == 2025 and financial_year(date(2026, 4, 1)) == 2026
    assert financial_year_label(2025) == "2025/26" and financial_year_label(2099) == "2099/00"
    assert financial_year_bounds(2025) == (date(2025, 4, 1), date(2026, 3, 31))


def test_they_are_filters_in_every_template():
    template = engines["jinja2"].from_string(
        "{{ 1250 | pounds }} {{ 1250 | pounds_plain }} {{ hours | hours_text }} {{ 0.5 | percent }} "
        "{{ none | percent }} {{ 2025 | financial_year_label }}"
    )
    assert template.render({"hours": Decimal("1.50")}) == "£12.50 12.50 1.5 50% – 2025/26"
