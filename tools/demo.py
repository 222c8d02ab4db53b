"""The quick start's main job, offline: `pulumi up` and `pulumi destroy` of an example.

Starts the bundled emulator seeded with the example's seed.json, deploys the example with
the real Pulumi CLI and a local file backend, prints the rule's bound scenarios in order,
destroys the stack and stops the emulator. With `--example full-routing` it prints the
application's rules in routing order, edits one scenario file and shows the API calls the
next `pulumi up` makes (one SetScenarioInfo), and after `pulumi destroy` compares the
emulator with its seeded state. Run through `tools/demo`, which prepares the virtualenv and
the CLI first.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pulumi_voxbind import Credentials, VoximplantClient
from pulumi_voxbind.emulator import EmulatorProcess

ROOT = Path(__file__).resolve().parent.parent


def offline_env(work: Path, emulator_url: str, credentials: Path) -> dict[str, str]:
    """Environment for the Pulumi CLI: file backend, no network, emulator credentials."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PULUMI_ACCESS")}
    env.update({
        "PULUMI_HOME": str(work / "pulumi-home"),
        "PULUMI_BACKEND_URL": f"file://{work / 'state'}",
        "PULUMI_CONFIG_PASSPHRASE": "",
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        "PULUMI_DIY_BACKEND_NO_LEGACY_WARNING": "true",
        "PULUMI_PYTHON_CMD": sys.executable,
        "VOXIMPLANT_API_URL": emulator_url,
        "VOXIMPLANT_CREDENTIALS": str(credentials),
    })
    (work / "state").mkdir(parents=True, exist_ok=True)
    return env


def pulumi(args: list[str], cwd: Path, env: dict[str, str]) -> None:
    """Run one Pulumi command, streaming its output; stop the demo if it fails."""
    print(f"\n$ pulumi {' '.join(args)}", flush=True)
    subprocess.run(["pulumi", *args, "--non-interactive"], cwd=cwd, env=env, check=True)


def print_rule(client: VoximplantClient, application: str, rule: str, *,
               may_be_gone: bool = False) -> None:
    """Print the scenarios the rule runs, in execution order, as the API reports them.

    After a destroy the application may be gone (a stack that created or adopted it deletes
    it); `may_be_gone` says so instead of failing.
    """
    app = client.find_application(application_name=application)
    if app is None and may_be_gone:
        print(f"\nApplication {application} is gone: the stack deleted it with its rules.")
        return
    if app is None:
        raise SystemExit(f"application {application!r} not found on the emulator")
    found = client.find_rule(app["application_id"], rule_name=rule, with_scenarios=True)
    names = [s["scenario_name"] for s in (found or {}).get("scenarios") or []]
    print(f"\nRule {rule!r} of {app['application_name']} runs, in order:")
    for index, name in enumerate(names, 1):
        print(f"  {index}. {name}")
    if not names:
        print("  (nothing bound)")


def print_routing(client: VoximplantClient, application: str) -> None:
    """Print the application's rules in routing order, each with its scenarios in order."""
    app = client.find_application(application_name=application)
    if app is None:
        print(f"\nApplication {application!r}: (gone)")
        return
    print(f"\nApplication {app['application_name']} routes calls by the first matching rule:")
    for index, rule in enumerate(client.list_rules(app["application_id"]), 1):
        exclude = rule.get("rule_pattern_exclude")
        unless = f" unless {exclude}" if exclude else ""
        names = ", ".join(s["scenario_name"] for s in rule.get("scenarios") or []) or "nothing"
        print(f"  {index}. {rule['rule_name']}: {rule['rule_pattern']}{unless} -> {names}")


