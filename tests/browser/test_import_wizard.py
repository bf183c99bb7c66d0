"""The import wizard in a real browser, with what Chinese Excel writes: a GB18030 CSV
without a BOM, Chinese headers and metric names, a bad row among good ones."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_workflow import sign_in

pytestmark = pytest.mark.browser
CSV = (
    "日期,指标,数值,渠道\n"
    "2026-03-01,内容浏览量,1２0,哔哩哔哩\n"
    '2026-03-02,内容浏览量,"1,5",抖音\n'
    "2026-03-03,不存在的指标,7,抖音\n"
)


def test_a_chinese_csv_goes_through_the_wizard_and_is_undone(
    page: Page, base_url: str, tmp_path: Path
) -> None:
    file = tmp_path / "数据.csv"
    file.write_bytes(CSV.encode("gb18030"))
    sign_in(page, base_url)
    page.goto(f"{base_url}/w/demo-zh/imports")

    page.select_option("#import-kind", "datapoints")
    page.set_input_files("#import-file", str(file))
    page.click("form[enctype] button[type=submit]")

    expect(page.locator("#import-preview")).to_contain_text("哔哩哔哩")
    expect(page.locator("main")).to_contain_text("gb18030")
    expect(page.locator("#map-metric")).to_have_value("指标")
    page.select_option("#map-value", "数值")  # the dropdowns map columns to fields
    page.click("#mapping-form button[type=submit]")

    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("不存在的指标")
    expect(errors.locator("tbody tr")).to_have_count(1)
    page.click("form[action$='/commit'] button")

    expect(page.locator("#import-result")).to_contain_text("2")
    page.click("form[action$='/undo'] button")
    expect(page.locator("#import-result h2")).to_be_visible()
    expect(page.locator("form[action$='/undo']")).to_have_count(0)
