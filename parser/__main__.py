"""`python -m parser`: build docs.db from a Sphinx HTML build."""

import sys

from parser.cli import main

sys.exit(main())
