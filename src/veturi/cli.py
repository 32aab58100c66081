"""The one command, `veturi`: set up, load, analyse and serve the project office's data."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(
    help="Veturi: the open platform of an eco-industrial park's project office.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err_console = Console(stderr=True)

DataDirOption = typer.Option(None, "--data-dir", help="Folder for the embedded database and files (or set VETURI_DATA_DIR).")


def _setup_django(data_dir: Optional[Path] = None) -> None:
    if data_dir is not None:
        os.environ["VETURI_DATA_DIR"] = str(data_dir.expanduser().resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veturi.web.settings")
    import django

    django.setup()


def _fail(message: str) -> None:
    err_console.print(f"[bold red]Error:[/] {message}")
    raise typer.Exit(code=1)


def _database_label() -> str:
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        return f"SQLite {database['NAME']}"
    return f"{database['ENGINE'].rsplit('.', 1)[-1]} {database.get('HOST') or 'localhost'}/{database['NAME']}"


def _migrate() -> None:
    from django.core.management import call_command
    from django.db import OperationalError

    try:
        call_command("migrate", interactive=False, verbosity=0)
    except OperationalError as exc:
        _fail(f"cannot reach the database ({_database_label()}): {exc}")


@app.command()
def migrate(data_dir: Optional[Path] = DataDirOption) -> None:
    """Create or upgrade the database schema."""
    _setup_django(data_dir)
    with console.status(f"Migrating {_database_label()}…"):
        _migrate()
    console.print(f"[green]Database ready:[/] {_database_label()}")


def _serve(host: str, port: int, *, server: str = "waitress", workers: int = 1, threads: int = 8, job_worker: bool = True) -> None:
    from veturi.web.wsgi import application

    thread = process = None
    if job_worker and server == "gunicorn":
        import subprocess
        import sys

        # gunicorn forks its workers from this process: a worker thread's database connection must not
        # be shared across a fork, so the jobs run in a `veturi worker` child process instead.
        process = subprocess.Popen([sys.executable, "-m", "veturi.cli", "worker"])
    elif job_worker:
        from veturi.jobs.worker import WorkerThread

        # The embedded setup runs its jobs in this process; a separate `veturi worker` takes over with --no-worker.
        thread = WorkerThread()
        thread.start()
    try:
        if server == "gunicorn":
            from veturi.web.server import run_gunicorn

            run_gunicorn(application, host=host, port=port, workers=workers, threads=threads)
            return
        from waitress import serve as waitress_serve

        waitress_serve(application, host=host, port=port, threads=threads, _quiet=True)
    finally:
        if thread is not None:
            thread.stop(timeout=5)
        if process is not None:
            process.terminate()  # SIGTERM: the running job finishes first
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


NoWorkerOption = typer.Option(False, "--no-worker", help="Do not run jobs in this process (a separate `veturi worker` runs them).")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    server: str = typer.Option("waitress", help="waitress (one process, any OS) or gunicorn (worker processes; production on Linux)."),
    workers: int = typer.Option(0, min=0, help="gunicorn worker processes (0: 2 x CPU cores + 1)."),
    threads: int = typer.Option(8, min=1, help="Threads per process."),
    no_worker: bool = NoWorkerOption,
    data_dir: Optional[Path] = DataDirOption,
) -> None:
    """Serve the web app: waitress by default, gunicorn in production (see docs/production.md); runs queued jobs too unless --no-worker."""
    if server not in ("waitress", "gunicorn"):
        _fail(f"--server must be waitress or gunicorn; got {server!r}")
    _setup_django(data_dir)
    workers = workers or 2 * (os.cpu_count() or 1) + 1
    described = f"gunicorn, {workers} workers x {threads} threads" if server == "gunicorn" else f"waitress, {threads} threads"
    described += "; jobs run by a separate `veturi worker`" if no_worker else "; jobs run in this process"
    console.print(f"Veturi on [bold]http://{host}:{port}/[/] ({_database_label()}; {described}); Ctrl+C stops.")
    _serve(host, port, server=server, workers=workers, threads=threads, job_worker=not no_worker)


@app.command()
def demo(
    port: int = typer.Option(8000, help="Port to serve on."),
    host: str = typer.Option("127.0.0.1", help="Address to serve on."),
    no_serve: bool = typer.Option(False, "--no-serve", help="Set up and load, then exit (for scripts)."),
    no_worker: bool = NoWorkerOption,
    data_dir: Optional[Path] = DataDirOption,
) -> None:
    """Set up the database, load the Kolmenkulma demo park, run every analysis and serve it."""
    _setup_django(data_dir)
    from veturi import analyses
    from veturi.demo.loader import DEMO_USERS, DemoDataError, load_demo

    with console.status("Preparing the database…") as status:
        _migrate()
        try:
            report = load_demo(progress=lambda step: status.update(f"Loading the demo park: {step}…"))
        except DemoDataError as exc:
            _fail(f"the demo data did not load, nothing was changed: {exc}")
        results = analyses.run_all(progress=lambda step: status.update(f"Running analysis: {step}…"))

    table = Table(title="Demo park", show_edge=False)
    table.add_column("record")
    table.add_column("created", justify="right")
    table.add_column("already there", justify="right")
    for name in sorted(set(report.created) | set(report.existing)):
        table.add_row(name, str(report.created[name]), str(report.existing[name]))
    console.print(table)
    for name, summary in results:
        console.print(f"[green]✓[/] {name}: {summary}")
    console.print(f"Database: {_database_label()}")

    logins = Table(title="Demo logins", show_edge=False)
    logins.add_column("username")
    logins.add_column("password")
    logins.add_column("role")
    for username, (password, role) in DEMO_USERS.items():
        logins.add_row(username, password, str(role.label))
    console.print(logins)
    url = f"http://{host}:{port}/"
    console.print(f"Open [bold]{url}[/]")
    if not no_serve:
        console.print("Serving; Ctrl+C stops." + (" Jobs wait for a separate `veturi worker`." if no_worker else ""))
        _serve(host, port, job_worker=not no_worker)


@app.command()
def worker(
    once: bool = typer.Option(False, "--once", help="Run every queued job, then exit (exit 1 if one failed)."),
    poll_interval: float = typer.Option(1.0, "--poll-interval", min=0.1, help="Seconds between looks at an empty queue."),
    data_dir: Optional[Path] = DataDirOption,
) -> None:
    """Run the queued jobs (matching, allocation, roadmap solving, simulations) until stopped; see docs/jobs.md."""
    _setup_django(data_dir)
    _migrate()
    from veturi.jobs.commandline import run_worker

    raise typer.Exit(run_worker(once=once, poll_interval_s=poll_interval, console=console, err_console=err_console))


@app.command()
def token(username: str = typer.Argument(..., help="The user whose API token to print."), data_dir: Optional[Path] = DataDirOption) -> None:
    """Print the API token of a user (created on first use)."""
    _setup_django(data_dir)
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        _fail(f"no active user named {username!r}")
    key, _ = Token.objects.get_or_create(user=user)
    console.print(key.key, highlight=False)


report_app = typer.Typer(help="Printable PDF reports of the project office.", no_args_is_help=True)
app.add_typer(report_app, name="report")


@report_app.command("monthly")
def report_monthly(
    month: str = typer.Option(..., help="The month, as YYYY-MM."),
    out: Path = typer.Option(..., "--out", help="The PDF file to write."),
    data_dir: Optional[Path] = DataDirOption,
) -> None:
    """The monthly office report: pipeline movement, interactions, actions, plan, KPIs."""
    _setup_django(data_dir)
    _migrate()
    from veturi.office.exports import write_monthly_report

    try:
        console.print(f"[green]Wrote[/] {write_monthly_report(month, out)}")
    except ValueError as exc:
        _fail(str(exc))


@report_app.command("organisation")
def report_organisation(
    organisation: str = typer.Argument(..., help="Id, external ID, business ID or name of the organisation."),
    out: Path = typer.Option(..., "--out", help="The PDF file to write."),
    data_dir: Optional[Path] = DataDirOption,
) -> None:
    """The report of one organisation: stage and history, interactions, actions, streams."""
    _setup_django(data_dir)
    _migrate()
    from veturi.office.exports import write_organisation_report

    try:
        console.print(f"[green]Wrote[/] {write_organisation_report(organisation, out)}")
    except ValueError as exc:
        _fail(str(exc))


@app.command("import")
def import_(
    file: Path = typer.Argument(..., help="CSV, XLSX, GeoJSON or business register JSON file."),
    entity: Optional[str] = typer.Option(None, help="organisations, people, plots, sites or streams (default: tell from the file)."),
    dry_run: bool = typer.Option(True, "--dry-run/--commit", help="Only check (default), or check and save all rows or none."),
    data_dir: Optional[Path] = DataDirOption,
) -> None:
    """Import records: a dry run lists every problem by row and field; --commit saves all or nothing."""
    _setup_django(data_dir)
    from veturi.transfer.commandline import run_import

    raise typer.Exit(run_import(file, entity=entity, commit=not dry_run, console=console, err_console=err_console))


@app.command()
def export(
    format: str = typer.Option("xlsx", "--format", help="xlsx, csv (a zip), geojson or package (matching JSON)."),
    out: Path = typer.Option(..., "--out", help="File to write."),
    as_user: Optional[str] = typer.Option(None, "--as-user", help="Export only what this user may see (default: everything)."),
    data_dir: Optional[Path] = DataDirOption,
) -> None:
    """Export every record as XLSX, CSV, GeoJSON or a matching data package."""
    _setup_django(data_dir)
    from veturi.transfer.commandline import run_export

    raise typer.Exit(run_export(format, out, username=as_user, console=console, err_console=err_console))


@app.command()
def match(
    package: Optional[Path] = typer.Argument(None, help="A data package (JSON file or folder of CSV files); without it, the stored data."),
    top: int = typer.Option(10, "--top", min=1, help="Proposals per stream."),
    format: str = typer.Option("table", "--format", help="table, json or csv (with a package)."),
    out: Optional[Path] = typer.Option(None, "--out", help="File to write instead of printing (with a package)."),
    data_dir: Optional[Path] = DataDirOption,
) -> None:
    """Propose synergies: from a data package file (no database), or the stored data (the run is saved)."""
    from veturi.synergies import commandline

    if package is not None:
        raise typer.Exit(commandline.match_package_file(package, top_k=top, fmt=format, out=out, console=console, err_console=err_console))
    _setup_django(data_dir)
    _migrate()
    raise typer.Exit(commandline.match_database(top_k=top, console=console, err_console=err_console))


@app.command()
def allocate(
    time_limit: float = typer.Option(5.0, "--time-limit", help="Seconds the optimiser may take."),
    seed: int = typer.Option(0, "--seed", min=0, help="Seed (the same seed gives the same allocation)."),
    min_score: Optional[float] = typer.Option(None, "--min-score", help="Also count proposals scoring at least this (default: agreed exchanges; when there are none, proposals scoring at least 0.75)."),
    format: str = typer.Option("table", "--format", help="table or json."),
    data_dir: Optional[Path] = DataDirOption,
) -> None:
    """Place the companies with plot requirements on the plots; the run is saved."""
    _setup_django(data_dir)
    _migrate()
    from veturi.plugplay import commandline

    raise typer.Exit(commandline.allocate_database(time_limit_s=time_limit, seed=seed, min_score=min_score, fmt=format, console=console, err_console=err_console))


@app.command()
def offer(
    organisation: str = typer.Argument(..., help="The locomotive's exact name or id."),
    out: Optional[Path] = typer.Option(None, "--out", help="FILE.pdf or FILE.xlsx; without it, a summary is printed."),
    data_dir: Optional[Path] = DataDirOption,
) -> None:
    """A plug-and-play offer for one company: best plots, utilities, partners, value per year."""
    _setup_django(data_dir)
    _migrate()
    from veturi.plugplay import commandline

    raise typer.Exit(commandline.offer_file(organisation, out=out, console=console, err_console=err_console))


@app.command()
def backup(archive: Path = typer.Argument(..., help="Zip file to write."), data_dir: Optional[Path] = DataDirOption) -> None:
    """Back up the whole database and the uploaded files into one versioned zip."""
    _setup_django(data_dir)
    from veturi.transfer.commandline import run_backup

    raise typer.Exit(run_backup(archive, console=console, err_console=err_console))


@app.command()
def restore(archive: Path = typer.Argument(..., help="A zip made by `veturi backup`."), data_dir: Optional[Path] = DataDirOption) -> None:
    """Restore a backup into the empty database that DATABASE_URL names (refuses a non-empty one)."""
    _setup_django(data_dir)
    from veturi.transfer.commandline import run_restore

    raise typer.Exit(run_restore(archive, console=console, err_console=err_console))


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def manage(ctx: typer.Context, data_dir: Optional[Path] = DataDirOption) -> None:
    """Run a Django management command, e.g. `veturi manage check --deploy`."""
    _setup_django(data_dir)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["veturi manage", *ctx.args])


if __name__ == "__main__":  # pragma: no cover
    app()


@app.command()
def networks(format: str = typer.Option("table", "--format", help="table or json."), data_dir: Optional[Path] = DataDirOption) -> None:
    """Value networks of the stored proposals: members, exchanges, locomotive, value, CO2, maturity."""
    _setup_django(data_dir)
    _migrate()
    from veturi.valuenets import commandline

    raise typer.Exit(commandline.networks(fmt=format, console=console, err_console=err_console))


@app.command()
def locomotives(
    format: str = typer.Option("table", "--format", help="table or json."),
    method: str = typer.Option("topsis", "--method", help="topsis or promethee."),
    data_dir: Optional[Path] = DataDirOption,
) -> None:
    """Rank the locomotive candidates (the ranking is stored with its sensitivity)."""
    _setup_django(data_dir)
    _migrate()
    from veturi.valuenets import commandline

    raise typer.Exit(commandline.locomotives(fmt=format, method=method, console=console, err_console=err_console))


@app.command()
def roadmap(
    roadmap_id: Optional[int] = typer.Option(None, "--roadmap", help="The roadmap's id (default: the newest)."),
    solve: bool = typer.Option(False, "--solve", help="Solve it now (the result is stored); without it, show the latest plan."),
    time_limit: Optional[float] = typer.Option(None, "--time-limit", help="Seconds the solver may take (default: the roadmap's)."),
    seed: int = typer.Option(0, "--seed", min=0, help="Solver seed."),
    format: str = typer.Option("table", "--format", help="table or json."),
    data_dir: Optional[Path] = DataDirOption,
) -> None:
    """A roadmap's plan: status, objective, bound, gap and the activities' start and finish (exit 3 when there is no plan)."""
    _setup_django(data_dir)
    _migrate()
    from veturi.roadmap import commandline

    raise typer.Exit(commandline.roadmap_command(roadmap_id=roadmap_id, solve=solve, time_limit_s=time_limit, seed=seed, fmt=format,
                                                 console=console, err_console=err_console))


@app.command()
def scenario(
    name: Optional[str] = typer.Argument(None, help="The scenario's name; without it, every scenario."),
    runs: Optional[int] = typer.Option(None, "--runs", help="Monte Carlo runs (default: the scenario's)."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Seed (default: the scenario's; the same seed gives the same result)."),
    format: str = typer.Option("table", "--format", help="table or json."),
    data_dir: Optional[Path] = DataDirOption,
) -> None:
    """Simulate roadmap scenarios (Monte Carlo) and print each KPI's yearly median and p5–p95; results are stored."""
    _setup_django(data_dir)
    _migrate()
    from veturi.scenarios import commandline

    raise typer.Exit(commandline.scenario(name, runs=runs, seed=seed, fmt=format, console=console, err_console=err_console))
