"""deploy/k8s, checked offline: `kubectl kustomize` renders each overlay, every object validates against
the schemas of the pinned Kubernetes version (kubernetes-validate, strict: unknown fields are errors),
and the policy (tests/deploy/policy.py) holds. Broken copies show that the checks catch what they
should. There is no cluster here; docs/deploy.md says what this does not prove."""

import base64
import copy
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import kubernetes_validate
import pytest
import yaml

from devstack.services import SERVICES, URL_SETTINGS
from tests.deploy.policy import containers, image_problem, pod_spec, violations

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
KUBERNETES_VERSION = "1.32.0"  # the version the manifests target (docs/deploy.md)
OVERLAYS = ("dev", "prod")
# Secrets the prod overlay expects in the cluster (created from a secret store, never from git).
PROD_EXTERNAL_SECRETS = {
    *(f"kinoclub-{spec.name.replace('_', '-')}" for spec in SERVICES),
    "kinoclub-auth-keys",
    "kinoclub-pgbouncer-users",
    "kinoclub-tls",
}


def render(path: Path) -> list[dict[str, Any]]:
    kubectl = shutil.which("kubectl")
    assert kubectl, "kubectl (with kustomize built in) is needed to render deploy/k8s"
    result = subprocess.run([kubectl, "kustomize", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"kubectl kustomize {path} failed:\n{result.stderr}"
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


@pytest.fixture(scope="module")
def rendered() -> dict[str, list[dict[str, Any]]]:
    return {overlay: render(K8S / "overlays" / overlay) for overlay in OVERLAYS}


def schema_errors(objects: list[dict[str, Any]]) -> list[str]:
    errors = []
    for obj in objects:
        try:
            kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            where = ".".join(str(part) for part in exc.path)
            errors.append(f"{obj['kind']}/{obj['metadata']['name']}: {where}: {exc.message}")
        except kubernetes_validate.SchemaNotFoundError:
            errors.append(f"{obj['kind']}/{obj['metadata']['name']}: no schema for {obj['apiVersion']}")
    return errors


def of_kind(objects: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {obj["metadata"]["name"]: obj for obj in objects if obj["kind"] == kind}


def dns(package: str) -> str:
    return package.replace("_", "-")


# -- render and validate ------------------------------------------------------------------------------


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_rendered_object_validates_against_the_pinned_kubernetes_schemas(
    rendered: dict[str, list[dict[str, Any]]], overlay: str
) -> None:
    objects = rendered[overlay]
    assert len(objects) > 40, f"{overlay} renders only {len(objects)} objects"
    assert schema_errors(objects) == []


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_rendered_object_meets_the_policy(
    rendered: dict[str, list[dict[str, Any]]], overlay: str
) -> None:
    assert violations(rendered[overlay], min_replicas=1 if overlay == "dev" else 2) == []


def test_the_base_alone_renders_and_runs_every_api_twice() -> None:
    base = render(K8S / "base")
    assert schema_errors(base) == []
    assert violations(base, min_replicas=2) == []


# -- what the deployment is made of -------------------------------------------------------------------


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_service_is_a_deployment_with_probes_on_its_prefix_a_service_autoscaler_and_budget(
    rendered: dict[str, list[dict[str, Any]]], overlay: str
) -> None:
    objects = rendered[overlay]
    deployments, services = of_kind(objects, "Deployment"), of_kind(objects, "Service")
    autoscalers, budgets = (
        of_kind(objects, "HorizontalPodAutoscaler"),
        of_kind(objects, "PodDisruptionBudget"),
    )
    for spec in SERVICES:
        name = dns(spec.name)
        deployment = deployments[name]
        app = next(c for kind, c in containers(deployment) if kind == "containers")
        assert app["readinessProbe"]["httpGet"]["path"] == f"{spec.prefix}/ready", name
        assert app["livenessProbe"]["httpGet"]["path"] == f"{spec.prefix}/health", name
        assert app["command"][:3] == ["uvicorn", f"{spec.name}.main:create_app", "--factory"], name
        assert (
            name in services
            and services[name]["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"]
        )
        metrics = autoscalers[name]["spec"]["metrics"]
        assert [m["resource"]["name"] for m in metrics] == ["cpu"], name
        assert name in budgets, name
        if spec.has_database:
            waits = [c for kind, c in containers(deployment) if kind == "initContainers"]
            assert [c["command"][-2:] for c in waits] == [["--wait-for-schema", spec.name]], name


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_relay_and_the_worker_are_deployments_of_their_own_with_their_services_settings(
    rendered: dict[str, list[dict[str, Any]]], overlay: str
) -> None:
    deployments = of_kind(rendered[overlay], "Deployment")
    for name, module, owner in (
        ("booking-relay", "booking_api.outbox.relay", "booking-api"),
        ("notification-worker", "notification.worker", "notification"),
    ):
        app = next(c for kind, c in containers(deployments[name]) if kind == "containers")
        assert app["command"] == ["python", "-m", module]
        owner_app = next(c for kind, c in containers(deployments[owner]) if kind == "containers")
        assert app["image"] == owner_app["image"] and app["envFrom"] == owner_app["envFrom"], name
        assert "exec" in app["livenessProbe"] and "READY_FILE" in {e["name"] for e in app["env"]}
        if overlay == "prod":
            assert deployments[name]["spec"]["replicas"] >= 2


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_migrations_run_once_per_release_as_a_job_per_service_database(
    rendered: dict[str, list[dict[str, Any]]], overlay: str
) -> None:
    jobs = of_kind(rendered[overlay], "Job")
    assert list(jobs) == ["kinoclub-migrate"]
    job = jobs["kinoclub-migrate"]
    assert pod_spec(job)["restartPolicy"] == "Never"
    migrated = {c["command"][-1] for _, c in containers(job)}
    assert migrated == {spec.name for spec in SERVICES if spec.has_database}
    for _, container in containers(job):
        assert container["command"][:2] == ["python", "/app/docker/prestart.py"]
        assert container["envFrom"][-1]["secretRef"]["name"].startswith(
            f"kinoclub-{dns(container['command'][-1])}"
        )


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_ingress_routes_the_same_prefixes_as_nginx(
    rendered: dict[str, list[dict[str, Any]]], overlay: str
) -> None:
    ingress = of_kind(rendered[overlay], "Ingress")["kinoclub"]
    routes = {
        path["path"]: path["backend"]["service"]["name"]
        for path in ingress["spec"]["rules"][0]["http"]["paths"]
    }
    expected = {"/": "web"}
    for spec in SERVICES:
        if spec.name != "web":
            expected |= {prefix: dns(spec.name) for prefix in (spec.prefix, *spec.extra_prefixes)}
    assert routes == expected
    template = (ROOT / "nginx" / "kinoclub.conf.template").read_text()
    for prefix, service in expected.items():
        if prefix != "/":
            upstream = service.replace("-", "_")
            block = template.split(f"location {prefix}/ {{", 1)[1].split("\n    }", 1)[0]
            assert f"proxy_pass http://{upstream};" in block, f"nginx does not send {prefix}/ to {upstream}"
    limited = of_kind(rendered[overlay], "Ingress")["kinoclub-sign-in"]
    assert limited["metadata"]["annotations"]["nginx.ingress.kubernetes.io/limit-rps"]
    assert {p["path"] for p in limited["spec"]["rules"][0]["http"]["paths"]} == {
        "/auth/v1/login",
        "/signin",
        "/signup",
    }


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_services_reach_each_other_by_service_name_and_log_gelf_to_a_configured_graylog(
    rendered: dict[str, list[dict[str, Any]]], overlay: str
) -> None:
    objects = rendered[overlay]
    config = next(
        c for name, c in of_kind(objects, "ConfigMap").items() if name.startswith("kinoclub-config")
    )
    services = of_kind(objects, "Service")
    for package, setting in URL_SETTINGS.items():
        url = urlsplit(config["data"][setting])
        assert url.hostname == dns(package) and url.hostname in services, setting
        assert url.port in (None, services[url.hostname]["spec"]["ports"][0]["port"])
    assert "GRAYLOG_HOST" in config["data"] and config["data"]["GRAYLOG_PORT"] == "12201"
    gelf = of_kind(objects, "NetworkPolicy")["gelf"]["spec"]["egress"][0]["ports"]
    assert gelf == [{"protocol": "UDP", "port": 12201}]


def test_prod_keeps_no_secret_in_git_and_names_only_the_secrets_it_documents(
    rendered: dict[str, list[dict[str, Any]]],
) -> None:
    objects = rendered["prod"]
    assert of_kind(objects, "Secret") == {}, "prod secrets come from the cluster's secret store"
    referenced = set()
    for obj in objects:
        if obj["kind"] not in {"Deployment", "Job", "StatefulSet"}:
            continue
        spec = pod_spec(obj)
        referenced |= {v["secret"]["secretName"] for v in spec.get("volumes") or [] if "secret" in v}
        for _, container in containers(obj):
            referenced |= {e["secretRef"]["name"] for e in container.get("envFrom") or [] if "secretRef" in e}
    for ingress in of_kind(objects, "Ingress").values():
        referenced |= {tls["secretName"] for tls in ingress["spec"].get("tls") or []}
    assert referenced == PROD_EXTERNAL_SECRETS
    readme = (ROOT / "docs" / "deploy.md").read_text()
    for name in PROD_EXTERNAL_SECRETS - {f"kinoclub-{dns(spec.name)}" for spec in SERVICES}:
        assert name in readme, f"docs/deploy.md does not say how to create {name}"


def test_prod_reaches_postgresql_only_through_pgbouncer_and_redis_outside_the_cluster(
    rendered: dict[str, list[dict[str, Any]]],
) -> None:
    objects = rendered["prod"]
    assert "postgres" not in of_kind(objects, "StatefulSet") and "redis" not in of_kind(
        objects, "StatefulSet"
    )
    pgbouncer = of_kind(objects, "Deployment")["pgbouncer"]
    assert pgbouncer["spec"]["template"]["metadata"]["labels"]["kinoclub.example/role"] == "database"
    ini = next(c for n, c in of_kind(objects, "ConfigMap").items() if n.startswith("pgbouncer"))["data"]
    assert re.search(r"^pool_mode = transaction$", ini["pgbouncer.ini"], flags=re.M)
    assert re.search(r"^max_prepared_statements = [1-9]", ini["pgbouncer.ini"], flags=re.M)
    cache = of_kind(objects, "NetworkPolicy")["cache-clients"]["spec"]["egress"][0]["to"]
    assert all("ipBlock" in peer for peer in cache)
    api = [
        d
        for d in of_kind(objects, "Deployment").values()
        if d["metadata"]["labels"].get("app.kubernetes.io/component") == "api"
    ]
    assert api and all(d["spec"]["replicas"] >= 3 for d in api)


def test_dev_runs_one_replica_of_each_with_postgresql_and_redis_in_the_cluster(
    rendered: dict[str, list[dict[str, Any]]],
) -> None:
    objects = rendered["dev"]
    assert {d["spec"]["replicas"] for d in of_kind(objects, "Deployment").values()} == {1}
    assert {h["spec"]["maxReplicas"] for h in of_kind(objects, "HorizontalPodAutoscaler").values()} == {1}
    assert {"postgres", "redis"} <= set(of_kind(objects, "StatefulSet"))
    # Dev credentials: one database role and one Redis user per service, each limited to its own.
    secrets = {name.rsplit("-", 1)[0]: s for name, s in of_kind(objects, "Secret").items()}
    acl = base64.b64decode(secrets["redis-acl"]["data"]["users.acl"]).decode()
    for spec in SERVICES:
        assert f"user {spec.name} on " in acl and f"~kinoclub:{spec.name}:* " in acl
        env = {
            k: base64.b64decode(v).decode() for k, v in secrets[f"kinoclub-{dns(spec.name)}"]["data"].items()
        }
        assert urlsplit(env["REDIS_URL"]).username == spec.name
        if spec.has_database:
            assert urlsplit(env["DATABASE_URL"]).username == spec.name
    clients = json.loads(base64.b64decode(secrets["kinoclub-auth-api"]["data"]["SERVICE_CLIENTS"]).decode())
    assert set(clients) == {spec.name for spec in SERVICES}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_network_policies_deny_by_default_and_let_only_the_ingress_and_callers_reach_each_api(
    rendered: dict[str, list[dict[str, Any]]], overlay: str
) -> None:
    policies = of_kind(rendered[overlay], "NetworkPolicy")
    deny = policies["default-deny"]["spec"]
    assert deny["podSelector"] == {} and set(deny["policyTypes"]) == {"Ingress", "Egress"}
    assert "ingress" not in deny and "egress" not in deny
    web_from = policies["web"]["spec"]["ingress"][0]["from"]
    assert web_from == [
        {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}}
    ]
    booking_from = [
        peer.get("podSelector", {}).get("matchLabels")
        for peer in policies["booking-api"]["spec"]["ingress"][0]["from"]
    ]
    assert booking_from[1:] == [{"app.kubernetes.io/name": "web"}]
    for name in ("booking-relay", "notification-worker"):
        assert "Ingress" in policies[name]["spec"]["policyTypes"] and not policies[name]["spec"].get(
            "ingress"
        )


# -- the checks catch what they should (negative cases) ----------------------------------------------


def _booking(objects: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, Any], dict[str, Any]]:
    broken = copy.deepcopy(objects)
    deployment = next(
        o for o in broken if o["kind"] == "Deployment" and o["metadata"]["name"] == "booking-api"
    )
    app = deployment["spec"]["template"]["spec"]["containers"][0]
    return broken, deployment, app


BREAKAGES = {
    "no readiness probe": (lambda d, app: app.pop("readinessProbe"), "no readinessProbe"),
    "no liveness probe": (lambda d, app: app.pop("livenessProbe"), "no livenessProbe"),
    "no memory limit": (lambda d, app: app["resources"]["limits"].pop("memory"), "no memory limit"),
    "no requests": (lambda d, app: app["resources"].pop("requests"), "no cpu request"),
    "latest tag": (lambda d, app: app.update(image="kinoclub/booking_api:latest"), "moving tag 'latest'"),
    "untagged image": (lambda d, app: app.update(image="kinoclub/booking_api"), "has no tag"),
    "root user": (
        lambda d, app: d["spec"]["template"]["spec"]["securityContext"].update(
            runAsUser=0, runAsNonRoot=False
        ),
        "runs as root",
    ),
    "no security context": (
        lambda d, app: app.pop("securityContext"),
        "allowPrivilegeEscalation is not false",
    ),
    "writable root filesystem": (
        lambda d, app: app["securityContext"].update(readOnlyRootFilesystem=False),
        "root filesystem is writable",
    ),
    "one replica": (lambda d, app: d["spec"].update(replicas=1), "1 replicas, at least 2"),
    "host network": (lambda d, app: d["spec"]["template"]["spec"].update(hostNetwork=True), "hostNetwork"),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_the_policy_catches_a_deliberately_broken_manifest(
    rendered: dict[str, list[dict[str, Any]]], breakage: str
) -> None:
    broken, deployment, app = _booking(rendered["prod"])
    change, expected = BREAKAGES[breakage]
    change(deployment, app)
    found = violations(broken, min_replicas=2)
    assert any(line.startswith("Deployment/booking-api") and expected in line for line in found), found


def test_the_policy_catches_a_deployment_without_a_disruption_budget(
    rendered: dict[str, list[dict[str, Any]]],
) -> None:
    broken = [
        o
        for o in rendered["prod"]
        if not (o["kind"] == "PodDisruptionBudget" and o["metadata"]["name"] == "web")
    ]
    assert violations(broken, min_replicas=2) == ["Deployment/web: no PodDisruptionBudget"]


@pytest.mark.parametrize(
    "change",
    ["a misspelt field", "a string where a number goes", "a missing required field"],
)
def test_schema_validation_catches_a_deliberately_broken_manifest(
    rendered: dict[str, list[dict[str, Any]]], change: str
) -> None:
    _, deployment, app = _booking(rendered["dev"])
    if change == "a misspelt field":
        app["readinessprobe"] = app.pop("readinessProbe")
    elif change == "a string where a number goes":
        deployment["spec"]["replicas"] = "two"
    else:
        del deployment["spec"]["selector"]
    errors = schema_errors([deployment])
    assert len(errors) == 1 and errors[0].startswith("Deployment/booking-api"), errors


def test_a_broken_kustomization_fails_to_render(tmp_path: Path) -> None:
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "kustomization.yaml").write_text(
        f"resources:\n  - {K8S / 'base'}\npatches:\n  - path: missing-patch.yaml\n"
    )
    with pytest.raises(AssertionError, match="kubectl kustomize"):
        render(overlay)


@pytest.mark.parametrize(
    ("image", "problem"),
    [
        ("kinoclub/web:0.1.0", None),
        ("postgres:16.4-bookworm", None),
        ("registry.kinoclub.example:5000/kinoclub/web:0.1.0", None),
        ("kinoclub/web@sha256:" + "a" * 64, None),
        ("registry.kinoclub.example:5000/kinoclub/web", "has no tag"),
        ("redis", "has no tag"),
        ("redis:latest", "uses the moving tag 'latest'"),
        ("redis:alpine", "uses the moving tag 'alpine'"),
    ],
)
def test_an_image_is_pinned_only_by_a_versioned_tag_or_a_digest(image: str, problem: str | None) -> None:
    assert image_problem(image) == problem
