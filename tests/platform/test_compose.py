"""The Docker deployment agrees with itself and with the local stack, checked by parsing alone.

No Docker engine runs here, so these tests read docker-compose.yml, the Dockerfile, docker/ and
nginx/kinoclub.conf.template and compare them with devstack/services.py: names, build args, ports,
template variables, dependencies, databases and credentials, and the extra processes (outbox relay,
notification worker, SMTP sink).
"""

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from devstack.services import BY_NAME, PROCESSES, SERVICES, SMTP_SINK, URL_SETTINGS

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"
PRESTART = ROOT / "docker" / "prestart.py"
TEMPLATE = ROOT / "nginx" / "kinoclub.conf.template"
POSTGRES_INIT = ROOT / "docker" / "postgres" / "init-databases.sql"
NAMESPACE = "kinoclub"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded = yaml.safe_load(COMPOSE_FILE.read_text())
    assert isinstance(loaded, dict) and isinstance(loaded.get("services"), dict), (
        "docker-compose.yml has no services mapping"
    )
    return loaded


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return compose["services"]


@pytest.fixture(scope="module")
def template() -> str:
    return TEMPLATE.read_text()


@pytest.fixture(scope="module")
def uvicorn_port() -> int:
    """The port every service container listens on, as the entrypoint starts uvicorn."""
    found = re.findall(r"--port\s+(\d+)", ENTRYPOINT.read_text())
    assert len(found) == 1, f"docker/entrypoint.sh should pass exactly one --port to uvicorn, found {found}"
    return int(found[0])


def _environment(service: dict[str, Any]) -> dict[str, str]:
    raw = service.get("environment") or {}
    if isinstance(raw, list):
        pairs = (item.split("=", 1) for item in raw)
        return {pair[0]: pair[1] if len(pair) > 1 else "" for pair in pairs}
    return {key: "" if value is None else str(value) for key, value in raw.items()}


def _depends_on(service: dict[str, Any]) -> dict[str, str]:
    """Target -> condition (a plain list means service_started)."""
    raw = service.get("depends_on") or {}
    if isinstance(raw, list):
        return dict.fromkeys(raw, "service_started")
    return {name: (spec or {}).get("condition", "service_started") for name, spec in raw.items()}


def _healthcheck_text(service: dict[str, Any]) -> str:
    test = (service.get("healthcheck") or {}).get("test")
    if test is None:
        return ""
    return test if isinstance(test, str) else " ".join(str(part) for part in test)


def _has_healthcheck(service: dict[str, Any]) -> bool:
    healthcheck = service.get("healthcheck") or {}
    test = healthcheck.get("test")
    if healthcheck.get("disable") or not test:
        return False
    return not (isinstance(test, list) and test[0] == "NONE")


def _bind_mounts(service: dict[str, Any]) -> list[tuple[str, str]]:
    mounts = []
    for volume in service.get("volumes") or []:
        if isinstance(volume, dict):
            if volume.get("type") == "bind":
                mounts.append((volume["source"], volume["target"]))
            continue
        source, target = volume.split(":")[:2]
        if source.startswith((".", "/")):
            mounts.append((source, target))
    return mounts


def _template_upstreams(template: str) -> dict[str, str]:
    """Upstream name -> the template variable its server line reads."""
    upstreams = {}
    blocks = re.findall(r"^\s*upstream\s+(\w+)\s*\{(.*?)^\s*\}", template, flags=re.DOTALL | re.MULTILINE)
    for name, body in blocks:
        variables = re.findall(r"server\s+\$\{(\w+)\}", body)
        assert len(variables) == 1, (
            f"upstream {name} should have one `server ${{VAR}};` line, found {variables}"
        )
        upstreams[name] = variables[0]
    return upstreams


def _dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    logical: list[str] = []
    pending = ""
    for line in DOCKERFILE.read_text().splitlines():
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        logical.append(pending + stripped)
        pending = ""
    instructions = []
    for line in logical:
        keyword, _, rest = line.partition(" ")
        instructions.append((keyword.upper(), rest.strip()))
    return instructions


