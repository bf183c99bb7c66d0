"""Every value of the API's enumerations has a label in both languages (app/vocabulary.py)."""

import pytest

from app.web.labels import ENUMS, LABELS, label


@pytest.mark.parametrize("group", sorted(ENUMS))
def test_every_value_has_a_label(group: str) -> None:
    values = {value.value for value in ENUMS[group]}

    assert set(LABELS[group]) == values


@pytest.mark.parametrize("group", sorted(ENUMS))
def test_every_label_is_translated(group: str) -> None:
    for value in ENUMS[group]:
        english, chinese = label(group, value.value, "en"), label(group, value.value, "zh-CN")
        assert english
        assert chinese != english or group == "raci_letter", (group, value)
