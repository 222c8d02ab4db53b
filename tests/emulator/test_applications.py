"""AddApplication, GetApplications, DelApplication, GetAccountInfo."""

from __future__ import annotations

import re

import pytest

from .support import Api

FULL = "{}.emulator.voximplant.com"


def test_add_application_returns_id_and_full_name(api: Api) -> None:
    body = api.ok("AddApplication", application_name="sales")
    assert body["result"] == 1
    assert isinstance(body["application_id"], int)
    assert body["application_name"] == FULL.format("sales")


def test_secure_record_storage_is_returned_and_kept(api: Api) -> None:
    assert api.ok("AddApplication", application_name="plain")["secure_record_storage"] is False
    body = api.ok("AddApplication", application_name="vault", secure_record_storage="True")
    assert body["secure_record_storage"] is True
    listed = api.ok("GetApplications", application_name="vault")["result"]
    assert [a["secure_record_storage"] for a in listed] == [True]
    assert api.error("AddApplication", application_name="x1", secure_record_storage="yes") == (
        496,
        "The 'secure_record_storage' parameter is invalid.",
    )


def test_add_application_accepts_its_own_full_name(api: Api) -> None:
    body = api.ok("AddApplication", application_name=FULL.format("billing"))
    assert body["application_name"] == FULL.format("billing")


def test_application_names_are_unique_per_account(api: Api) -> None:
    assert api.error("AddApplication", application_name="ivr") == (
        129,
        "Application name is not unique",
    )


@pytest.mark.parametrize(
    "name", ["Sales", "a", "1abc", "has_underscore", "x" * 81, "app.other.voximplant.com"]
)
def test_add_application_rejects_invalid_names(api: Api, name: str) -> None:
    assert api.error("AddApplication", application_name=name) == (107, "Invalid application name")


def test_add_application_requires_a_name(api: Api) -> None:
    assert api.error("AddApplication") == (134, "Required parameter is empty")


def test_get_applications_lists_full_names_with_totals(api: Api) -> None:
    body = api.ok("GetApplications")
    names = [a["application_name"] for a in body["result"]]
    assert names == [FULL.format("ivr"), FULL.format("other")]
    assert body["total_count"] == body["count"] == 2
    first = body["result"][0]
    assert set(first) == {"application_id", "application_name", "modified", "secure_record_storage"}


def test_get_applications_filters_by_name_part_and_id(api: Api) -> None:
    by_part = api.ok("GetApplications", application_name="IV")["result"]
    assert [a["application_name"] for a in by_part] == [FULL.format("ivr")]
    app_id = by_part[0]["application_id"]
    by_id = api.ok("GetApplications", application_id=app_id)["result"]
    assert [a["application_id"] for a in by_id] == [app_id]


def test_get_applications_pages(api: Api) -> None:
    for index in range(3):
        api.ok("AddApplication", application_name=f"page{index}")
    body = api.ok("GetApplications", count=2, offset=1)
    assert body["total_count"] == 5
    assert body["count"] == 2
    assert [a["application_name"] for a in body["result"]] == [
        FULL.format("other"),
        FULL.format("page0"),
    ]


def test_del_application_removes_its_rules_and_scenarios(api: Api) -> None:
    shared_before = api.scenario_id("shared-hello")
    assert api.ok("DelApplication", application_name="ivr") == {"result": 1}
    assert api.ok("GetApplications")["total_count"] == 1
    assert api.error("GetRules", application_name="ivr")[0] == 107
    names = [s["scenario_name"] for s in api.ok("GetScenarios")["result"]]
    assert names == ["other-main", "shared-hello"]
    assert api.scenario_id("shared-hello") == shared_before


def test_del_application_by_id_list_and_all(api: Api) -> None:
    ids = [a["application_id"] for a in api.ok("GetApplications")["result"]]
    assert api.ok("DelApplication", application_id=ids[:1])["result"] == 1
    assert api.ok("GetApplications")["total_count"] == 1
    assert api.ok("DelApplication", application_id="all")["result"] == 1
    assert api.ok("GetApplications")["total_count"] == 0


def test_del_application_unknown_is_an_error_and_changes_nothing(api: Api) -> None:
    ids = [a["application_id"] for a in api.ok("GetApplications")["result"]]
    assert api.error("DelApplication", application_id=[ids[0], 999999])[0] == 116
    assert api.error("DelApplication", application_name="nope")[0] == 107
    assert api.error("DelApplication")[0] == 134
    assert api.ok("GetApplications")["total_count"] == 2


def test_get_account_info(api: Api) -> None:
    info = api.ok("GetAccountInfo")["result"]
    assert info["account_id"] == api.credentials["account_id"]
    assert info["account_name"] == "emulator"
    assert info["account_email"] == api.credentials["account_email"]
    assert (info["active"], info["frozen"]) == (True, False)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", info["created"])


def test_get_account_info_api_address_is_this_emulator(api: Api) -> None:
    """Clients that follow it (they build ``https://`` + host + ``/platform_api``) stay here."""
    body = api.ok("GetAccountInfo")
    assert body["api_address"] == api.url.removeprefix("http://").removesuffix("/platform_api")
