"""How fast is the assessment? (Goals of issue 12: loading and validating the
whole question bank takes under 0.3 s; recording one attempt under 5 ms at the
median; the mastery report over 1,000,000 records under 1 s.)

    .venv/bin/python benchmarks/assessment_speed.py [--records 1000000] [--writes 300]

Figures, each with a ratio to a baseline measured in the same run:

1. loading and validating the whole bank (every file read, parsed, each
   question checked by its model, numeric templates drawn once), against
   only parsing the same YAML files with PyYAML's C loader (the floor for
   any loader that reads them);
2. building a 185-question PMP-style exam (choosing, drawing the numbers,
   shuffling) and scoring it with its breakdowns, against loading the bank;
3. and 4. the progress store's figures, from ``benchmarks/progress_speed.py``
   (one attempt recorded; the mastery report over ``--records`` records,
   against the former JSON-lines store).

These are figures, not a pass/fail test: the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import yaml  # noqa: E402

from implcourse import exam, quiz  # noqa: E402


def load_whole_bank() -> int:
    """The bank as a learner's first knowledge check loads it: nothing cached."""
    quiz._all_questions.cache_clear()
    return len(quiz.load_bank())


def parse_only() -> int:
    files = sorted((quiz.datasets_dir() / quiz.QUESTIONS_DIR).glob("*.yml"))
    return sum(len(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
                   ["questions"]) for path in files)


def median_seconds(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--writes", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=7)
    options = parser.parse_args(argv)

    # A cold first load (modules and pydantic models warmed by nothing else).
    start = time.perf_counter()
    count = load_whole_bank()
    cold = time.perf_counter() - start
    bank = median_seconds(load_whole_bank, options.repeat)
    floor = median_seconds(parse_only, options.repeat)
    print(f"load and validate the whole bank ({count} questions): median {bank:.3f} s, "
          f"first load in this process {cold:.3f} s (goal < 0.3 s); YAML parse only "
          f"{floor:.3f} s; ratio {bank / floor:.1f}x")

    def exam_round():
        built = exam.build_exam("pmp_eco_2026", seed=3)
        result = exam.simulate_candidate(built, {1: 0.8, 2: 0.65, 3: 0.5}, seed=3)
        for by in ("domain", "topic", "difficulty"):
            result.breakdown(by)
        result.weakest(5)
        result.review()

    quiz.load_bank()  # cached, as in a session
    build = median_seconds(exam_round, max(3, options.repeat // 2))
    print(f"build and score a 185-question PMP-style exam: median {build:.3f} s; ratio to "
          f"loading the bank {build / bank:.1f}x")

    import progress_speed

    return progress_speed.main(["--records", str(options.records),
                                "--writes", str(options.writes)])


if __name__ == "__main__":
    sys.exit(main())
