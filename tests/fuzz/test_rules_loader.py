"""Any rule file, however broken: the loader names located problems, never crashes."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triage_app.domain.vocabulary import Vocabularies
from triage_app.pathways import RulesError, RuleSet, load_rules
from triage_app.pathways.loader import rule_file

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _folder(root: Path, resources: Path) -> Path:
    if not (root / "pathways").exists():
        shutil.copytree(resources / "pathways", root / "pathways")
        for name in ("partners.toml", "postcodes.toml"):
            shutil.copy(resources / name, root / name)
    return root / "pathways"


def _shipped_rules(resources: Path) -> Path:
    from triage_app.pathways.problems import Report

    found = rule_file(resources / "pathways", Report())
    assert found is not None
    return found


def _load(folder: Path, name: str, text: str, vocab: Vocabularies) -> None:
    (folder / name).write_text(text, encoding="utf-8")
    try:
        result = load_rules(folder, vocab)
    except RulesError as e:
        assert e.problems, "refused without saying why"
        for problem in e.problems:
            assert problem.file and problem.message, problem
            assert str(problem).strip()
    else:
        assert isinstance(result, RuleSet)


@FUZZ
@given(text=st.text(max_size=300))
def test_any_text_as_the_rule_file(tmp_path: Path, resources: Path, vocab, text: str) -> None:
    folder = _folder(tmp_path, resources)
    _load(folder, _shipped_rules(resources).name, text, vocab)


@st.composite
def mutations(draw: st.DrawFn, lines: list[str]) -> str:
    out = list(lines)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(out) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "replace_char", "swap", "garbage"]))
        if kind == "delete":
            del out[i]
        elif kind == "duplicate":
            out.insert(i, out[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(out) - 1))
            out[i], out[j] = out[j], out[i]
        elif kind == "replace_char" and out[i]:
            k = draw(st.integers(0, len(out[i]) - 1))
            out[i] = out[i][:k] + draw(st.sampled_from(list("=[]\"'{}.,# x0"))) + out[i][k + 1 :]
        else:
            out[i] = draw(st.text(max_size=30))
        if not out:
            out = [""]
    return "\n".join(out)


_SHIPPED: dict[str, list[str]] = {}


def _shipped_lines(resources: Path, name: str) -> list[str]:
    if name not in _SHIPPED:
        _SHIPPED[name] = (resources / "pathways" / name).read_text(encoding="utf-8").splitlines()
    return _SHIPPED[name]


@FUZZ
@given(data=st.data())
def test_mutated_copies_of_the_shipped_rule_files(
    tmp_path: Path, resources: Path, vocab, data: st.DataObject
) -> None:
    folder = _folder(tmp_path, resources)
    name = data.draw(st.sampled_from([_shipped_rules(resources).name, "actions.toml"]))
    text = data.draw(mutations(_shipped_lines(resources, name)))
    try:
        _load(folder, name, text, vocab)
    finally:
        shutil.copy(resources / "pathways" / name, folder / name)
