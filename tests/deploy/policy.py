"""What a platform team demands of every rendered Kubernetes object (docs/deploy.md, "Checks").

`violations(objects)` lists each breach as one line: a container without probes, requests or limits, an
image without a pinned tag, a pod that may run as root or escalate, a long-running workload without a
PodDisruptionBudget, an API with fewer than two replicas. The tests run it on every overlay and on
deliberately broken copies, to show it catches what it should."""

from collections.abc import Iterator
from typing import Any

WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"}
LONG_RUNNING = {"Deployment", "StatefulSet", "DaemonSet"}


def pod_spec(obj: dict[str, Any]) -> dict[str, Any]:
    template = (
        obj["spec"]["jobTemplate"]["spec"]["template"]
        if obj["kind"] == "CronJob"
        else obj["spec"]["template"]
    )
    return template["spec"]


def containers(obj: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    spec = pod_spec(obj)
    for kind in ("initContainers", "containers"):
        for container in spec.get(kind) or []:
            yield kind, container


def _name(obj: dict[str, Any]) -> str:
    return f"{obj['kind']}/{obj['metadata']['name']}"


def image_problem(image: str) -> str | None:
    """Why an image reference is not pinned to a release, or None."""
    if "@sha256:" in image:
        return None
    last = image.rsplit("/", 1)[-1]
    if ":" not in last:
        return "has no tag"
    tag = last.rsplit(":", 1)[1]
    if tag in {"latest", "stable", "main", "master", "dev", "edge"} or not any(ch.isdigit() for ch in tag):
        return f"uses the moving tag {tag!r}"
    return None


def _container_violations(obj: dict[str, Any], pod: dict[str, Any]) -> Iterator[str]:
    pod_security = pod.get("securityContext") or {}
    for kind, container in containers(obj):
        where = f"{_name(obj)} {kind[:-1]} {container['name']}"
        problem = image_problem(container.get("image", ""))
        if problem:
            yield f"{where}: image {container.get('image')!r} {problem}"
        resources = container.get("resources") or {}
        for part in ("requests", "limits"):
            for resource in ("cpu", "memory"):
                if resource not in (resources.get(part) or {}):
                    yield f"{where}: no {resource} {part[:-1]}"
        security = container.get("securityContext") or {}
        non_root = security.get("runAsNonRoot", pod_security.get("runAsNonRoot"))
        user = security.get("runAsUser", pod_security.get("runAsUser"))
        if non_root is not True:
            yield f"{where}: may run as root (runAsNonRoot is not true)"
        if user == 0:
            yield f"{where}: runs as root (runAsUser 0)"
        if security.get("privileged"):
            yield f"{where}: is privileged"
        if security.get("allowPrivilegeEscalation") is not False:
            yield f"{where}: allowPrivilegeEscalation is not false"
        if "ALL" not in ((security.get("capabilities") or {}).get("drop") or []):
            yield f"{where}: does not drop all capabilities"
        if security.get("readOnlyRootFilesystem") is not True:
            yield f"{where}: root filesystem is writable"
        if kind == "containers" and obj["kind"] in LONG_RUNNING:
            for probe in ("readinessProbe", "livenessProbe"):
                if not container.get(probe):
                    yield f"{where}: no {probe}"


def _pod_violations(obj: dict[str, Any], pod: dict[str, Any]) -> Iterator[str]:
    for flag in ("hostNetwork", "hostPID", "hostIPC"):
        if pod.get(flag):
            yield f"{_name(obj)}: {flag}"
    if any("hostPath" in volume for volume in pod.get("volumes") or []):
        yield f"{_name(obj)}: mounts a hostPath"
    if ((pod.get("securityContext") or {}).get("seccompProfile") or {}).get("type") != "RuntimeDefault":
        yield f"{_name(obj)}: no RuntimeDefault seccomp profile"
    if pod.get("automountServiceAccountToken") is not False:
        yield f"{_name(obj)}: mounts a service account token it does not need"


def _matches(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    return all(labels.get(key) == value for key, value in (selector.get("matchLabels") or {}).items())


def violations(objects: list[dict[str, Any]], *, min_replicas: int = 1) -> list[str]:
    """Every breach of the policy in a rendered overlay; `min_replicas` is what each Deployment needs."""
    found: list[str] = []
    budgets = [o for o in objects if o["kind"] == "PodDisruptionBudget"]
    for obj in objects:
        if obj["kind"] not in WORKLOADS:
            continue
        pod = pod_spec(obj)
        found += _pod_violations(obj, pod)
        found += _container_violations(obj, pod)
        if obj["kind"] == "Deployment":
            if obj["spec"].get("replicas", 1) < min_replicas:
                found.append(
                    f"{_name(obj)}: {obj['spec'].get('replicas', 1)} replicas, at least {min_replicas}"
                )
            labels = obj["spec"]["template"]["metadata"].get("labels") or {}
            if not any(_matches(b["spec"]["selector"], labels) for b in budgets):
                found.append(f"{_name(obj)}: no PodDisruptionBudget")
    return found
