"""Pagination and exact-match lookups over the API's substring filters."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pulumi_voxbind import VoximplantClient
from pulumi_voxbind.api.errors import InvalidParameterError, VoximplantError

from .apiserver import ApiServer, Recorded, Reply, ok

MakeClient = Callable[..., VoximplantClient]


def paged(
    items: list[dict[str, Any]],
    *,
    total: bool = True,
    max_count: int | None = None,
    ignore_offset: bool = False,
    ignore_count: bool = False,
) -> Callable[[Recorded], Reply]:
    """A handler that pages `items` by the request's count/offset, like the API."""

    def handle(rec: Recorded) -> Reply:
        form = rec.form
        offset = 0 if ignore_offset else int(form.get("offset", 0))
        count = len(items) if ignore_count else int(form.get("count", 20))
        if max_count is not None:
            count = min(count, max_count)
        page = items[offset : offset + count]
        body: dict[str, Any] = {"result": page, "count": len(page)}
        if total:
            body["total_count"] = len(items)
        return ok(body)

    return handle


SCENARIOS = [{"scenario_id": i, "scenario_name": f"s{i}"} for i in range(1, 46)]


def test_iterate_pages_by_offset(server: ApiServer, make_client: MakeClient) -> None:
    server.handler = paged(SCENARIOS)
    got = list(make_client().iterate("GetScenarios", page_size=20, application_id=3))
    assert got == SCENARIOS
    forms = [r.form for r in server.requests]
    assert [(f["count"], f["offset"]) for f in forms] == [("20", "0"), ("20", "20"), ("20", "40")]
    assert all(f["application_id"] == "3" for f in forms)
    assert server.requests[0].body == b"application_id=3&count=20&offset=0"


def test_iterate_when_server_caps_count(server: ApiServer, make_client: MakeClient) -> None:
    server.handler = paged(SCENARIOS, max_count=10)
    assert list(make_client().iterate("GetScenarios", page_size=100)) == SCENARIOS
    assert [r.form["offset"] for r in server.requests] == ["0", "10", "20", "30", "40"]


def test_iterate_when_server_ignores_count(server: ApiServer, make_client: MakeClient) -> None:
    server.handler = paged(SCENARIOS, ignore_count=True)
    assert list(make_client().iterate("GetScenarios", page_size=5)) == SCENARIOS
    assert len(server.requests) == 1


def test_iterate_refuses_a_server_ignoring_offset(
    server: ApiServer, make_client: MakeClient
) -> None:
    server.handler = paged(SCENARIOS, ignore_offset=True)
    with pytest.raises(VoximplantError, match="ignore 'offset'"):
        list(make_client().iterate("GetScenarios", page_size=20))
    assert len(server.requests) == 2


def test_iterate_without_total_count_stops_on_short_page(
    server: ApiServer, make_client: MakeClient
) -> None:
    server.handler = paged(SCENARIOS, total=False)
    assert list(make_client().iterate("GetScenarios", page_size=20)) == SCENARIOS
    assert len(server.requests) == 3


def test_iterate_stops_on_empty_page(server: ApiServer, make_client: MakeClient) -> None:
    server.script(
        ok({"result": [{"a": 1}], "total_count": 99}), ok({"result": [], "total_count": 99})
    )
    assert list(make_client().iterate("GetRules", page_size=1, application_id=1)) == [{"a": 1}]
    assert len(server.requests) == 2


def test_iterate_rejects_non_list_result(server: ApiServer, make_client: MakeClient) -> None:
    server.script(ok({"result": 1}))
    with pytest.raises(VoximplantError, match="'result' is not a list"):
        list(make_client().iterate("GetRules", application_id=1))


@pytest.mark.parametrize("size", [0, -1, True])
def test_iterate_page_size_validated(make_client: MakeClient, size: Any) -> None:
    with pytest.raises(ValueError, match="page_size"):
        list(make_client().iterate("GetRules", page_size=size))


APPS = [
    {"application_id": 1, "application_name": "ivr.acme.voximplant.com"},
    {"application_id": 2, "application_name": "ivr2.acme.voximplant.com"},
    {"application_id": 3, "application_name": "old-ivr.acme.voximplant.com"},
]


