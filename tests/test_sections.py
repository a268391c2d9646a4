"""A page's sections as lazy tabs (``govdash.sections``), on a small script of their own (AppTest)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _script() -> None:
    import streamlit as st

    from govdash import sections

    def draw(name: str):
        return lambda: st.markdown(f"drawn {name}")

    shown = {"a": ("甲", draw("a")), "b": ("乙", draw("b")), "c": ("丙", draw("c"))}
    opened = sections.show(shown, default=st.session_state.get("default"))
    st.caption(f"opened {opened}")


def _drawn(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("drawn")]


def test_one_section_is_drawn_and_the_url_names_it():
    at = AppTest.from_function(_script).run()
    assert _drawn(at) == ["drawn a"] and at.query_params["section"] == "a"
    at.session_state["section"] = "丙"  # a click on a tab
    assert _drawn(at.run()) == ["drawn c"] and at.query_params["section"] == "c"
    at.run()  # a rerun (a filter change) keeps it
    assert _drawn(at) == ["drawn c"]


def test_the_url_opens_its_section_else_the_default():
    at = AppTest.from_function(_script)
    at.query_params["section"] = "b"
    at.session_state["default"] = "c"
    assert _drawn(at.run()) == ["drawn b"]  # a link names its section
    fresh = AppTest.from_function(_script)
    fresh.session_state["default"] = "c"
    assert _drawn(fresh.run()) == ["drawn c"] and fresh.query_params["section"] == "c"
    tampered = AppTest.from_function(_script)
    tampered.query_params["section"] = "x' OR 1=1"
    tampered.session_state["default"] = "nope"  # neither a section: the first opens
    assert _drawn(tampered.run()) == ["drawn a"] and tampered.query_params["section"] == "a"
