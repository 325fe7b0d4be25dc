"""Use cases the command line calls. Services take a Session and never commit."""