def test_every_nginx_upstream_is_a_compose_service_reached_on_the_uvicorn_port(
    template: str, services: dict[str, dict[str, Any]], uvicorn_port: int
) -> None:
    upstreams = _template_upstreams(template)
    assert upstreams, "no upstream blocks found in nginx/kinoclub.conf.template"
    nginx_env = _environment(services["nginx"])
    for upstream, variable in upstreams.items():
        assert upstream in services, f"nginx upstream {upstream} has no compose service of that name"
        address = nginx_env.get(variable, "")
        host, _, port = address.partition(":")
        assert host == upstream, (
            f"nginx upstream {upstream} reads {variable}={address!r} in compose, which names host {host!r}"
        )
        assert port == str(uvicorn_port), (
            f"nginx reaches {upstream} on port {port!r}, docker/entrypoint.sh runs uvicorn on {uvicorn_port}"
        )


def test_every_devstack_service_upstream_variable_is_in_the_template(template: str) -> None:
    upstreams = _template_upstreams(template)
    for spec in SERVICES:
        assert upstreams.get(spec.name) == spec.upstream_var, (
            f"devstack says {spec.name} is upstream {spec.name} via ${{{spec.upstream_var}}}, "
            f"the template has {upstreams.get(spec.name)!r}"
        )


def test_every_devstack_service_is_built_from_the_dockerfile_with_its_name_as_service_arg(
    services: dict[str, dict[str, Any]],
) -> None:
    for spec in SERVICES:
        assert spec.name in services, f"devstack service {spec.name} is missing from docker-compose.yml"
        build = services[spec.name].get("build")
        assert isinstance(build, dict), f"compose service {spec.name} has no build mapping: {build!r}"
        assert Path(build.get("dockerfile", "Dockerfile")).name == "Dockerfile", (
            f"compose service {spec.name} builds from {build.get('dockerfile')!r}, not the shared Dockerfile"
        )
        args = build.get("args") or {}
        if isinstance(args, list):
            args = dict(item.split("=", 1) for item in args)
        assert args.get("SERVICE") == spec.name, (
            f"compose service {spec.name} builds with SERVICE={args.get('SERVICE')!r}"
        )


def test_every_build_context_and_dockerfile_exists(services: dict[str, dict[str, Any]]) -> None:
    built = {name: service["build"] for name, service in services.items() if service.get("build")}
    assert built, "no compose service has a build section"
    for name, build in built.items():
        if isinstance(build, str):
            build = {"context": build}
        context = (ROOT / build.get("context", ".")).resolve()
        assert context.is_dir(), f"compose service {name} has build context {context}, which does not exist"
        dockerfile = context / build.get("dockerfile", "Dockerfile")
        assert dockerfile.is_file(), f"compose service {name} builds from {dockerfile}, which does not exist"


def test_every_file_mounted_from_the_repo_exists(services: dict[str, dict[str, Any]]) -> None:
    for name, service in services.items():
        for source, target in _bind_mounts(service):
            path = (ROOT / source).resolve()
            assert path.exists(), f"compose service {name} mounts {source} at {target}, but {path} is missing"


def test_healthchecks_hit_each_service_prefix_on_the_uvicorn_port(
    services: dict[str, dict[str, Any]], uvicorn_port: int
) -> None:
    for spec in SERVICES:
        text = _healthcheck_text(services[spec.name])
        found = re.search(r"http://127\.0\.0\.1:(\d+)(/[\w/]*?)/health\b", text)
        assert found, (
            f"compose service {spec.name} has no healthcheck on http://127.0.0.1:<port>/<prefix>/health"
        )
        assert int(found.group(1)) == uvicorn_port, (
            f"{spec.name} healthcheck uses port {found.group(1)}, uvicorn listens on {uvicorn_port}"
        )
        assert found.group(2) == spec.prefix, (
            f"{spec.name} healthcheck hits prefix {found.group(2)}, devstack serves it under {spec.prefix}"
        )
        assert "curl" not in text and "wget" not in text, (
            f"{spec.name} healthcheck uses a tool python:3.11-slim lacks: {text!r}"
        )


