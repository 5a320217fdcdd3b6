import sys

from loslaten.cli import main

sys.exit(main())
