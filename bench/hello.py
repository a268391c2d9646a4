"""The hello-world baseline of ``bench/pages.py``: the cheapest page Streamlit can serve."""

import streamlit as st

st.write("hello")
