"""Run every benchmark in this folder (`make bench`); exit 1 if any target is missed.

python bench/run.py            # full runs
python bench/run.py --quick    # the quick variant of those that have one
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    quick = "--quick" in sys.argv[1:]
    failed = []
    for script in sorted(HERE.glob("bench_*.py")):
        args = [sys.executable, str(script)]
        if quick and "--quick" in script.read_text():
            args.append("--quick")
        print(f"\n== {script.name}", flush=True)
        if subprocess.run(args, cwd=HERE.parent, check=False).returncode != 0:
            failed.append(script.name)
    if failed:
        print(f"\ntargets missed: {', '.join(failed)}")
        return 1
    print("\nall targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
