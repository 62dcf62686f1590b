"""Staff accounts, roles and sign-in: who may do what, and proof that they are who they say.

Kept free of Qt so the window, the command line and scripts share one set of rules. The
modules are imported directly (``triage_app.accounts.roles`` …); nothing is re-exported
here, so ``triage_app.config`` can import the policy without pulling in the database layer.
"""
