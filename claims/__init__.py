"""claims: a claim-versus-counterclaim tracker for fact-checkers."""

__version__ = "0.1.0"
