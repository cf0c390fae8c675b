"""The `cleaner` command line: parses flags onto a `Config` and calls the library; nothing more."""

from __future__ import annotations

import enum
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from . import __version__
from .batch import BatchOptions, run_batch, save_learned_profile
from .cleaner import Cleaner
from .cli_fixtures import fixtures_app
from .cli_report import ProgressReporter, print_diff, print_fates, print_rules, print_summary
from .config import Config
from .corpus import SiteProfile
from .errors import BatchError, CleanerError, ConfigError, InputError, ProfileError, RuleError
from .explain import block_fates, diff_lines
from .io import DEFAULT_MAX_BYTES, InputText, format_size, parse_size, read_document, read_stream
from .output import render_stream
from .rules.check import check_rules
from .rules.registry import Registry

__all__ = ["app", "clean_app", "main"]

# Exit statuses: every document cleaned; some failed (or the run could not finish); bad usage.
EXIT_OK, EXIT_FAILURES, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

app = typer.Typer(
    name="cleaner",
    help="Scraped news text and HTML in, clean article body plus structured metadata out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(fixtures_app, name="fixtures")


class Format(str, enum.Enum):
    txt = "txt"
    jsonl = "jsonl"
    md = "md"


class EngineChoice(str, enum.Enum):
    local = "local"
    dask = "dask"


# -- option bundles shared by the commands, written once

ConfigFile = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        help="TOML config file: keys at the top level, under [cleaner] or under [tool.cleaner].",
        metavar="FILE",
    ),
]
RuleFiles = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules",
        help="Your own TOML rule pack, tried before the shipped packs (repeatable).",
        metavar="FILE",
    ),
]
KeepCaptions = Annotated[
    bool,
    typer.Option(
        "--keep-captions", help="Leave photo captions in the text (they go to metadata either way)."
    ),
]
TitleFirstLine = Annotated[
    bool,
    typer.Option("--title-first-line", help="Put the detected title on the first line of the text."),
]
TextMode = Annotated[
    str | None,
    typer.Option(
        "--mode",
        help="What the text is: article (an article container), page (a whole page with menus and "
        "footers) or auto (a page when a header of short lines stands above the text). "
        "Default: the config's, else auto.",
        metavar="auto|article|page",
    ),
]
DisabledRules = Annotated[
    list[str] | None,
    typer.Option("--disable", help="Turn a rule off by its id (repeatable).", metavar="RULE_ID"),
]


Inputs = Annotated[
    list[str],
    typer.Argument(
        help="Files, folders (walked recursively), glob patterns, or - for standard input.",
        metavar="INPUT",
        show_default=False,
    ),
]
Workers = Annotated[
    int | None,
    typer.Option(
        "--workers", "-j", min=1, help="Worker processes [default: one a core].", show_default=False
    ),
]
EngineOption = Annotated[
    EngineChoice,
    typer.Option(
        "--engine",
        help="local: a process pool on this machine; dask: a Dask cluster (pip install 'cleaner[dask]').",
    ),
]
Scheduler = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="Address of the Dask scheduler (tcp://host:8786) [default: a local cluster for the run].",
        metavar="ADDRESS",
    ),
]


