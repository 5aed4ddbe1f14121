import pytest


@pytest.fixture
def indicator(province):
    """An annual indicator of Sở KH&CN: baseline 30 (2024), target ≥ 36 in 2030, valid range 0–100."""
    from giamsat.indicators.services import indicator_create

    return indicator_create(
        user=province["users"]["office"],
        code="KHCN-01",
        name="Tỷ trọng đóng góp của KH&CN vào tăng trưởng (TFP)",
        unit="%",
        baseline_value="30",
        baseline_year=2024,
        min_value=0,
        max_value=100,
        responsible=province["orgs"]["science"],
        targets=[{"year": 2030, "value": "36", "comparator": ">="}],
    )
