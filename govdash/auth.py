"""Who is using this session: identity (three modes), role and area scope, resolved once per run by
the frame before anything is read, plus the audit records the UI writes.

- ``none``: no login. The shipped demo warehouse is open to everyone (banner 演示数据 · 未启用登录);
  any other warehouse is read-only for everyone.
- ``header``: the user name comes from a trusted proxy's request header (``GOVDASH_AUTH_HEADER``),
  honoured only when the server listens on loopback or the client is ``GOVDASH_TRUSTED_PROXY``.
- ``oidc``: Streamlit's ``st.login`` against an OpenID Connect provider (``[auth]`` in secrets.toml).

A logged-in name must be a user of ``etl.access``; its role and areas decide what it may do and see.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from etl.access import PERMISSIONS, AccessStore
from etl.safe_text import md_text
from etl.scope import EVERYTHING, Scope
from etl.settings import auth_mode, setting
from govdash import db
from govdash.formatting import MISSING, fmt_list
from govdash.i18n import lang, t

WRITE_PERMISSIONS = frozenset({"upload", "undo", "meet"})
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
LOGGED_KEY = "govdash_logged_in_as"
VIEW_KEY = "govdash_last_view"


@dataclass(frozen=True)
class Principal:
    name: str
    role: str
    scope: Scope
    mode: str
    demo: bool = False
    read_only: bool = False

    def may(self, permission: str) -> bool:
        if self.read_only and permission in WRITE_PERMISSIONS:
            return False
        return permission in PERMISSIONS.get(self.role, frozenset())


def store() -> AccessStore:
    return AccessStore(db.warehouse().root)


def _header(name: str) -> str:
    value = st.context.headers.get(name)
    return value.strip() if isinstance(value, str) else ""


def _peer() -> str:
    """The address of the connection (None for loopback, and not text in AppTest)."""
    ip = st.context.ip_address
    return ip if isinstance(ip, str) and ip else "127.0.0.1"


def client_address() -> str:
    """The client's address as the server sees it (behind a trusted proxy: its X-Real-IP)."""
    if auth_mode() == "header" and _header("X-Real-IP"):
        return _header("X-Real-IP")
    return _peer()


def current() -> Principal:
    """The principal the frame resolved for this run."""
    principal = st.session_state.get(db.PRINCIPAL_KEY)
    if principal is None:
        raise PermissionError("no identity in this session")
    return principal


def record(action: str, **detail: object) -> None:
    """Append an audit row for the person of this session."""
    p = st.session_state.get(db.PRINCIPAL_KEY)
    store().record(action, p.name if p else MISSING, p.role if p else None, client_address(), **detail)


def _stop(message: str) -> None:
    st.error(message)
    st.stop()


def _header_name() -> str:
    header = setting("auth_header").value()
    address = st.get_option("server.address") or "0.0.0.0"
    proxy = setting("trusted_proxy").value().strip()
    if not proxy and address not in LOOPBACK:
        _stop(t("auth_header_unsafe", address=address, header=header))
    peer = _peer()
    if proxy and peer != proxy and not (peer in LOOPBACK and proxy in LOOPBACK):
        _stop(t("auth_header_wrong_peer", peer=peer))
    name = _header(header)
    if not name:
        _stop(t("auth_header_missing", header=header))
    return name


def _oidc_name() -> str:
    if "auth" not in st.secrets:
        _stop(t("auth_oidc_missing"))
    if not st.user.is_logged_in:
        st.title(t("auth_login_title"))
        st.write(t("auth_login_intro"))
        st.button(t("auth_login_button"), type="primary", on_click=st.login, key="auth_login")
        st.stop()
    claim = setting("oidc_name_claim").value()
    return str(st.user.get(claim) or st.user.get("email") or st.user.get("sub") or "")


def _open_principal(mode: str) -> Principal:
    """Without login: the demo is open, any other warehouse read-only for everyone."""
    if db.demo_data():
        return Principal("demo", "admin", EVERYTHING, mode, demo=True)
    return Principal(MISSING, "viewer", EVERYTHING, mode, read_only=True)


def resolve() -> Principal:
    """Identify the session's user; show the login or refusal screen and stop when there is none."""
    try:
        mode = auth_mode()
    except ValueError as err:
        _stop(t("auth_bad_mode", error=str(err)))
    if mode == "none":
        principal = _open_principal(mode)
    else:
        name = _header_name() if mode == "header" else _oidc_name()
        user = store().get(name) if name else None
        if user is None:
            _deny(name or "?", mode)
        principal = Principal(user.name, user.role, Scope.of(user.areas), mode)
    st.session_state[db.PRINCIPAL_KEY] = principal
    if mode != "none" and st.session_state.get(LOGGED_KEY) != principal.name:
        st.session_state[LOGGED_KEY] = principal.name
        record("login", mode=mode)
    return principal


def _deny(name: str, mode: str) -> None:
    if st.session_state.get(LOGGED_KEY) != f"denied:{name}":
        st.session_state[LOGGED_KEY] = f"denied:{name}"
        store().record("denied", name, None, client_address(), mode=mode)
    st.error(t("auth_no_access"))
    st.caption(t("auth_no_access_detail", name=md_text(name)))
    if mode == "oidc":
        st.button(t("auth_logout"), on_click=st.logout, key="auth_logout_denied")
    st.stop()


def logout() -> None:
    record("logout")
    st.session_state.pop(LOGGED_KEY, None)
    st.logout()


def record_view(page: str, area: str, month: str) -> None:
    """A page-view audit row when the page, area or month differs from this session's last one."""
    view = (page, area, month)
    if st.session_state.get(VIEW_KEY) != view:
        st.session_state[VIEW_KEY] = view
        record("view", page=page, area=area, month=month)


def render_banner(principal: Principal) -> None:
    """The demo / read-only banner, and who is signed in with which areas (sidebar)."""
    from govdash import queries

    if principal.demo:
        st.badge(t("auth_demo_banner"), icon=":material/science:", color="orange")
    elif principal.read_only:
        st.warning(t("auth_readonly_banner"), icon=":material/lock:")
    if principal.mode == "none":
        return
    names = queries.area_tree(db.version()).names
    areas = fmt_list((names.get(c, c) for c in principal.scope.roots or ()), lang()) or t("auth_scope_all")
    with st.sidebar:
        st.caption(t("auth_user", name=md_text(principal.name), role=t(f"role_{principal.role}")))
        st.caption(t("auth_scope", areas=md_text(areas)))
        if principal.mode == "oidc":
            st.button(t("auth_logout"), on_click=logout, key="auth_logout")
