"""Known vulnerabilities in the locked dependencies (`make audit`, CI).

Exports uv.lock as pinned requirements (every group: the dev tools run in CI too) and asks
pip-audit, which reads PyPI's vulnerability feed, about each package.

Exit status: 0 every package audited, none vulnerable; 1 a known vulnerability (upgrade with
`.tools/bin/uv lock --upgrade-package NAME`); 3 the audit could not be done (feed unreachable,
packages it does not know): that is never reported as a pass, unless --allow-unreachable is
given, which prints the same message and exits 0.
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UV = ROOT / ".tools" / "bin" / "uv"
PIP_AUDIT = Path(sys.executable).parent / "pip-audit"
NOT_AUDITED = 3
SHOWN = 5  # unaudited packages listed; they usually all fail for the same reason


def export_requirements(target: Path) -> None:
    uv = str(UV) if UV.exists() else shutil.which("uv") or "uv"
    subprocess.run(  # noqa: S603 - fixed arguments
        [uv, "export", "--frozen", "--all-groups", "--no-emit-project", "--no-hashes",
         "--format", "requirements-txt", "--quiet", "-o", str(target)],
        cwd=ROOT,
        check=True,
    )  # fmt: skip


def run_pip_audit(requirements: Path, report: Path) -> subprocess.CompletedProcess:
    # --no-deps: the export already pins the whole closure; --disable-pip: nothing is installed.
    return subprocess.run(  # noqa: S603 - fixed arguments
        [str(PIP_AUDIT), "--requirement", str(requirements), "--no-deps", "--disable-pip",
         "--format", "json", "--output", str(report), "--progress-spinner", "off"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )  # fmt: skip


def judge(result: dict) -> tuple[int, list[str]]:
    """The exit status and the lines to print for pip-audit's JSON report."""
    vulnerable, skipped = [], []
    for dep in result["dependencies"]:
        if dep.get("skip_reason"):
            skipped.append(f"  {dep['name']}: {dep['skip_reason']}")
        for vuln in dep.get("vulns", []):
            fixed = ", ".join(vuln["fix_versions"]) or "no fixed version yet"
            vulnerable.append(f"  {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixed})")
    audited = len(result["dependencies"]) - len(skipped)
    lines = [f"pip-audit: {audited} of {len(result['dependencies'])} locked packages audited."]
    if vulnerable:
        lines += ["Known vulnerabilities:", *vulnerable]
        lines.append("Upgrade each with: .tools/bin/uv lock --upgrade-package NAME")
    if skipped:
        lines.append(f"NOT AUDITED: {len(skipped)} (the vulnerability feed did not answer), e.g.")
        lines += skipped[:SHOWN]
    if vulnerable:
        return 1, lines
    return (NOT_AUDITED if skipped else 0), lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--allow-unreachable",
        action="store_true",
        help="exit 0, saying so, when the audit could not be done (vulnerabilities still fail)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        requirements, report = Path(tmp) / "requirements.txt", Path(tmp) / "audit.json"
        export_requirements(requirements)
        completed = run_pip_audit(requirements, report)
        try:
            status, lines = judge(json.loads(report.read_text()))
        except (OSError, ValueError):
            status = NOT_AUDITED
            lines = ["NOT AUDITED: pip-audit gave no report.", completed.stderr.strip()]
    print("\n".join(lines))
    if status == NOT_AUDITED:
        print(
            "The dependency audit could NOT be done: pip-audit needs "
            "https://pypi.org/pypi/NAME/VERSION/json (PyPI's vulnerability feed).",
            file=sys.stderr,
        )
        if args.allow_unreachable:
            return 0
    return status


if __name__ == "__main__":
    sys.exit(main())