def _app_filter(apps: list[dict[str, Any]]) -> Callable[[Recorded], Reply]:
    """GetApplications with the API's substring name filter and id filter."""

    def handle(rec: Recorded) -> Reply:
        form = rec.form
        hits = [a for a in apps if form.get("application_name", "") in a["application_name"]]
        if "application_id" in form:
            hits = [a for a in hits if a["application_id"] == int(form["application_id"])]
        return ok({"result": hits, "total_count": len(hits)})

    return handle


@pytest.mark.parametrize(
    ("name", "app_id"),
    [
        ("ivr.acme.voximplant.com", 1),
        ("ivr", 1),
        ("ivr2", 2),
        ("old-ivr", 3),
        ("nope", None),
        ("ivr.other.voximplant.com", None),
    ],
)
def test_find_application_by_name(
    server: ApiServer, make_client: MakeClient, name: str, app_id: int | None
) -> None:
    server.handler = _app_filter(APPS)
    app = make_client().find_application(application_name=name)
    assert (app or {}).get("application_id") == app_id
    assert server.requests[0].form["application_name"] == name


def test_find_application_exact_full_name_beats_prefix(
    server: ApiServer, make_client: MakeClient
) -> None:
    apps = [*APPS, {"application_id": 9, "application_name": "ivr"}]
    server.handler = _app_filter(apps)
    assert make_client().find_application(application_name="ivr") == apps[-1]


def test_find_application_ambiguous_short_name(server: ApiServer, make_client: MakeClient) -> None:
    apps = [*APPS, {"application_id": 4, "application_name": "ivr.other.voximplant.com"}]
    server.handler = _app_filter(apps)
    with pytest.raises(InvalidParameterError, match="'ivr' is ambiguous"):
        make_client().find_application(application_name="ivr")


def test_find_application_by_id(server: ApiServer, make_client: MakeClient) -> None:
    server.handler = _app_filter(APPS)
    client = make_client()
    assert client.find_application(application_id=2) == APPS[1]
    assert client.find_application(application_id=7) is None
    assert server.requests[0].form["application_id"] == "2"


@pytest.mark.parametrize("kwargs", [{}, {"application_id": 1, "application_name": "ivr"}])
def test_find_application_needs_exactly_one(make_client: MakeClient, kwargs: Any) -> None:
    with pytest.raises(ValueError, match="exactly one"):
        make_client().find_application(**kwargs)


RULES = [
    {"rule_id": 10, "rule_name": "inbound-2", "scenarios": []},
    {"rule_id": 11, "rule_name": "inbound", "scenarios": [{"scenario_id": 3}]},
]


def test_find_rule_by_exact_name(server: ApiServer, make_client: MakeClient) -> None:
    server.script(ok({"result": RULES, "total_count": 2}))
    assert make_client().find_rule(5, rule_name="inbound") == RULES[1]
    form = server.requests[0].form
    assert form == {
        "application_id": "5",
        "with_scenarios": "true",
        "rule_name": "inbound",
        "count": "100",
        "offset": "0",
    }


def test_find_rule_missing_name(server: ApiServer, make_client: MakeClient) -> None:
    server.script(ok({"result": RULES[:1], "total_count": 1}))
    assert make_client().find_rule(5, rule_name="inbound") is None


def test_find_rule_by_id(server: ApiServer, make_client: MakeClient) -> None:
    server.script(ok({"result": RULES[1:], "total_count": 1}), ok({"result": [], "total_count": 0}))
    client = make_client()
    assert client.find_rule(5, rule_id=11, with_scenarios=False) == RULES[1]
    assert client.find_rule(5, rule_id=12) is None
    assert server.requests[0].form["rule_id"] == "11"
    assert server.requests[0].form["with_scenarios"] == "false"


def test_list_rules(server: ApiServer, make_client: MakeClient) -> None:
    server.script(ok({"result": RULES, "total_count": 2}))
    assert make_client().list_rules(5) == RULES
    assert "rule_name" not in server.requests[0].form


def test_find_rule_rejects_string_ids(make_client: MakeClient) -> None:
    with pytest.raises(TypeError, match="application_id must be a positive int"):
        make_client().find_rule("5", rule_id=1)  # type: ignore[arg-type]


