"""Per-page UI labels (zh, en); merged into ``govdash.i18n.TEXT``."""
