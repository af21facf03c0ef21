"""Operating the site: health endpoints, the worker's heartbeat, structured logs and optional error reporting.

Nothing here holds an organisation's data; it is what a trust's IT watches (docs/deploy.md, ADR 0045).
"""