def _parse_size(value: str | int) -> int:
    if isinstance(value, int):  # the default
        return value
    try:
        return parse_size(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


MaxBytes = Annotated[
    int,
    typer.Option(
        "--max-bytes",
        help="Refuse documents larger than this (500000, 500k, 20MB, 1GiB).",
        parser=_parse_size,
        metavar="SIZE",
        show_default=format_size(DEFAULT_MAX_BYTES),
    ),
]


def build_config(
    config_file: Path | None,
    rules: list[Path] | None = None,
    keep_captions: bool = False,
    title_first_line: bool = False,
    disable: list[str] | None = None,
    mode: str | None = None,
) -> Config:
    """The config file's settings (or the defaults), with the flags that were given on top.

    A switch flag only turns its setting on; a config file can turn it on for good.
    """
    config = Config.from_toml(config_file) if config_file is not None else Config()
    changes: dict[str, object] = {}
    if rules:
        changes["rule_files"] = config.rule_files + tuple(rules)
    if keep_captions:
        changes["keep_captions"] = True
    if title_first_line:
        changes["title_first_line"] = True
    if disable:
        changes["disabled_rules"] = config.disabled_rules | frozenset(disable)
    if mode is not None:
        if mode not in ("auto", "article", "page"):
            raise typer.BadParameter(f"--mode must be auto, article or page, not {mode!r}")
        changes["mode"] = mode
    return config.replace(**changes) if changes else config


def _stderr() -> Console:
    return Console(stderr=True, highlight=False)


def _fail(message: str, status: int) -> NoReturn:
    _stderr().print(f"[red]cleaner: error:[/red] {escape(message)}", soft_wrap=True)
    raise typer.Exit(status)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextmanager
def _reported() -> Iterator[None]:
    """Turn the library's errors into one line and an exit status; SIGTERM acts like Ctrl-C."""
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    except (BatchError, ConfigError, ProfileError, RuleError) as exc:
        _fail(str(exc), EXIT_USAGE)
    except CleanerError as exc:
        _fail(str(exc), EXIT_FAILURES)
    except KeyboardInterrupt:
        _fail("interrupted; every output written is whole, rerun to go on", EXIT_INTERRUPTED)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _say_line(message: str) -> None:
    _stderr().print(escape(message), soft_wrap=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cleaner {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", help="Show the version and exit.", callback=_version, is_eager=True)
    ] = False,
) -> None:
    """Scraped news text and HTML in, clean article body plus structured metadata out."""


def _read_stdin(max_bytes: int) -> InputText:
    return read_stream(typer.get_binary_stream("stdin"), max_bytes=max_bytes)


def clean_command(
    inputs: Inputs,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Output folder; it mirrors the input tree.", metavar="OUTDIR"),
    ] = None,
    fmt: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            help="txt: x.txt (body) and x.json (metadata, trace); jsonl: one documents.jsonl; "
            "md: YAML front matter, then the body.",
        ),
    ] = Format.txt,
    workers: Workers = None,
    force: Annotated[
        bool, typer.Option("--force", help="Redo documents whose outputs are newer than their input.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress and no summary; failures only.")
    ] = False,
    config_file: ConfigFile = None,
    rules: RuleFiles = None,
    keep_captions: KeepCaptions = False,
    title_first_line: TitleFirstLine = False,
    disable: DisabledRules = None,
    mode: TextMode = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    profile_file: Annotated[
        Path | None,
        typer.Option(
            "--profile",
            help="A site profile (from `cleaner learn`): lines its sites repeat leave as chrome.",
            metavar="FILE",
        ),
    ] = None,
    corpus: Annotated[
        bool,
        typer.Option(
            "--corpus/--no-corpus",
            help="Learn a site profile from the inputs first and drop each site's repeated lines "
            "(when no --profile is given).",
        ),
    ] = True,
    engine: EngineOption = EngineChoice.local,
    scheduler: Scheduler = None,
) -> None:
    """Clean documents: files, folders or globs into OUTDIR, or - from standard input to standard output.

    On files and folders this is a two-pass run (corpus mode): a site profile is learned from
    the inputs, then every document is cleaned with it. Exit status: 0 when every document was
    cleaned, 1 when some failed (listed in OUTDIR/errors.jsonl), 2 for a usage error.
    """
    with _reported():
        config = build_config(config_file, rules, keep_captions, title_first_line, disable, mode)
        profile = SiteProfile.load(profile_file) if profile_file is not None else None
        if "-" in inputs:
            if len(inputs) > 1 or output is not None:
                _fail("- (standard input) goes to standard output: give it alone, without -o", EXIT_USAGE)
            try:
                doc = _read_stdin(max_bytes)
            except InputError as exc:
                _fail(str(exc), EXIT_FAILURES)
            typer.echo(render_stream(Cleaner(config, profile=profile).clean(doc.text), fmt.value), nl=False)
            return
        if output is None:
            _fail("missing -o OUTDIR: where to write the clean documents", EXIT_USAGE)
        options = _batch_options(
            workers, engine, scheduler, format=fmt.value, force=force, max_bytes=max_bytes, corpus=corpus
        )
        console = _stderr()
        with ProgressReporter(console, quiet=quiet) as reporter:
            summary = run_batch(
                inputs, output, config=config, options=options, on_progress=reporter, profile=profile
            )
        if not quiet:
            print_summary(console, summary)
        if summary.failures:
            raise typer.Exit(EXIT_FAILURES)


