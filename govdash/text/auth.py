"""UI text of login, roles, scope and the audit page."""

TEXT: dict[str, tuple[str, str]] = {
    "auth_demo_banner": ("演示数据 · 未启用登录", "Demo data · login not enabled"),
    "auth_readonly_banner": (
        "未启用登录：网页为只读，所有人可查看全部区域，不能上传或撤销（数据请用 python -m etl load 导入）。"
        "管理员启用登录：设置 GOVDASH_AUTH=oidc 或 header，并用 python -m etl users add 添加用户（见 README）。",
        "Login is not enabled: the web app is read-only, shows every area to everyone and cannot upload or "
        "undo (load files with python -m etl load). To enable login, set GOVDASH_AUTH=oidc or header and "
        "add users with python -m etl users add (see README).",
    ),
    "auth_no_access": ("无权限，请联系管理员", "No access. Please contact the administrator"),
    "auth_no_access_page": (
        "无权限使用此页面，请联系管理员",
        "You may not use this page. Please contact the administrator",
    ),
    "auth_no_access_detail": (
        "已登录为“{name}”，但该账号未被授权使用本看板。",
        "Signed in as “{name}”, but this account has no access to the dashboard.",
    ),
    "auth_login_title": ("请登录", "Please sign in"),
    "auth_login_intro": (
        "本看板仅限授权人员使用，请用单位统一身份认证账号登录。",
        "This dashboard is for authorised staff: sign in with your organisation account.",
    ),
    "auth_login_button": ("登录", "Sign in"),
    "auth_logout": ("退出登录", "Sign out"),
    "auth_user": ("当前用户：{name} · {role}", "Signed in: {name} · {role}"),
    "auth_scope": ("权限范围：{areas}", "Areas: {areas}"),
    "auth_scope_all": ("全部区域", "all areas"),
    "auth_denied_area": (
        "无权查看该区域，已回到您的权限范围：{area}",
        "You may not view that area; showing your own: {area}",
    ),
    "auth_oidc_missing": (
        "已设置 GOVDASH_AUTH=oidc，但 .streamlit/secrets.toml 中没有 [auth] 配置。请按 README 添加后重启。",
        "GOVDASH_AUTH=oidc is set but .streamlit/secrets.toml has no [auth] section. Add it as the README "
        "shows and restart.",
    ),
    "auth_header_missing": (
        "未收到登录信息（请求头 {header}）。请通过单位统一认证网关访问本看板。",
        "No sign-in information (request header {header}). Open the dashboard through the sign-in gateway.",
    ),
    "auth_header_unsafe": (
        "已设置 GOVDASH_AUTH=header，但本服务监听在 {address}，任何人都可伪造请求头 {header}，因此拒绝启动。"
        "请用 --server.address 127.0.0.1 只监听本机（由反向代理转发），或用 GOVDASH_TRUSTED_PROXY 指定代理地址。",
        "GOVDASH_AUTH=header is set but the server listens on {address}, where anyone can forge the {header} "
        "header, so it refuses to start. Listen on loopback only (--server.address 127.0.0.1, behind the "
        "reverse proxy) or name the proxy's address in GOVDASH_TRUSTED_PROXY.",
    ),
    "auth_header_wrong_peer": (
        "请求不是来自受信任的代理（{peer}），已拒绝。",
        "The request did not come from the trusted proxy ({peer}).",
    ),
    "auth_bad_mode": ("设置错误：{error}", "Setting error: {error}"),
    "auth_no_warehouse": (
        "在 {path} 找不到数据仓库。请检查 GOVDASH_DB 是否写错；新建请运行 python -m etl demo --db 该目录（演示数据）"
        "或 python -m etl load 文件 --db 该目录。",
        "No warehouse at {path}. Check GOVDASH_DB for a typo; to create one run python -m etl demo --db DIR "
        "(demo data) or python -m etl load FILE --db DIR.",
    ),
    "role_viewer": ("查看者", "viewer"),
    "role_analyst": ("分析员", "analyst"),
    "role_admin": ("管理员", "admin"),
    "nav_audit": ("审计日志", "Audit log"),
    "au_title": ("审计日志", "Audit log"),
    "au_intro": (
        "登录、查看、导出、上传、导入、撤销和用户变更的记录，只增不改，至少保留180天。",
        "Logins, page views, exports, uploads, loads, undos and user changes: append-only, kept "
        "at least 180 days.",
    ),
    "au_since": ("起始日期", "Since"),
    "au_user": ("用户", "User"),
    "au_action": ("操作", "Action"),
    "au_all": ("全部", "All"),
    "au_rows": ("共 {n} 条", "{n} rows"),
    "au_users": ("用户与权限", "Users and access"),
    "au_col_id": ("序号", "No."),
    "au_col_at": ("时间", "Time"),
    "au_col_user": ("用户", "User"),
    "au_col_role": ("角色", "Role"),
    "au_col_client": ("客户端地址", "Client address"),
    "au_col_action": ("操作", "Action"),
    "au_col_detail": ("内容", "Detail"),
    "au_col_name": ("用户名", "User name"),
    "au_col_areas": ("权限范围", "Areas"),
}
