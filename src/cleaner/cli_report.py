"""What the CLI prints: a run's progress and summary, `explain` and `rules` (rich on a terminal)."""

from __future__ import annotations

import time
from types import TracebackType

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as RichProgress
from rich.text import Text

from .batch import ERRORS_NAME, BatchSummary, Progress
from .explain import BlockFate, fate_counts
from .io import format_size
from .rules.model import Pack
from .steps import Step

__all__ = ["ProgressReporter", "print_diff", "print_fates", "print_rules", "print_summary"]

# Off a terminal (a log, CI), one progress line this often: enough to see a run is alive
# without drowning the log.
PLAIN_INTERVAL_SECONDS = 5.0
TOP_RULES = 10
# The rule column of `explain` grows to its longest label up to this; longer labels push the text.
RULE_COLUMN = 32

FATE_STYLES = {"kept": "green", "dropped": "red", "moved": "yellow", "cut": "magenta"}


def _say(console: Console, message: str) -> None:
    """One message with markup, never wrapped (logs and pipes get whole lines)."""
    console.print(message, highlight=False, soft_wrap=True)


class _RateColumn(ProgressColumn):
    """Documents per second, as rich measures them over the last seconds."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f} docs/s" if speed else "- docs/s", style="cyan")


class ProgressReporter:
    """Shows a run's progress: a rich bar on a terminal, a plain line now and then elsewhere.

    Failures are printed as they come, one line each, even when quiet.
    """

    def __init__(self, console: Console, *, quiet: bool = False) -> None:
        self.console = console
        self.quiet = quiet
        self.bar: RichProgress | None = None
        self.task: TaskID | None = None
        self.started = time.monotonic()
        self.last_line = self.started

    def __enter__(self) -> ProgressReporter:
        return self

    def _start_bar(self, total: int) -> None:
        # Started at the first document, not before the run: the worker processes are forked by
        # then, and a fork must not copy a process whose bar thread may hold a lock.
        self.bar = RichProgress(
            TextColumn("[bold]cleaning"),
            BarColumn(),
            MofNCompleteColumn(),
            _RateColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[failed]}"),
            console=self.console,
            transient=True,
        )
        self.bar.start()
        self.task = self.bar.add_task("clean", total=total, failed="")

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.bar is not None:
            self.bar.stop()

    def __call__(self, progress: Progress) -> None:
        if progress.failure is not None:
            failure = progress.failure
            _say(self.console, f"[red]failed[/red]: {escape(failure.path)}: {escape(failure.reason)}")
        if self.quiet:
            return
        if self.console.is_terminal:
            if self.bar is None:
                self._start_bar(progress.total)
            assert self.bar is not None and self.task is not None
            failed = f"[red]{progress.failed} failed[/red]" if progress.failed else ""
            self.bar.update(self.task, completed=progress.done, failed=failed)
            return
        now = time.monotonic()
        if now - self.last_line >= PLAIN_INTERVAL_SECONDS:
            self.last_line = now
            elapsed = now - self.started
            rate = progress.done / elapsed if elapsed else 0.0
            eta = (progress.total - progress.done) / rate if rate else 0.0
            _say(
                self.console,
                f"{progress.done}/{progress.total} documents ({progress.done / progress.total:.0%}), "
                f"{rate:.1f} docs/s, ETA {eta:.0f} s, {progress.failed} failed",
            )


def print_summary(console: Console, summary: BatchSummary) -> None:
    """Documents, bytes in and out, blocks removed and the rules that removed them, failures."""
    rate = f" ({summary.written / summary.seconds:.1f} docs/s)" if summary.written and summary.seconds else ""
    kinds = f" ({summary.html} HTML)" if summary.html else ""
    _say(
        console,
        f"[bold]{summary.documents} documents[/bold] in {summary.seconds:.1f} s with "
        f"{summary.workers} worker{'s' if summary.workers != 1 else ''}: "
        f"[green]{summary.written} written[/green]{kinds}, {summary.skipped} up to date, "
        f"[{'red' if summary.failures else 'green'}]{len(summary.failures)} failed[/]{rate}",
    )
    if summary.written:
        share = summary.bytes_out / summary.bytes_in if summary.bytes_in else 0.0
        _say(
            console,
            f"bytes: {format_size(summary.bytes_in)} in, {format_size(summary.bytes_out)} out ({share:.0%}); "
            f"blocks: {summary.blocks} in, {summary.blocks_removed} removed",
        )
    if summary.profile_sites:
        _say(
            console,
            f"corpus mode: chrome learned on {summary.profile_documents} documents of "
            f"{summary.profile_sites} site{'s' if summary.profile_sites != 1 else ''} (rule site_chrome)",
        )
    top = summary.top_rules(TOP_RULES)
    if top:
        _say(console, "top rules: " + ", ".join(f"{rule} {count}" for rule, count in top))
    if summary.failures:
        _say(console, f"failures listed in {escape(str(summary.outdir / ERRORS_NAME))}")
    _say(console, f"output: {escape(str(summary.outdir))}")


def print_fates(console: Console, fates: list[BlockFate]) -> None:
    """One line a block: index, fate, rule id (and field), text (shortened to fit a terminal); a tally."""
    rule_width = min(RULE_COLUMN, max((len(_rule_label(f)) for f in fates), default=0))
    for fate in fates:
        line = Text()
        line.append(f"{fate.index:>4}  ")
        line.append(f"{fate.fate:<8}", style=FATE_STYLES[fate.fate])
        line.append(f"{_rule_label(fate):<{rule_width}}  ", style="bold" if fate.rules else "")
        line.append(fate.text, style="dim" if fate.fate in ("dropped", "moved") else "")
        if console.is_terminal:
            console.print(line, no_wrap=True, overflow="ellipsis")
        else:
            console.print(line, soft_wrap=True)
        for fragment in fate.fragments:
            console.print(Text(f"{'':>14}cut: {fragment}", style="magenta"), soft_wrap=True)
    counts = fate_counts(fates)
    tally = ", ".join(f"{counts[fate]} {fate}" for fate in ("kept", "dropped", "moved", "cut"))
    console.print(f"{len(fates)} blocks: {tally}", highlight=False, markup=False)


def _rule_label(fate: BlockFate) -> str:
    label = ",".join(fate.rules)
    return f"{label} -> {fate.field}" if fate.field else label


def print_diff(console: Console, lines: list[str]) -> None:
    """A unified diff, removed lines red and added ones green."""
    for line in lines:
        style = ""
        if line.startswith(("---", "+++")):
            style = "bold"
        elif line.startswith("-"):
            style = "red"
        elif line.startswith("+"):
            style = "green"
        elif line.startswith("@@"):
            style = "cyan"
        console.print(Text(line, style=style), soft_wrap=True)


def print_rules(
    console: Console, packs: tuple[Pack, ...], steps: list[Step], disabled: frozenset[str]
) -> None:
    """Each pack and its rules (id, action, field, description), then the pipeline's steps in order."""
    for pack in packs:
        where = []
        if pack.language:
            where.append(f"language {pack.language}")
        if pack.sites:
            where.append("sites " + ", ".join(pack.sites))
        head = Text(f"pack {pack.name}", style="bold")
        head.append(f" ({'; '.join(where)})" if where else "")
        head.append(f": {pack.description}" if pack.description else "")
        console.print(head, soft_wrap=True)
        id_width = max((len(rule.id) for rule in pack.rules), default=0)
        for rule in pack.rules:
            action = rule.action.value + (f" -> {rule.field}" if rule.field else "")
            line = Text(f"  {rule.id:<{id_width}}", style="dim strike" if rule.id in disabled else "cyan")
            line.append(f"  [{action}, {rule.where.value}]")
            line.append(" (disabled)" if rule.id in disabled else "")
            line.append(f"  {rule.description}")
            console.print(line, soft_wrap=True)
        console.print()
    console.print(Text("pipeline steps, in order", style="bold"))
    step_width = max((len(step.id) for step in steps), default=0)
    for step in steps:
        line = Text(f"  {step.id:<{step_width}}", style="cyan")
        line.append(f"  {step.description}")
        console.print(line, soft_wrap=True)
