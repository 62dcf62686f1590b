"""The bundle's entry point: ``triage-app`` (commands, and the window with no command).

The export's and demo data's worker processes are started with ``spawn``: in a frozen
application each starts this same executable, which ``freeze_support`` turns into the worker.
"""

import multiprocessing

from triage_app.cli.main import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    main()
