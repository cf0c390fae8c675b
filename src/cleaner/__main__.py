"""`python -m cleaner`: the same as the `cleaner` command."""

from .cli import app

app(prog_name="cleaner")