def full_routing(project: Path, env: dict[str, str], emulator: EmulatorProcess) -> None:
    """Deploy, edit one script (one API call), destroy, and check the seed is all that is left."""
    seeded = emulator.snapshot()
    pulumi(["up", "--yes"], project, env)
    outputs = json.loads(subprocess.run(
        ["pulumi", "stack", "output", "--json"], cwd=project, env=env, check=True,
        capture_output=True, text=True).stdout)
    credentials = Credentials.from_file(emulator.credentials_path)
    with VoximplantClient(credentials, endpoint=emulator.url) as client:
        print_routing(client, outputs["application_name"])
        script = project / "scenarios" / "greeting.js"
        print(f"\n# editing {script.relative_to(project)}: one more line")
        script.write_text(script.read_text() + "// edited by tools/demo\n")
        emulator.reset_stats()
        pulumi(["up", "--yes"], project, env)
        calls = emulator.stats()["requests"]
        print(f"\nAPI calls made by that pulumi up: {calls}")
        pulumi(["destroy", "--yes"], project, env)
        print_routing(client, outputs["application_name"])
    left = emulator.snapshot()
    print("\nemulator left as seeded" if left == seeded else
          f"\nemulator differs from its seeded state:\n{json.dumps(left, indent=1)}")


def print_line(client: VoximplantClient, number: str) -> None:
    """Print where a number is bound, as GetPhoneNumbers reports it, and the SIP white list."""
    found = client.find_phone_number(phone_number=number) or {}
    if found.get("application_id") is None:
        print(f"\nNumber +{number}: owned, bound to no application")
    else:
        rule = f", rule {found['rule_name']!r}" if found.get("rule_id") else ""
        print(f"\nNumber +{number} rings application {found['application_name']}{rule}")
    networks = ", ".join(e["sip_whitelist_network"] for e in client.list_sip_whitelist())
    print(f"SIP white list: {networks or '(empty)'}")


def inbound_line(project: Path, env: dict[str, str], emulator: EmulatorProcess) -> None:
    """Deploy the whole line (the token as a secret config value), show it, destroy it."""
    seeded = emulator.snapshot()
    print("\n$ pulumi config set --secret crmToken <a demo token>", flush=True)
    subprocess.run(["pulumi", "config", "set", "--secret", "crmToken", "demo-token-not-real",
                    "--non-interactive"], cwd=project, env=env, check=True)
    pulumi(["up", "--yes"], project, env)
    outputs = json.loads(subprocess.run(
        ["pulumi", "stack", "output", "--json"], cwd=project, env=env, check=True,
        capture_output=True, text=True).stdout)
    credentials = Credentials.from_file(emulator.credentials_path)
    with VoximplantClient(credentials, endpoint=emulator.url) as client:
        print_line(client, outputs["phone_number"])
        print(f"Secret {outputs['secret_name']} is stored in the application; the greeting "
              f"scenario reads it with VoxEngine.getSecretValue")
        pulumi(["destroy", "--yes"], project, env)
        print_line(client, outputs["phone_number"])
    left = emulator.snapshot()
    print("\nemulator left as seeded" if left == seeded else
          f"\nemulator differs from its seeded state:\n{json.dumps(left, indent=1)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--example", default="by-names", help="directory under examples/")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args()
    example = ROOT / "examples" / args.example
    work = Path(tempfile.mkdtemp(prefix="voxbind-demo-"))
    project = work / "project"
    shutil.copytree(example, project)
    emulator = EmulatorProcess(work / "voximplant-key.json", seed=example / "seed.json",
                               state=work / "emulator.sqlite")
    try:
        emulator.start()
        print(f"emulator listening at {emulator.url}")
        env = offline_env(work, emulator.url, emulator.credentials_path)
        pulumi(["stack", "init", "demo"], project, env)
        if args.example == "full-routing":
            full_routing(project, env, emulator)
        elif args.example == "inbound-line":
            inbound_line(project, env, emulator)
        else:
            pulumi(["up", "--yes"], project, env)
            outputs = json.loads(subprocess.run(
                ["pulumi", "stack", "output", "--json"], cwd=project, env=env, check=True,
                capture_output=True, text=True).stdout)
            credentials = Credentials.from_file(emulator.credentials_path)
            rule = outputs.get("rule_name", "inbound")
            with VoximplantClient(credentials, endpoint=emulator.url) as client:
                print_rule(client, outputs["application_name"], rule)
                pulumi(["destroy", "--yes"], project, env)
                print_rule(client, outputs["application_name"], rule, may_be_gone=True)
        pulumi(["stack", "rm", "--yes", "demo"], project, env)
    finally:
        emulator.stop()
        print("emulator stopped")
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