def _batch_options(
    workers: int | None, engine: EngineChoice, scheduler: str | None, **more: object
) -> BatchOptions:
    if scheduler and engine is not EngineChoice.dask:
        _fail("--scheduler goes with --engine dask", EXIT_USAGE)
    return BatchOptions(workers=workers, engine=engine.value, scheduler=scheduler, **more)  # type: ignore[arg-type]


app.command("clean")(clean_command)


@app.command("learn")
def learn_command(
    inputs: Inputs,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="The profile file to write.", metavar="FILE"),
    ],
    workers: Workers = None,
    engine: EngineOption = EngineChoice.local,
    scheduler: Scheduler = None,
    config_file: ConfigFile = None,
    rules: RuleFiles = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
) -> None:
    """Learn a site profile from documents: per site, in how many documents each line occurs.

    `cleaner clean --profile FILE` then drops the lines a site repeats. The file holds hashes
    and counts, no text; profiles of parts of a corpus add up to the profile of the whole.
    """
    with _reported():
        config = build_config(config_file, rules)
        if "-" in inputs:
            _fail("learn reads files and folders, not standard input", EXIT_USAGE)
        options = _batch_options(workers, engine, scheduler, max_bytes=max_bytes)
        size = save_learned_profile(inputs, output, config=config, options=options)
        _say_line(f"{output}: {size.documents} documents, {size.sites} sites, {size.lines} line hashes")


#: the `clean` console script: the `clean` command alone
clean_app = typer.Typer(
    name="clean", add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None
)
clean_app.command()(clean_command)


@app.command("explain")
def explain_command(
    file: Annotated[
        str, typer.Argument(help="The document to explain, or - for standard input.", metavar="FILE")
    ],
    diff: Annotated[
        bool, typer.Option("--diff", help="Show the input against the output as a diff.")
    ] = False,
    config_file: ConfigFile = None,
    rules: RuleFiles = None,
    keep_captions: KeepCaptions = False,
    title_first_line: TitleFirstLine = False,
    disable: DisabledRules = None,
    mode: TextMode = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
) -> None:
    """Show each block of a document with its fate (kept, dropped, moved to a field, cut) and the rule."""
    with _reported():
        config = build_config(config_file, rules, keep_captions, title_first_line, disable, mode)
        cleaner = Cleaner(config)
        if file != "-" and not Path(file).exists():
            _fail(f"{file}: no such file", EXIT_USAGE)
        try:
            doc = _read_stdin(max_bytes) if file == "-" else read_document(file, max_bytes=max_bytes)
        except InputError as exc:
            _fail(str(exc), EXIT_FAILURES)
        result = cleaner.clean(doc.text)
        console = Console(highlight=False)
        if diff:
            print_diff(console, diff_lines(result))
            return
        print_fates(console, block_fates(result))


@app.command("rules")
def rules_command(
    config_file: ConfigFile = None,
    rules: RuleFiles = None,
    disable: DisabledRules = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Check the rules in force instead: each example must match, no counterexample may, "
            "and no pattern may backtrack past the timeout on short adversarial lines. Exit 1 on a problem.",
        ),
    ] = False,
) -> None:
    """List the rule packs and their rules (ids, actions, descriptions), then the pipeline's steps;
    or, with --check, check the rules in force."""
    with _reported():
        config = build_config(config_file, rules, disable=disable)
        if not check:
            cleaner = Cleaner(config)
            print_rules(
                Console(highlight=False), cleaner.registry.packs, cleaner.steps, config.disabled_rules
            )
            return
        in_force = Registry.from_config(config).rules_in_force()
        problems = check_rules(in_force, config.regex_timeout)
        for problem in problems:
            typer.echo(str(problem))
        found = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}" if problems else "no problems"
        typer.echo(f"{len(in_force)} rules checked: {found}")
        if problems:
            raise typer.Exit(1)