def test_service_urls_point_at_compose_services_on_the_uvicorn_port(
    services: dict[str, dict[str, Any]], uvicorn_port: int
) -> None:
    for spec in SERVICES:
        env = _environment(services[spec.name])
        for target, setting in URL_SETTINGS.items():
            expected = f"http://{target}:{uvicorn_port}"
            assert env.get(setting) == expected, (
                f"{spec.name} has {setting}={env.get(setting)!r}, but {target} answers at {expected}"
            )


def test_entrypoint_runs_the_image_service_under_uvicorn() -> None:
    text = ENTRYPOINT.read_text()
    assert re.search(r"exec\s+uvicorn\s+\"?\$\{?SERVICE\}?\.main:create_app\"?\s+--factory", text), (
        "docker/entrypoint.sh does not exec `uvicorn ${SERVICE}.main:create_app --factory`"
    )
    for flag in (
        "--host 0.0.0.0",
        "--proxy-headers",
        "--forwarded-allow-ips",
        "--no-access-log",
        "--workers",
    ):
        assert flag in text, f"docker/entrypoint.sh starts uvicorn without {flag}"
    assert "prestart.py" in text, (
        "docker/entrypoint.sh does not run docker/prestart.py (migrations, bootstrap)"
    )


def test_dockerfile_exposes_the_uvicorn_port(uvicorn_port: int) -> None:
    exposed = [args for keyword, args in _dockerfile_instructions() if keyword == "EXPOSE"]
    assert exposed == [str(uvicorn_port)], f"Dockerfile exposes {exposed}, uvicorn listens on {uvicorn_port}"


def test_every_template_variable_is_defined_in_nginx_environment(
    template: str, services: dict[str, dict[str, Any]]
) -> None:
    used = set(re.findall(r"\$\{(\w+)\}", template))
    defined = _environment(services["nginx"])
    missing = sorted(used - defined.keys())
    assert not missing, f"nginx template uses {missing}, which the nginx compose service does not define"
    empty = sorted(name for name in used if not defined[name])
    assert not empty, f"nginx compose environment leaves {empty} empty"
    # envsubst replaces every defined variable, so a stray one could shadow an nginx $variable.
    stray = sorted(defined.keys() - used)
    assert not stray, f"nginx compose environment defines {stray}, which the template does not use"


def test_nginx_renders_the_template_and_publishes_its_listen_port(
    services: dict[str, dict[str, Any]],
) -> None:
    nginx = services["nginx"]
    assert ("./nginx/kinoclub.conf.template", "/etc/nginx/templates/kinoclub.conf.template") in _bind_mounts(
        nginx
    ), f"nginx does not mount the template into /etc/nginx/templates: {_bind_mounts(nginx)}"
    listen = _environment(nginx).get("LISTEN_PORT")
    published = [str(port).split("/")[0].split(":") for port in nginx.get("ports") or []]
    assert ["8000", listen] in published, (
        f"nginx listens on {listen} but publishes {nginx.get('ports')}; expected 8000:{listen}"
    )
    for spec in SERVICES:
        base = _environment(services[spec.name]).get("PUBLIC_BASE_URL", "")
        assert urlsplit(base).port == 8000, f"{spec.name} has PUBLIC_BASE_URL={base!r}, nginx is on :8000"


def test_every_depends_on_target_exists_and_is_healthchecked_when_awaited_healthy(
    services: dict[str, dict[str, Any]],
) -> None:
    for name, service in services.items():
        for target, condition in _depends_on(service).items():
            assert target in services, f"{name} depends on {target}, which is not a compose service"
            assert condition in {"service_started", "service_healthy", "service_completed_successfully"}, (
                f"{name} waits for {target} with unknown condition {condition!r}"
            )
            if condition == "service_healthy":
                assert _has_healthcheck(services[target]), (
                    f"{name} waits for {target} to be healthy, but {target} has no healthcheck"
                )


