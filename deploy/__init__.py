"""Serving the dashboard on an intranet: nginx (TLS, sticky sessions) over N Streamlit processes.

``python -m deploy serve`` (``make serve``) runs the whole stack locally with an internal CA;
``python -m deploy nginx`` renders the site for a server's ``/etc/nginx``; ``python -m deploy bundle``
(``make bundle``) writes the offline install archive. See ``docs/deploy.md``.
"""