def test_find_scenarios_exact_case_sensitive(server: ApiServer, make_client: MakeClient) -> None:
    items = [
        {"scenario_id": 1, "scenario_name": "greeting"},
        {"scenario_id": 2, "scenario_name": "Greeting"},
        {"scenario_id": 3, "scenario_name": "greeting-v2"},
        {"scenario_id": 4, "scenario_name": "menu"},
    ]
    server.handler = paged(items)
    found = make_client().find_scenarios(["greeting", "menu", "absent"], application_id=7)
    assert found == {"greeting": items[0], "menu": items[3]}
    assert len(server.requests) == 1
    assert "scenario_name" not in server.requests[0].form
    assert server.requests[0].form["application_id"] == "7"


def test_find_single_scenario_uses_server_filter(
    server: ApiServer, make_client: MakeClient
) -> None:
    server.script(
        ok(
            {
                "result": [
                    {"scenario_id": 3, "scenario_name": "greeting-v2"},
                    {"scenario_id": 1, "scenario_name": "greeting"},
                ],
                "total_count": 2,
            }
        )
    )
    assert make_client().find_scenarios(["greeting"]) == {
        "greeting": {"scenario_id": 1, "scenario_name": "greeting"}
    }
    assert server.requests[0].form["scenario_name"] == "greeting"


def test_find_scenarios_ambiguous(server: ApiServer, make_client: MakeClient) -> None:
    server.script(
        ok(
            {
                "result": [
                    {"scenario_id": 1, "scenario_name": "a"},
                    {"scenario_id": 2, "scenario_name": "a"},
                ],
                "total_count": 2,
            }
        )
    )
    with pytest.raises(InvalidParameterError, match="'a' is ambiguous"):
        make_client().find_scenarios(["a", "b"])


def test_find_scenarios_empty_and_bad_input(server: ApiServer, make_client: MakeClient) -> None:
    client = make_client()
    assert client.find_scenarios([]) == {}
    with pytest.raises(TypeError, match="not one string"):
        client.find_scenarios("greeting")
    assert server.requests == []


def test_list_scenarios(server: ApiServer, make_client: MakeClient) -> None:
    server.handler = paged(SCENARIOS)
    assert make_client().list_scenarios() == SCENARIOS


def test_bind_scenarios_request(server: ApiServer, make_client: MakeClient) -> None:
    server.script(ok({"result": 1}), ok({"result": 1}))
    client = make_client()
    client.bind_scenarios(45, [11, 22, 33], application_id=7)
    client.bind_scenarios(45, [22], bind=False)
    assert server.requests[0].path == "/platform_api/BindScenario"
    assert server.requests[0].body == (
        b"scenario_id=11%3B22%3B33&rule_id=45&application_id=7&bind=true"
    )
    assert server.requests[1].body == b"scenario_id=22&rule_id=45&bind=false"


def test_reorder_scenarios_request(server: ApiServer, make_client: MakeClient) -> None:
    server.script(ok({"result": 1}))
    make_client().reorder_scenarios(45, [17, 15, 20])
    assert server.requests[0].path == "/platform_api/ReorderScenarios"
    assert server.requests[0].body == b"rule_id=45&scenario_id=17%3B15%3B20"


@pytest.mark.parametrize("result", [0, True, "1", None])
def test_mutation_must_return_result_1(
    server: ApiServer, make_client: MakeClient, result: Any
) -> None:
    server.script(ok({"result": result}), ok({"result": result}))
    client = make_client()
    with pytest.raises(VoximplantError, match="expected 1"):
        client.bind_scenarios(1, [2])
    with pytest.raises(VoximplantError, match="ReorderScenarios failed: unexpected result"):
        client.reorder_scenarios(1, [2])


def test_empty_id_lists_send_nothing(server: ApiServer, make_client: MakeClient) -> None:
    client = make_client()
    client.bind_scenarios(1, [])
    client.reorder_scenarios(1, [])
    assert server.requests == []


@pytest.mark.parametrize("ids", [[1, "2"], [True], "12", [0]])
def test_bind_rejects_bad_ids(make_client: MakeClient, ids: Any) -> None:
    with pytest.raises(TypeError):
        make_client().bind_scenarios(1, ids)