def test_services_wait_for_databases_and_token_verifiers_wait_for_auth(
    services: dict[str, dict[str, Any]],
) -> None:
    for spec in SERVICES:
        depends = _depends_on(services[spec.name])
        for infra in ("postgres", "redis") if spec.has_database else ("redis",):
            assert depends.get(infra) == "service_healthy", (
                f"{spec.name} waits for {infra} with {depends.get(infra)!r}, not service_healthy"
            )
        if spec.name != "auth_api":
            assert depends.get("auth_api") == "service_healthy", (
                f"{spec.name} verifies tokens with auth's JWKS but does not wait for auth_api to be healthy"
            )
    nginx_depends = _depends_on(services["nginx"])
    for spec in SERVICES:
        assert nginx_depends.get(spec.name) == "service_healthy", (
            f"nginx waits for {spec.name} with {nginx_depends.get(spec.name)!r}, not service_healthy"
        )


def test_postgres_init_script_creates_every_service_database(services: dict[str, dict[str, Any]]) -> None:
    created = set(re.findall(r"CREATE\s+DATABASE\s+\"?(\w+)\"?", POSTGRES_INIT.read_text(), flags=re.I))
    mounts = _bind_mounts(services["postgres"])
    assert any(
        (ROOT / source).resolve() == POSTGRES_INIT and target.startswith("/docker-entrypoint-initdb.d/")
        for source, target in mounts
    ), f"postgres does not mount {POSTGRES_INIT.relative_to(ROOT)} into /docker-entrypoint-initdb.d: {mounts}"
    for spec in SERVICES:
        if not spec.has_database:
            assert "DATABASE_URL" not in _environment(services[spec.name]), (
                f"{spec.name} has no database in devstack but a DATABASE_URL in compose"
            )
            continue
        url = urlsplit(_environment(services[spec.name]).get("DATABASE_URL", ""))
        database = url.path.lstrip("/")
        expected = f"{NAMESPACE}_{spec.db_suffix}"
        assert database == expected, f"{spec.name} uses database {database!r}, devstack names it {expected!r}"
        assert url.hostname in services, (
            f"{spec.name} DATABASE_URL host {url.hostname!r} is no compose service"
        )
        assert database in created, f"{spec.name} uses {database}, which {POSTGRES_INIT.name} does not create"


def test_redis_url_and_prefix_match_devstack(services: dict[str, dict[str, Any]]) -> None:
    for spec in SERVICES:
        env = _environment(services[spec.name])
        host = urlsplit(env.get("REDIS_URL", "")).hostname
        assert host in services, f"{spec.name} REDIS_URL host {host!r} is no compose service"
        expected = f"{NAMESPACE}:{spec.name}:"
        assert env.get("REDIS_PREFIX") == expected, (
            f"{spec.name} has REDIS_PREFIX={env.get('REDIS_PREFIX')!r}, devstack uses {expected!r}"
        )


def test_service_credentials_agree_with_service_clients(services: dict[str, dict[str, Any]]) -> None:
    clients = json.loads(_environment(services["auth_api"]).get("SERVICE_CLIENTS", "{}"))
    assert set(clients) == set(BY_NAME), (
        f"auth_api's SERVICE_CLIENTS lists {sorted(clients)}, devstack has {sorted(BY_NAME)}"
    )
    for spec in SERVICES:
        env = _environment(services[spec.name])
        if spec.name != "auth_api":
            assert "SERVICE_CLIENTS" not in env, f"{spec.name} must not know every service's secret"
        assert env.get("SERVICE_CLIENT_ID") == spec.name, (
            f"{spec.name} presents SERVICE_CLIENT_ID={env.get('SERVICE_CLIENT_ID')!r}"
        )
        assert env.get("SERVICE_CLIENT_SECRET") == clients[spec.name], (
            f"{spec.name} SERVICE_CLIENT_SECRET differs from its entry in SERVICE_CLIENTS"
        )


