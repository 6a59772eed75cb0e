"""Whatever LiveVox sends, the models give a model or a ValidationError and the client a model
or a LiveVoxError: never another exception."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from inbox_tui.livevox import models
from inbox_tui.livevox.client import LiveVoxClient, RetryPolicy
from inbox_tui.livevox.errors import LiveVoxError

from .scripted import ACCESS_TOKEN, CALLS, PASSWORD, load_seed_examples

SEED_BODIES = [
    example["response_body"]
    for example in load_seed_examples().values()
    if example["response_body"] is not None
]

MODELS = sorted(
    (
        value
        for value in vars(models).values()
        if isinstance(value, type)
        and issubclass(value, models.LVModel)
        and value is not models.LVModel
    ),
    key=lambda model: model.__name__,
)


def wire_names(model: type[BaseModel]) -> set[str]:
    """Every key the model reads, including the alternative spellings it accepts."""
    names: set[str] = set()
    for name, field in model.model_fields.items():
        names.add(field.alias or name)
        choices = getattr(field.validation_alias, "choices", [field.validation_alias])
        names.update(choice for choice in choices if isinstance(choice, str))
    return names


KEYS = sorted(set().union(*(wire_names(model) for model in MODELS)))

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["", " ", "1", "2", "-1", "true", "1666263753000", "2022-10-20T04:16"])
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=6)
    ),
    max_leaves=30,
)


@st.composite
def mutated(draw: st.DrawFn, value: Any) -> Any:
    """``value`` with keys dropped, values of other types and items dropped or repeated."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            action = draw(st.sampled_from(["keep", "drop", "mutate", "replace"]))
            if action == "keep":
                out[key] = item
            elif action == "mutate":
                out[key] = draw(mutated(item))
            elif action == "replace":
                out[key] = draw(SCALARS | st.lists(SCALARS, max_size=2))
        return out
    if isinstance(value, list):
        items = [draw(mutated(item)) for item in value if draw(st.booleans())]
        return items + items[: draw(st.integers(0, 1))]
    return draw(st.sampled_from([value, None]) | SCALARS)


MUTATED_EXAMPLES = st.sampled_from(SEED_BODIES).flatmap(mutated)


def check_model(model: type[BaseModel], data: Any) -> None:
    try:
        parsed = model.model_validate(data)
    except ValidationError:
        return
    assert isinstance(parsed, model)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
@settings(max_examples=30, deadline=None)
@given(data=JSON)
def test_random_json_gives_a_model_or_a_validation_error(model, data) -> None:
    check_model(model, data)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
@settings(max_examples=25, deadline=None)
@given(data=MUTATED_EXAMPLES)
def test_mutated_examples_give_a_model_or_a_validation_error(model, data) -> None:
    check_model(model, data)
    if isinstance(data, list):
        for item in data:
            check_model(model, item)


BODIES = (
    JSON.map(lambda value: json.dumps(value).encode())
    | MUTATED_EXAMPLES.map(lambda value: json.dumps(value).encode())
    | st.binary(max_size=40)
)
STATUSES = st.sampled_from([200, 200, 200, 201, 202, 204, 400, 401, 404, 405, 409, 429, 503])


async def no_wait(seconds: float) -> None:
    return None


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(CALLS)), status=STATUSES, body=BODIES)
async def test_client_gives_a_model_or_a_livevox_error(name: str, status: int, body: bytes) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/login"):
            return httpx.Response(200, json={"sessionId": "s", "userId": 7})
        return httpx.Response(status, content=body)

    client = LiveVoxClient(
        "https://lv.test",
        access_token=ACCESS_TOKEN,
        client_code="ACME",
        user_name="kavya",
        password=PASSWORD,
        transport=httpx.MockTransport(answer),
        retry=RetryPolicy(sleep=no_wait),
    )
    async with client:
        try:
            result = await CALLS[name](client)
        except LiveVoxError:
            return
    assert result is None or isinstance(result, BaseModel | list)
