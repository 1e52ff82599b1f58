"""One line per Schemathesis failure, from the JUnit reports of contract/run_schemathesis.py, grouped by kind.

    python contract/summarize_failures.py build/contract/schemathesis/anonymous/junit.xml [...] [--markdown FILE]

A failure is printed as `CODES STATUS error-code operation: what the body says` with the curl that reproduces it
(the server it names is gone once the stage ends: rerun the stage with the same seed, or start one with
contract/live_server.py). Standard library only.
"""

import argparse
import json
import re
import sys
import xml.etree.ElementTree as ElementTree
from collections import defaultdict

CASE = re.compile(r"^\d+\. Test Case ID: (\S+)", re.M)
STATUS = re.compile(r"^\[(\d{3})\] ([^:\n]*):?\s*$", re.M)
BODY = re.compile(r"^\s{4}`(.*)`\s*$", re.M)
CURL = re.compile(r"^\s+(curl .*)$", re.M)
CODES = re.compile(r"^- (ST\d{3}) (.+)$", re.M)


def parse(path):
    tree = ElementTree.parse(path)
    for testcase in tree.iter("testcase"):
        operation = testcase.get("name")
        for failure in testcase.iter("failure"):
            text = failure.text or ""
            for chunk in re.split(r"(?=^\d+\. Test Case ID: )", text, flags=re.M):
                if not CASE.search(chunk):
                    continue
                status = STATUS.search(chunk)
                body = BODY.search(chunk)
                curl = CURL.search(chunk)
                yield {
                    "operation": operation,
                    "case": CASE.search(chunk).group(1),
                    "codes": [f"{code} {title.strip()}" for code, title in CODES.findall(chunk)],
                    "status": int(status.group(1)) if status else None,
                    "body": body.group(1) if body else "",
                    "curl": curl.group(1) if curl else "",
                    "detail": chunk.strip(),
                }


def describe(body):
    """`code: errors` of an Error body, or its start."""
    try:
        data = json.loads(body)
    except ValueError:
        return body[:200]
    if isinstance(data, dict) and "code" in data:
        errors = data.get("errors") or {}
        detail = "; ".join(f"{field}: {' '.join(messages)[:160]}" for field, messages in errors.items())
        return f"{data['code']}: {detail or data.get('detail', '')}"
    return body[:200]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", nargs="+")
    parser.add_argument("--markdown", help="also write the full list, with each failure's details, to this file")
    arguments = parser.parse_args()
    groups = defaultdict(list)
    total = 0
    for report in arguments.reports:
        try:
            failures = list(parse(report))
        except (OSError, ElementTree.ParseError) as error:
            print(f"{report}: {error}", file=sys.stderr)
            continue
        run = report.rsplit("/", 2)[-2] if "/" in report else report
        for failure in failures:
            total += 1
            failure["run"] = run
            kind = " + ".join(code.split(" ", 1)[0] for code in failure["codes"])
            groups[(kind, failure["status"])].append(failure)
    print(f"{total} failures")
    lines = []
    for (kind, status), failures in sorted(groups.items(), key=lambda item: (item[0][0], item[0][1] or 0)):
        titles = sorted({code for failure in failures for code in failure["codes"]})
        print(f"\n{kind} [{status}] ({len(failures)}): {', '.join(titles)}")
        lines.append(f"\n## {', '.join(titles)}: {status} ({len(failures)})\n")
        for failure in failures:
            print(f"  {failure['run']:9} {failure['operation']:42} {describe(failure['body'])[:220]}")
            print(f"            {failure['curl'][:400]}")
            lines.append(
                f"### {failure['run']}: {failure['operation']} ({failure['case']})\n\n```\n{failure['detail']}\n```\n"
            )
    if arguments.markdown:
        with open(arguments.markdown, "w") as file:
            file.write(f"# Schemathesis failures ({total})\n" + "\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