def test_services_log_gelf_to_the_graylog_input_port(services: dict[str, dict[str, Any]]) -> None:
    gelf_port = _environment(services["graylog-init"]).get("GELF_PORT")
    published = [str(port) for port in services["graylog"].get("ports") or []]
    assert f"{gelf_port}:{gelf_port}/udp" in published, (
        f"graylog-init creates the GELF input on {gelf_port}, graylog publishes {published}"
    )
    for spec in SERVICES:
        env = _environment(services[spec.name])
        assert env.get("GRAYLOG_HOST") in services, f"{spec.name} GRAYLOG_HOST={env.get('GRAYLOG_HOST')!r}"
        assert env.get("GRAYLOG_PORT") == gelf_port, (
            f"{spec.name} sends GELF to port {env.get('GRAYLOG_PORT')}, the input listens on {gelf_port}"
        )
        assert env.get("DATA_DIR") == "/data", f"{spec.name} has DATA_DIR={env.get('DATA_DIR')!r}"
    auth_volumes = [str(volume) for volume in services["auth_api"].get("volumes") or []]
    assert any(volume.split(":")[1] == "/data" for volume in auth_volumes), (
        f"auth_api keeps its keys in /data but mounts no volume there: {auth_volumes}"
    )


def test_every_image_tag_is_pinned(services: dict[str, dict[str, Any]]) -> None:
    # Images that are pulled; the ones compose builds (kinoclub/<service>:dev) are local names.
    images = {
        name: service["image"]
        for name, service in services.items()
        if "image" in service and "build" not in service
    }
    images.update(
        {
            f"Dockerfile FROM {args}": args.split()[0]
            for kw, args in _dockerfile_instructions()
            if kw == "FROM"
        }
    )
    for name, image in images.items():
        repository, _, tag = image.rpartition(":")
        assert repository and "/" not in tag, f"{name} uses image {image!r} without a tag"
        assert tag != "latest" and re.search(r"\d", tag), f"{name} uses image {image!r}: pin a version tag"


def test_compose_interpolations_all_have_defaults() -> None:
    # `docker compose up` must work without an .env file.
    text = COMPOSE_FILE.read_text()
    bare = [match for match in re.findall(r"(?<!\$)\$\{([^}]*)\}", text) if ":-" not in match]
    assert not bare, f"docker-compose.yml interpolates {bare} without a default"


def test_dockerfile_uses_its_service_arg() -> None:
    instructions = _dockerfile_instructions()
    arg_at = [
        i for i, (kw, args) in enumerate(instructions) if kw == "ARG" and args.split("=")[0] == "SERVICE"
    ]
    assert arg_at, "Dockerfile declares no ARG SERVICE"
    later = " ".join(args for _, args in instructions[arg_at[0] + 1 :])
    assert re.search(r"\$\{?SERVICE\b", later), "Dockerfile declares ARG SERVICE but never uses it"
    env_lines = [args for kw, args in instructions if kw == "ENV"]
    assert any(re.search(r"\bSERVICE=\$\{?SERVICE\b", args) for args in env_lines), (
        "Dockerfile does not pass ARG SERVICE to the container as ENV SERVICE (the entrypoint reads it)"
    )
    assert any(kw == "USER" and args not in {"root", "0"} for kw, args in instructions), (
        "Dockerfile never switches to a non-root USER"
    )


