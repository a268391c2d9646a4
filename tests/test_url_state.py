"""A page's own choices (``govdash.url_state``) on a small script of its own (AppTest): kept in the
URL, remembered per page when a page switch drops them from it, validated against the options."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _script() -> None:
    import streamlit as st

    from govdash import url_state

    page = st.session_state.get("page", "a")
    url_state.set_page(page)
    text = url_state.text_box("q", key=f"q_{page}", label="q")
    pick = url_state.url_choice("pick", ["x", "y"], None)
    url_state.set_url_choice("pick", pick)
    st.caption(f"{page}: text {text!r} pick {pick}")


def _switch(at: AppTest, page: str) -> AppTest:
    """As the navigation switches pages: the page's own parameters leave the URL."""
    for param in ("q", "pick"):
        at.query_params.pop(param, None)
    at.session_state["page"] = page
    return at.run()


def test_a_search_and_a_choice_come_back_with_their_page_only():
    at = AppTest.from_function(_script).run()
    at.text_input(key="q_a").input("天元").run()
    assert at.query_params["q"] == "天元"
    at.query_params["pick"] = "y"
    at.run()
    assert at.caption[0].value == "a: text '天元' pick y"
    assert _switch(at, "b").caption[0].value == "b: text '' pick None"  # another page: its own
    assert "q" not in at.query_params and "pick" not in at.query_params
    assert _switch(at, "a").caption[0].value == "a: text '天元' pick y"  # back: as it was left
    assert at.query_params["q"] == "天元" and at.query_params["pick"] == "y"
    at.text_input(key="q_a").input("").run()  # cleared: out of the URL, and not brought back
    assert "q" not in at.query_params
    assert _switch(_switch(at, "b"), "a").caption[0].value == "a: text '' pick y"


def test_the_url_wins_and_a_tampered_choice_falls_back():
    at = AppTest.from_function(_script)
    at.query_params["q"] = "龙泰"
    at.query_params["pick"] = "x' OR 1=1"
    at.run()
    assert at.caption[0].value == "a: text '龙泰' pick None"
    assert "pick" not in at.query_params  # not a choice: taken out of the URL
