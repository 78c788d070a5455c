"""The demo network: `manage.py load_demo` builds it, idempotently (a rerun creates nothing twice).

Each app adds its part through a builder listed in DEMO_BUILDERS; each builder receives the
`DemoNetwork` built so far and may add to it.
"""
