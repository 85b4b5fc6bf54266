"""Entry point: ``python -m benchmarks --articles 10000 [--out DIR] [--skip-ner]``."""

import sys

from benchmarks.runner import main

sys.exit(main())