def test_entrypoint_is_executable_in_git_or_run_with_sh() -> None:
    instructions = _dockerfile_instructions()
    entrypoints = [args for kw, args in instructions if kw == "ENTRYPOINT"]
    assert entrypoints, "Dockerfile has no ENTRYPOINT"
    command = json.loads(entrypoints[-1]) if entrypoints[-1].startswith("[") else shlex.split(entrypoints[-1])
    copied = " ".join(args for kw, args in instructions if kw == "COPY")
    assert "docker/entrypoint.sh" in copied, "Dockerfile does not COPY docker/entrypoint.sh into the image"
    script = next((part for part in command if part.endswith("entrypoint.sh")), None)
    assert script, f"Dockerfile ENTRYPOINT {command} does not run entrypoint.sh"
    if command[0] in {"sh", "/bin/sh", "bash", "/bin/bash"}:
        return
    listed = subprocess.run(
        ["git", "ls-files", "--stage", "docker/entrypoint.sh"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    assert listed and listed[0] == "100755", (
        f"ENTRYPOINT runs {script} directly, but git records docker/entrypoint.sh as mode {listed[:1]}"
    )


def test_prestart_reports_the_worker_count_devstack_uses() -> None:
    for spec in SERVICES:
        result = subprocess.run(
            [sys.executable, str(PRESTART), "--workers", spec.name],
            cwd=ROOT,
            env={"PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, f"docker/prestart.py --workers {spec.name} failed: {result.stderr}"
        assert result.stdout.strip() == str(spec.workers), (
            f"docker/prestart.py gives {spec.name} {result.stdout.strip()} workers, devstack {spec.workers}"
        )


def _command(service: dict[str, Any]) -> list[str]:
    """What the container runs: its entrypoint then its command, as one argument list."""
    parts: list[str] = []
    for key in ("entrypoint", "command"):
        value = service.get(key)
        if value is not None:
            parts += shlex.split(value) if isinstance(value, str) else [str(part) for part in value]
    return parts


def test_every_devstack_process_runs_from_its_services_image_with_its_environment(
    services: dict[str, dict[str, Any]],
) -> None:
    for spec in PROCESSES:
        if spec.env_of is None:
            continue
        assert spec.name in services, f"devstack process {spec.name} is missing from docker-compose.yml"
        process, owner = services[spec.name], services[spec.env_of]
        args = (process.get("build") or {}).get("args") or {}
        assert args.get("SERVICE") == spec.env_of, (
            f"{spec.name} should be built as the {spec.env_of} image, builds SERVICE={args.get('SERVICE')!r}"
        )
        assert process.get("image") == owner.get("image"), f"{spec.name} and {spec.env_of} differ in image"
        assert _command(process) == ["python", "-m", spec.module], (
            f"{spec.name} runs {_command(process)}, devstack runs python -m {spec.module}"
        )
        env, owner_env = _environment(process), _environment(owner)
        extra = {key: value for key, value in env.items() if owner_env.get(key) != value}
        assert set(extra) == {"READY_FILE"}, (
            f"{spec.name} should have {spec.env_of}'s environment plus READY_FILE, differs in {sorted(extra)}"
        )
        assert _depends_on(process).get(spec.env_of) == "service_healthy", (
            f"{spec.name} must wait for {spec.env_of} (its migrations) to be healthy"
        )
        assert env["READY_FILE"] in _healthcheck_text(process), (
            f"{spec.name} healthcheck does not read its heartbeat file {env['READY_FILE']}"
        )


def test_every_service_mails_through_the_compose_smtp_sink(services: dict[str, dict[str, Any]]) -> None:
    assert SMTP_SINK in services, f"no {SMTP_SINK} service: mail has nowhere to go"
    sink = services[SMTP_SINK]
    assert _has_healthcheck(sink), f"{SMTP_SINK} has no healthcheck"
    for name in [spec.name for spec in SERVICES] + [spec.name for spec in PROCESSES if spec.env_of]:
        env = _environment(services[name])
        assert env.get("SMTP_HOST") == SMTP_SINK, f"{name} has SMTP_HOST={env.get('SMTP_HOST')!r}"
        assert env.get("SMTP_PORT") == "1025", (
            f"{name} has SMTP_PORT={env.get('SMTP_PORT')!r}, the sink takes 1025"
        )
    worker = _depends_on(services["notification_worker"])
    assert worker.get(SMTP_SINK) == "service_healthy", "the worker should wait for the mail sink"
    assert any(str(port).split(":")[-1] == "8025" for port in sink.get("ports") or []), (
        "the sink's web UI (8025) is not published, so nobody can read the mail"
    )


def test_nginx_sends_every_path_outside_the_api_prefixes_to_the_web_front(template: str) -> None:
    locations = dict(
        re.findall(r"^\s*location\s+(.+?)\s*\{(.*?)^\s*\}", template, flags=re.DOTALL | re.MULTILINE)
    )
    assert "proxy_pass http://web;" in locations.get("/", ""), (
        "nginx's `location /` does not go to the web front"
    )
    for spec in SERVICES:
        if spec.name == "web":
            continue
        for prefix in (spec.prefix, *spec.extra_prefixes):
            body = locations.get(f"{prefix}/", "")
            assert f"proxy_pass http://{spec.name};" in body, (
                f"nginx no longer routes {prefix}/ to {spec.name}"
            )
