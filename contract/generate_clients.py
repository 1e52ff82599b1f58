"""Generate the clients nobody on the project chose from schema/openapi.yaml, into build/contract/clients/.

    python contract/generate_clients.py     (the contract virtualenv's Python; `make contract-clients` runs it)

- openapi-generator 7.26.0 (`openapi-generator-cli`, Java 17): a Python client (`python`, package `eventapi_oag`)
  and a TypeScript client (`typescript-fetch`), options in contract/openapi-generator/<generator>.yaml;
- datamodel-code-generator 0.89.0: pydantic v2 models, options in contract/datamodel/pyproject.toml;
- then `tsc -p contract/clients` type-checks contract/clients/oag_typescript.ts with the TypeScript client (strict)
  and compiles it to build/contract/clients/typescript-test/.

Every warning a generator prints is listed with where it came from; one not in contract/generator-warnings.txt fails
the run (exit 1), and so does a generator's or tsc's failure. Generation is also validated by openapi-generator's own
spec validation (on by default). Each generator's full output is kept in build/contract/clients/<name>.log.
"""

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = REPO / "build/contract/clients"
BIN = Path(sys.executable).parent
SCHEMA = REPO / "schema/openapi.yaml"

OAG_WARNING = re.compile(r"^\[[^\]]*\] WARN\s+(\S+) - (.*)$")
# Python's warnings as printed on stderr: "path:line: Category: message"
PY_WARNING = re.compile(r"^\S+:\d+: (\w*Warning): (.*)$")


def allowed_warnings():
    allowed = set()
    for line in (HERE / "generator-warnings.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            generator, message = (part.strip() for part in line.split("|", 1))
            allowed.add((generator, message))
    return allowed


def run(name, command, cwd=REPO):
    started = time.monotonic()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    output = result.stdout + result.stderr
    (OUT / f"{name}.log").write_text(f"$ {' '.join(map(str, command))}\n{output}")
    print(
        f"{name}: exit {result.returncode} in {time.monotonic() - started:.1f} s ({OUT.relative_to(REPO)}/{name}.log)"
    )
    return result.returncode, output


def write_operations():
    """build/contract/clients/operations.json, what contract/clients/oag_typescript.ts needs of the schema: for each
    operation with a JSON 200 response, its model, its path parameter and (for a page) the model of its items."""
    schema = yaml.safe_load(SCHEMA.read_text())
    name = lambda reference: reference.rsplit("/", 1)[1]  # noqa: E731
    operations = {}
    for item in schema["paths"].values():
        for operation in item.values():
            try:
                model = name(operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"])
            except (KeyError, TypeError):
                continue
            path = [parameter["name"] for parameter in operation.get("parameters", []) if parameter["in"] == "path"]
            results = schema["components"]["schemas"][model].get("properties", {}).get("results", {})
            operations[operation["operationId"]] = {
                "model": model,
                **({"keyParameter": path[0]} if path else {}),
                **({"itemModel": name(results["items"]["$ref"])} if "$ref" in results.get("items", {}) else {}),
            }
    (OUT / "operations.json").write_text(json.dumps(operations, indent=1))


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    write_operations()
    allowed = allowed_warnings()
    warnings, problems = [], []

    for generator in ("python", "typescript-fetch"):
        status, output = run(f"openapi-generator-{generator}", [
            BIN / "openapi-generator-cli", "generate", "-g", generator, "-i", SCHEMA,
            "-c", HERE / f"openapi-generator/{generator}.yaml",
            "-o", OUT / ("python" if generator == "python" else "typescript"),
        ])  # fmt: skip
        if status:
            problems.append(f"openapi-generator {generator} failed (exit {status})")
        seen = set()
        for line in output.splitlines():
            match = OAG_WARNING.match(line)
            if match and (match.group(1), match.group(2)) not in seen:
                seen.add((match.group(1), match.group(2)))
                count = sum(1 for other in output.splitlines() if other.endswith(match.group(2)))
                warnings.append((f"openapi-generator {generator}", match.group(2), f"{match.group(1)}, {count}x"))
            elif " INFO " in line and ("Inline schema created" in line or "not defined in the spec" in line):
                print(f"  note ({generator}): {line.split(' - ', 1)[-1]}")

    status, output = run("datamodel-code-generator", [BIN / "datamodel-codegen"], cwd=HERE / "datamodel")
    if status:
        problems.append(f"datamodel-code-generator failed (exit {status})")
    for line in output.splitlines():
        match = PY_WARNING.match(line)
        if match:
            warnings.append(("datamodel-code-generator", match.group(2), match.group(1)))

    npx_tsc = REPO / "node_modules/.bin/tsc"
    status, output = run("tsc", [npx_tsc, "-p", HERE / "clients"])
    if status:
        problems.append(
            f"tsc: the typescript-fetch client and contract/clients/oag_typescript.ts do not type-check:\n{output}"
        )
    # The project's package.json may say "type": "module"; the compiled test is CommonJS.
    (OUT / "typescript-test").mkdir(exist_ok=True)
    (OUT / "typescript-test/package.json").write_text('{"type": "commonjs"}\n')

    print("\nGenerator warnings:" if warnings else "\nGenerator warnings: none")
    for generator, message, where in warnings:
        verdict = "allowed (contract/generator-warnings.txt)" if (generator, message) in allowed else "FINDING"
        print(f"  [{verdict}] {generator} ({where}): {message}")
        if (generator, message) not in allowed:
            problems.append(f"{generator}: warning: {message}")
    for problem in problems:
        print(f"FAILED {problem}")
    print(f"generate_clients: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
