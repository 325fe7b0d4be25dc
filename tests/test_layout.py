"""The layout data covers the models, every language, and the enums of the store."""

from __future__ import annotations

import copy

import pytest
import yaml

from tracker import models
from tracker.ingest.flows import FLOW_COLUMNS
from tracker.ingest.parsed import FACT_TABLES
from tracker.layouts import all_layouts, get_layout, parse_layout
from tracker.models.enums import (
    AreaStatus,
    FlowArea,
    FlowType,
    FormStatus,
    NeedArea,
    ObligationStatus,
    ReportType,
    ResourceType,
)
from tracker.text import normalize

MODELS = {m.__tablename__: m for m in vars(models).values() if hasattr(m, "__tablename__")}
NOT_FROM_FILES = {"id", "report_id", "sheet", "cell"}
# Flow columns the reader fills from the table's `flow:` spec and the report, not from a cell
# (tracker/ingest/flows.py), and those only flow files fill.
FLOW_NOT_FROM_CELLS = {"side", "year_assumed", "source_row", "flow_file_id", "source"}
REPORTER_COLUMNS = {"donor": {"donor_iso3"}, "recipient": {"recipient_kind", "recipient_iso3"}}
COVER_COLUMNS = {
    "state_iso3",
    "report_type",
    "period_from",
    "period_to",
    "submitted_on",
    "organisation",
    "contact_name",
    "email",
    "telephone",
    "layout",
}


def filled_columns(layout):
    filled: dict[str, set[str]] = {}
    for sheet in layout.sheets:
        for target, constants in sheet.records.items():
            filled.setdefault(target, set()).update(constants)
        for field in sheet.fields:
            filled.setdefault(field.target, set()).update(field.columns)
            if field.cell_column:  # the value's own cell (a deadline's)
                filled[field.target].add(field.cell_column)
        for table in sheet.tables:
            for column in table.columns:
                filled.setdefault(table.target, set()).update(column.columns)
            if table.flow is not None:  # the reporting State is one party of every flow
                filled[table.target] |= REPORTER_COLUMNS[table.flow.reporter]
    return filled


@pytest.mark.parametrize("layout_id", sorted(all_layouts()))
def test_layout_covers_every_fact_column_and_the_cover(layout_id):
    layout = get_layout(layout_id)
    filled = filled_columns(layout)
    for table in FACT_TABLES:
        model_columns = {c.name for c in MODELS[table].__table__.columns} - NOT_FROM_FILES
        if table == "flows":
            model_columns -= FLOW_NOT_FROM_CELLS
            if "received" not in {t.name for s in layout.sheets for t in s.tables}:
                # ccm-a7/1 has no donor cell and no channel/description columns.
                model_columns -= {"donor_name", "channel", "description"}
        assert model_columns <= filled.get(table, set()), table
        assert filled[table] <= model_columns, f"{table}: layout names columns the model lacks"
    assert filled["report"] == COVER_COLUMNS
    assert filled["form_statuses"] == {"form", "status", "last_reported"}
    report_columns = {c.name for c in MODELS["reports"].__table__.columns}
    assert report_columns >= COVER_COLUMNS


@pytest.mark.parametrize("layout_id", sorted(all_layouts()))
def test_every_text_exists_in_every_language(layout_id):
    layout = get_layout(layout_id)
    for sheet in layout.sheets:
        assert set(sheet.names) == set(layout.languages), sheet.key
        for field in sheet.fields:
            assert set(field.texts) == set(layout.languages), field.name
        for table in sheet.tables:
            assert set(table.title) == set(layout.languages), table.name
            for column in table.columns:
                assert set(column.texts) == set(layout.languages), (table.name, column.name)
    for vocabulary in layout.vocabularies.values():
        for code, texts in vocabulary.labels.items():
            assert set(texts) == set(layout.languages), (vocabulary.name, code)


@pytest.mark.parametrize("layout_id", sorted(all_layouts()))
def test_labels_and_headers_are_unambiguous_on_each_sheet(layout_id):
    layout = get_layout(layout_id)
    for sheet in layout.sheets:
        assert len(sheet.label_lookup) == len({m for f in sheet.fields for m in f.matches()})
        for table in sheet.tables:
            # Two columns of one table never share a header text.
            seen: dict[str, str] = {}
            for column in table.columns:
                for text in column.matches():
                    assert seen.setdefault(text, column.name) == column.name, (table.name, text)


@pytest.mark.parametrize(
    ("vocabulary", "enum"),
    [
        ("report_type", ReportType),
        ("need_area", NeedArea),
        ("area_status", AreaStatus),
        ("resource_type", ResourceType),
        ("flow", FlowType),
        ("article3_status", ObligationStatus),
        ("article4_status", ObligationStatus),
    ],
)
def test_vocabulary_codes_are_the_stored_values(vocabulary, enum):
    assert set(get_layout().vocabularies[vocabulary].labels) == {m.value for m in enum}


@pytest.mark.parametrize(("vocabulary", "enum"), [("flow_area", FlowArea), ("flow_type", FlowType)])
def test_flow_vocabularies_of_ccm_a7_2_are_the_stored_values(vocabulary, enum):
    assert set(get_layout("ccm-a7/2").vocabularies[vocabulary].labels) == {m.value for m in enum}


