#!/usr/bin/env python3
"""Build, check and preview a scrutiny site: python build.py --help"""

import sys

from scrutinypack.cli import main

if __name__ == "__main__":
    sys.exit(main())
