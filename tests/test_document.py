"""The edit log: however stages pile changes on one another, the report's edits
stay sorted, non-overlapping, true to the original, and rebuild the output."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cleantext.document import Change, EditLog, apply_edits


@st.composite
def stage_changes(draw: st.DrawFn, text: str) -> list[Change]:
    points = sorted(draw(st.lists(st.integers(0, len(text)), max_size=6)))
    changes: list[Change] = []
    for i in range(0, len(points) - 1, 2):
        start, end = points[i], points[i + 1]
        if changes and (start < changes[-1].end or start == end == changes[-1].start):
            continue
        changes.append(Change(start, end, draw(st.text(alphabet="xyZ\n", max_size=3)), f"rule{i}", "repair"))
    return changes


def naive_apply(text: str, changes: list[Change]) -> str:
    out, pos = [], 0
    for change in changes:
        out += [text[pos : change.start], change.replacement]
        pos = change.end
    return "".join(out) + text[pos:]


@given(st.text(alphabet="abc\n", max_size=30), st.data())
def test_edits_rebuild_the_text_after_any_stack_of_stages(original: str, data: st.DataObject) -> None:
    log, text = EditLog(original), original
    for _ in range(data.draw(st.integers(1, 4))):
        changes = data.draw(stage_changes(text))
        text = naive_apply(text, changes)
        log.apply(changes)
        assert log.text == text
    edits = log.edits()
    assert apply_edits(original, edits) == text
    prev = 0
    for edit in edits:
        assert prev <= edit.start and original[edit.start : edit.end] == edit.original
        prev = edit.end


def test_overlapping_changes_merge_into_one_edit_naming_both_rules() -> None:
    log = EditLog("the Republic. of Armenia")
    log.apply([Change(12, 13, ",", "comma", "repair")])
    log.apply([Change(4, 16, "Rep of", "abbreviate", "repair")])
    (edit,) = log.edits()
    assert (edit.start, edit.end, edit.original, edit.replacement) == (4, 16, "Republic. of", "Rep of")
    assert edit.rules == ("comma", "abbreviate")
    assert edit.rule == "comma+abbreviate"


def test_removed_lines_keep_their_own_edits_when_blank_lines_around_them_are_tidied() -> None:
    log = EditLog("Body.\n\nA\n\nB\n")
    log.apply([Change(7, 9, "", "drop-a", "boilerplate"), Change(10, 12, "", "drop-b", "boilerplate")])
    assert log.text == "Body.\n\n\n"
    log.apply([Change(6, 8, "", "tidy", "whitespace")])
    assert [e.rules for e in log.edits()] == [("tidy",), ("drop-a",), ("tidy",), ("drop-b",)]
    assert apply_edits(log.original, log.edits()) == "Body.\n"


def test_undone_changes_leave_no_edit() -> None:
    log = EditLog("it’s")
    log.apply([Change(2, 3, "'", "straight", "quotes")])
    log.apply([Change(2, 3, "’", "curly", "quotes")])
    assert log.edits() == []


def test_current_spans_map_back_to_original_spans() -> None:
    log = EditLog("Theo Reuters said")
    log.apply([Change(0, 4, "according to", "theo", "repair")])
    assert log.text[13:20] == "Reuters"
    assert log.to_original(13, 20) == (5, 12)
    assert log.to_original(0, 9) == (0, 4)