def test_flow_columns_are_the_models():
    columns = {c.name for c in MODELS["flows"].__table__.columns}
    assert set(FLOW_COLUMNS) == columns - {"id", "report_id", "flow_file_id"}


def test_form_statuses_map_to_the_store():
    codes = set(get_layout().vocabularies["form_status"].labels)
    assert codes | {"not_provided"} == {m.value for m in FormStatus}


def test_vocabulary_aliases_are_normalised():
    statuses = get_layout().vocabularies["form_status"]
    assert statuses.code("N/A") == statuses.code("Non applicable") == "not_applicable"
    assert statuses.code("INCHANGÉ") == "unchanged"
    assert statuses.code("whatever") is None


def test_a_new_language_is_a_data_change():
    """Adding German to a copy of the data makes German labels readable without code changes."""
    from importlib import resources

    data = yaml.safe_load(
        resources.files("tracker.layouts").joinpath("ccm-a7-1.yaml").read_text("utf-8")
    )
    data = copy.deepcopy(data)
    data["id"] = "ccm-a7/1-de"
    data["languages"].append("de")
    data["sheets"][0]["names"]["de"] = "Deckblatt"
    data["sheets"][0]["fields"][0]["labels"]["de"] = "Staat"
    layout = parse_layout(data)
    assert layout.sheet_lookup[normalize("Deckblatt")] == "cover"
    assert layout.cover.label_lookup["staat"] == "state"
    assert layout.cover.field("state").text("de") == "Staat"
    assert layout.cover.field("report_type").text("de") == "Report type"  # falls back to English


@pytest.mark.parametrize("layout_id", sorted(all_layouts()))
def test_a_layouts_sheets_by_key_are_its_own(layout_id):
    """Sheets are found by key through a look-up made once per layout: never another's."""
    layout = get_layout(layout_id)
    for sheet in layout.sheets:
        assert layout.sheet(sheet.key) is sheet
    assert layout.cover is layout.sheets[0] and layout.cover.key == "cover"
    assert layout.forms == tuple(s for s in layout.sheets if s.form)


def test_layouts_made_from_the_same_sheets_keep_their_own_look_ups():
    old, new = get_layout("ccm-a7/1"), get_layout("ccm-a7/2")
    assert new.sheet("I") is not old.sheet("I")  # ccm-a7/2 replaces Form I
    assert [t.name for t in new.sheet("I").tables] != [t.name for t in old.sheet("I").tables]
    from importlib import resources

    text = resources.files("tracker.layouts").joinpath("ccm-a7-1.yaml").read_text("utf-8")
    again = parse_layout(yaml.safe_load(text))
    assert again.sheet("A") is not old.sheet("A") and again.sheet("A") in again.forms
    assert [s.key for s in again.forms] == [s.key for s in old.forms]


def test_ccm_a7_2_extends_ccm_a7_1_and_changes_only_form_i():
    old, new = get_layout("ccm-a7/1"), get_layout("ccm-a7/2")
    assert new.extends == "ccm-a7/1" and old.extends is None
    assert [s.key for s in new.sheets] == [s.key for s in old.sheets]
    for key in [s.key for s in old.sheets if s.key != "I"]:
        assert [t.name for t in new.sheet(key).tables] == [t.name for t in old.sheet(key).tables]
        assert [f.name for f in new.sheet(key).fields] == [f.name for f in old.sheet(key).fields]
    assert [t.name for t in new.sheet("I").tables] == ["needs", "provided", "received", "resources"]
    assert new.sheet("I").own_tables == {"provided", "received"}
    # Inherited tables are the base's, header for header.
    for name in ("needs", "resources"):
        assert new.sheet("I").table(name).header_lookup == old.sheet("I").table(name).header_lookup
    assert set(new.vocabularies) == set(old.vocabularies) | {
        "flow_area",
        "flow_type",
        "flow_recipient",
    }


def _raw(name):
    from importlib import resources

    text = resources.files("tracker.layouts").joinpath(name).read_text("utf-8")
    return yaml.safe_load(text)


def test_extends_with_an_unknown_inherited_table_is_a_clear_error():
    from tracker.layouts import LayoutDataError, extend_layout

    child = copy.deepcopy(_raw("ccm-a7-2.yaml"))
    child["sheets"][0]["tables"][0] = {"inherit": "wishes"}
    with pytest.raises(
        LayoutDataError, match="inherits a table 'wishes' that its base does not have"
    ):
        extend_layout(_raw("ccm-a7-1.yaml"), child)


def test_a_layout_that_extends_an_unknown_one_is_a_clear_error():
    from tracker.layouts import LayoutDataError, _resolve

    child = copy.deepcopy(_raw("ccm-a7-2.yaml"))
    child["extends"] = "ccm-a7/0"
    with pytest.raises(LayoutDataError, match="extends 'ccm-a7/0', which is not shipped"):
        _resolve("ccm-a7/2", {"ccm-a7/2": child})
