"""Check one file of the course's question bank as the course loads it.

Usage: python tools/check_bank.py datasets/questions/01_lifecycle.yml

Prints every problem of every question (with the strict course model), the
bank-level audit (key length give-aways, key-letter spread, duplicate stems),
and counts by kind, scenario, level, domain and section.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from implcourse import bank_audit, content, quiz


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    path = Path(argv[0])
    raw = content.read_yaml(path)
    entries = raw.get("questions", []) if isinstance(raw, dict) else []
    problems = 0
    good = []
    for entry in entries:
        errors = content.validation_errors(quiz.CourseQuestion, entry)
        if errors:
            problems += len(errors)
            for field, message in errors:
                where = f" [{field}]" if field else ""
                print(f"{entry.get('id', '?')}{where}: {message}")
        else:
            good.append(quiz.CourseQuestion.model_validate(entry))
    for problem in bank_audit.audit(good):
        problems += 1
        print("bank:", problem)
    print(f"{len(good)} valid of {len(entries)} questions; {problems} problems")
    for name in ("kind", "level", "domain", "approach", "section", "difficulty"):
        print(f"  {name}: {dict(sorted(Counter(str(getattr(q, name)) for q in good).items()))}")
    print(f"  scenario: {sum(q.scenario for q in good)} of {len(good)}")
    print(f"  single-choice key letters: {bank_audit.key_letter_spread(good)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
